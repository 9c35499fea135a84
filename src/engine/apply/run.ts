/** The apply run lives in contracts/ (below the engine and the resources, which both use it). */
export * from "../../contracts/apply-run.js";
