#!/usr/bin/env node
// The command line, compiled from src/ into lib/ by `npm run build` (run by `npm ci` through `prepare`).
await import("../lib/bin.js");
