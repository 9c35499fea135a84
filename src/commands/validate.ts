/**
 * `asc-gitops validate`: every file, every rule, one message per line as
 * `path:line:column: message`; exit 1 on errors (or warnings with --strict).
 */
import { formatDiagnostic, type Diagnostic, type Severity } from "../contracts/diagnostics.js";
import { validateRepository, type ValidationResult, type ValidateOptions } from "../engine/validate/index.js";
import { plural } from "../engine/render/describe.js";
import { escapeControls } from "../util/control-chars.js";
import { paint, type Output } from "../util/output.js";

export interface ValidateCommandOptions {
  metadataDir: string;
  screenshotsDir: string;
  /** How the folders were chosen: one named on the command line (or in the action's inputs) must exist. */
  folders?: ValidateOptions["folders"];
  json: boolean;
  strict: boolean;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const diagnostic of diagnostics) counts[diagnostic.severity]++;
  return counts;
}

const listBriefly = (items: readonly string[], shown = 6) =>
  items.length <= shown ? items.join(", ") : `${items.slice(0, shown).join(", ")} and ${items.length - shown} more`;

export function validationSummary(result: ValidationResult) {
  const counts = countBySeverity(result.diagnostics);
  return {
    errors: counts.error,
    warnings: counts.warning,
    notices: counts.notice,
    localeFiles: result.files.locales.length,
    locales: result.files.locales.map((file) => file.locale),
    screenshotSets: result.files.screenshotFolders.length,
    screenshots: result.imageCount,
  };
}

export function printDiagnostics(output: Output, diagnostics: readonly Diagnostic[]): void {
  for (const diagnostic of diagnostics) {
    // One diagnostic, one line: a line break in a file name or key is shown, not printed.
    const line = escapeControls(formatDiagnostic(diagnostic));
    output.stderr(diagnostic.severity === "error" ? line : paint(output, diagnostic.severity, line));
  }
}

export async function validateCommand(options: ValidateCommandOptions, output: Output): Promise<number> {
  const started = performance.now();
  const result = await validateRepository({ metadataDir: options.metadataDir, screenshotsDir: options.screenshotsDir, folders: options.folders });
  const summary = validationSummary(result);
  const failed = summary.errors > 0 || (options.strict && summary.warnings > 0);

  printDiagnostics(output, result.diagnostics);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const headline =
    `${plural(summary.localeFiles, "locale file", "locale files")}${summary.locales.length ? ` (${listBriefly(summary.locales)})` : ""}, ` +
    `${plural(summary.screenshotSets, "screenshot set", "screenshot sets")} with ${plural(summary.screenshots, "image", "images")}: ` +
    `${plural(summary.errors, "error", "errors")}, ${plural(summary.warnings, "warning", "warnings")}, ${plural(summary.notices, "notice", "notices")} (${seconds} s)`;
  const verdict = failed ? paint(output, "error", `✗ ${headline}`) : paint(output, "ok", `✓ ${headline}`);

  if (options.json) {
    output.stderr(verdict);
    output.stdout(JSON.stringify({ schemaVersion: 1, valid: !failed, summary, diagnostics: result.diagnostics }, null, 2));
  } else if (failed) {
    output.stderr(verdict);
  } else {
    output.stdout(verdict);
  }
  return failed ? 1 : 0;
}
