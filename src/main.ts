/** The GitHub Action's entry (action.yml runs its bundle, dist/index.js): everything else is in github/action.ts. */
import { run } from "./github/action.js";

await run();
