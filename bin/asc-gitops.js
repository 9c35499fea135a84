#!/usr/bin/env node
// The command line, compiled from src/ into lib/ by `npm run build` (run by `npm ci` through `prepare`).
import module from "node:module";

// Node 22.1 and later keep compiled code between runs (in the system's temporary folder), so later runs start
// sooner; Node 20 has no such call and starts as before.
module.enableCompileCache?.();
await import("../lib/bin.js");
