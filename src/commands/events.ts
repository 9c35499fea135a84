/** What a command shows while the pipeline runs: its findings (notices only with validate) and its progress, on stderr. */
import type { RunEvents } from "../pipeline/options.js";
import type { Output } from "../util/output.js";
import { printDiagnostics } from "./validate.js";

export const printedEvents = (output: Output): RunEvents => ({
  validated: (diagnostics) => printDiagnostics(output, diagnostics.filter((diagnostic) => diagnostic.severity !== "notice")),
  progress: (line) => output.stderr(line),
});
