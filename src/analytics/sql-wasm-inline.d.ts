// sql.js's build with the WebAssembly inlined: one module, nothing to locate at run time (and nothing extra to bundle).
declare module "sql.js/dist/sql-wasm-inline.js" {
  import init from "sql.js";
  export default init;
}
