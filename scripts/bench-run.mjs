// Runs one asc-gitops command (the built lib/) and reports its peak RSS for the benchmark.
import { main } from "../lib/cli.js";

const code = await main(process.argv.slice(2));
process.stderr.write(`\nBENCH_MAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
