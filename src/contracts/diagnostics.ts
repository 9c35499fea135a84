/**
 * A finding of validation (or later of plan and apply) that points at a file:
 * `metadata/ja.yml:3:11: keywords is 112 characters; the App Store allows 100`.
 */
import { escapeControls } from "../util/control-characters.js";
import { compareCodeUnits } from "../util/natural-sort.js";

export type Severity = "error" | "warning" | "notice";

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based, in Unicode code points. */
  column: number;
}

export interface Diagnostic {
  severity: Severity;
  /** A stable rule id, e.g. `keywords.length`, `screenshot.size`. */
  rule: string;
  /** The path as the user wrote it (relative to the working directory). */
  file: string;
  line?: number;
  column?: number;
  /** The field or JSON pointer concerned, where there is one. */
  field?: string;
  message: string;
}

/** One diagnostic, one line: a line break or ESC in a file name, key or value is shown escaped, never printed. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = [diagnostic.file, diagnostic.line, diagnostic.line !== undefined ? diagnostic.column : undefined]
    .filter((part) => part !== undefined)
    .join(":");
  const prefix = diagnostic.severity === "error" ? "" : `${diagnostic.severity}: `;
  return escapeControls(`${where}: ${prefix}${diagnostic.message}`);
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/** Files in path order, then by position, so output never depends on timing. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareCodeUnits(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compareCodeUnits(a.message, b.message),
  );
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some((d) => d.severity === "error");
