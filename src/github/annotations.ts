/**
 * Findings as annotations on the exact file and line of the pull request's
 * diff. GitHub shows at most 10 annotations of each type per step; the first
 * 10 of each type become annotations, the rest are only in the log (where
 * every finding is printed anyway) and in the job summary, and the log says so.
 */
import type * as core from "@actions/core";
import path from "node:path";
import { log } from "./log.js";
import type { Diagnostic } from "../contracts/diagnostics.js";
import { escapeControls } from "../util/control-characters.js";

/** GitHub's limit per annotation type and step. */
export const ANNOTATIONS_PER_TYPE = 10;

export type AnnotationLevel = "error" | "warning" | "notice";

/** One annotation to make: a level, a message, and where. */
export interface Finding {
  level: AnnotationLevel;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface AnnotationSink {
  error(message: string, properties: core.AnnotationProperties): void;
  warning(message: string, properties: core.AnnotationProperties): void;
  notice(message: string, properties: core.AnnotationProperties): void;
  info(message: string): void;
}

export const runnerAnnotations: AnnotationSink = {
  error: (message, properties) => log.error(message, properties),
  warning: (message, properties) => log.warning(message, properties),
  notice: (message, properties) => log.notice(message, properties),
  info: (message) => log.info(message),
};

/** A path GitHub can place on the diff: relative to the workspace, with forward slashes. */
export function workspacePath(file: string, workspace: string, cwd = process.cwd()): string {
  const relative = path.relative(workspace, path.resolve(cwd, file));
  return (relative.startsWith("..") || path.isAbsolute(relative) ? file : relative).split(path.sep).join("/");
}

/** Validation findings as annotations (notices stay in the log: there are many, and they never fail). */
export function diagnosticFindings(diagnostics: readonly Diagnostic[], workspace: string, cwd = process.cwd()): Finding[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.severity !== "notice")
    .map((diagnostic) => ({
      level: diagnostic.severity,
      // One finding, one line, as in the log.
      message: escapeControls(diagnostic.message),
      title: `asc-gitops: ${diagnostic.rule}`,
      file: workspacePath(diagnostic.file, workspace, cwd),
      ...(diagnostic.line !== undefined ? { line: diagnostic.line } : {}),
      ...(diagnostic.line !== undefined && diagnostic.column !== undefined ? { column: diagnostic.column } : {}),
    }));
}

export interface AnnotateResult {
  annotated: Record<AnnotationLevel, number>;
  /** Findings beyond the limit, by level. */
  overflow: Record<AnnotationLevel, number>;
}

export function annotate(findings: readonly Finding[], sink: AnnotationSink = runnerAnnotations): AnnotateResult {
  const annotated: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const overflow: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  for (const finding of findings) {
    if (annotated[finding.level] >= ANNOTATIONS_PER_TYPE) {
      overflow[finding.level]++;
      continue;
    }
    annotated[finding.level]++;
    const properties: core.AnnotationProperties = {
      ...(finding.title ? { title: finding.title } : {}),
      ...(finding.file ? { file: finding.file } : {}),
      ...(finding.file && finding.line !== undefined ? { startLine: finding.line } : {}),
      ...(finding.file && finding.line !== undefined && finding.column !== undefined ? { startColumn: finding.column } : {}),
    };
    sink[finding.level](finding.message, properties);
  }
  for (const level of ["error", "warning", "notice"] as const) {
    if (overflow[level])
      sink.info(
        `${overflow[level]} more ${level}${overflow[level] === 1 ? " is" : "s are"} not annotated (GitHub shows ${ANNOTATIONS_PER_TYPE} per type and step): ` +
          "every one is in the log above and in the job summary",
      );
  }
  return { annotated, overflow };
}
