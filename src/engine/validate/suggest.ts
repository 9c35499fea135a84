/** "Did you mean" lives in util/ so resources can use it too. */
export { closestMatch } from "../../util/suggest.js";
