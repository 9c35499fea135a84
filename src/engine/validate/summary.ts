/** The validation result in figures: counts by severity, and what was checked. */
import type { Diagnostic, Severity } from "../../contracts/diagnostics.js";
import type { ValidationResult } from "./index.js";

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const diagnostic of diagnostics) counts[diagnostic.severity]++;
  return counts;
}

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
    previewSets: result.files.previewFolders?.length ?? 0,
    previews: result.videoCount ?? 0,
  };
}

export type ValidationSummary = ReturnType<typeof validationSummary>;
