/**
 * `asc-gitops validate`: every file, every rule, one message per line as
 * `path:line:column: message`; exit 1 on errors (or warnings with --strict).
 */
import { validateRepository, type ValidateOptions } from "../engine/validate/index.js";
import { validationSummary } from "../engine/validate/summary.js";
import { jsonDocument, validationJson } from "../report/json.js";
import { printDiagnostics } from "../report/printed.js";
import { validationHeadline } from "../report/text.js";
import { paint, type Output } from "../util/output.js";

export interface ValidateCommandOptions {
  metadataDir: string;
  screenshotsDir: string;
  reviewsDir?: string;
  previewsDir?: string;
  /** How the folders were chosen: one named on the command line (or in the action's inputs) must exist. */
  folders?: ValidateOptions["folders"];
  json: boolean;
  strict: boolean;
}

export async function validateCommand(options: ValidateCommandOptions, output: Output): Promise<number> {
  const started = performance.now();
  const result = await validateRepository({
    metadataDir: options.metadataDir,
    screenshotsDir: options.screenshotsDir,
    ...(options.reviewsDir ? { reviewsDir: options.reviewsDir } : {}),
    ...(options.previewsDir === undefined ? {} : { previewsDir: options.previewsDir }),
    folders: options.folders,
  });
  const summary = validationSummary(result);
  const failed = summary.errors > 0 || (options.strict && summary.warnings > 0);

  printDiagnostics(output, result.diagnostics);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const headline = validationHeadline(summary, seconds);
  const verdict = failed ? paint(output, "error", `✗ ${headline}`) : paint(output, "ok", `✓ ${headline}`);

  if (options.json) {
    output.stderr(verdict);
    output.stdout(jsonDocument(validationJson(result, !failed)));
  } else if (failed) {
    output.stderr(verdict);
  } else {
    output.stdout(verdict);
  }
  return failed ? 1 : 0;
}
