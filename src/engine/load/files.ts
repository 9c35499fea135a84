/** What loading the repository yields (the types live in contracts/, below the engine and the resources). */
export type * from "../../contracts/files.js";
