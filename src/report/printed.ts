/**
 * Findings and progress printed as they happen, on the command line's stderr
 * or the action's log: one diagnostic a line, and the pipeline's events
 * (findings without notices, which only validate shows; progress lines).
 */
import { formatDiagnostic, type Diagnostic } from "../contracts/diagnostics.js";
import type { RunEvents } from "../pipeline/options.js";
import { paint, type Output } from "../util/output.js";

export function printDiagnostics(output: Output, diagnostics: readonly Diagnostic[]): void {
  for (const diagnostic of diagnostics) {
    // One diagnostic, one line: formatDiagnostic shows a line break in a file name or key, never prints it.
    const line = formatDiagnostic(diagnostic);
    output.stderr(diagnostic.severity === "error" ? line : paint(output, diagnostic.severity, line));
  }
}

export const printedEvents = (output: Output): RunEvents => ({
  validated: (diagnostics) =>
    printDiagnostics(
      output,
      diagnostics.filter((diagnostic) => diagnostic.severity !== "notice"),
    ),
  progress: (line) => output.stderr(line),
});
