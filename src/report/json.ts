/**
 * The reports as JSON documents, each in one place: the validation result,
 * the apply report (the artifact, --out and --json), the drift report, and
 * a run that stopped.
 * With --json a failure is one document on stdout, as every other outcome is,
 * so a script always reads exactly one document:
 *   {"schemaVersion":1,"command":"plan","stage":"read","errors":[{"message":"…"}]}
 * A validation failure is the validation result as `validate --json` prints it,
 * with "command" and "stage":"validate" added.
 */
import type { ApplyReport } from "../engine/apply/report.js";
import type { Diagnostic } from "../contracts/diagnostics.js";
import { driftFound, type DriftReport } from "../engine/drift.js";
import type { ValidationResult } from "../engine/validate/index.js";
import { validationSummary, type ValidationSummary } from "../engine/validate/summary.js";
import type { FailureStage, RunFailure } from "../pipeline/failure.js";

export const FAILURE_SCHEMA_VERSION = 1;

export const jsonDocument = (document: unknown) => JSON.stringify(document, null, 2);

/** The ApplyReport as a file holds it (the --json document is the same without the last line break). */
export const applyReportJson = (report: ApplyReport): string => `${jsonDocument(report)}\n`;

export function driftJson(report: DriftReport) {
  const { plan } = report;
  return {
    schemaVersion: 1,
    today: plan.today,
    app: plan.app,
    drift: report.drift,
    rotations: report.rotations,
    blocked: report.blocked,
    errors: plan.errors,
    summary: { differs: driftFound(report), drift: report.drift.length, rotations: report.rotations.length, blocked: report.blocked.length },
  };
}

/** `validate --json`: whether the files pass, the figures, every finding. */
export function validationJson(result: ValidationResult, valid: boolean) {
  return { schemaVersion: 1, valid, summary: validationSummary(result), diagnostics: result.diagnostics };
}

export interface FailureDocument {
  schemaVersion: typeof FAILURE_SCHEMA_VERSION;
  command: string;
  stage: FailureStage;
  errors: { message: string }[];
}

export interface ValidationFailureDocument {
  schemaVersion: typeof FAILURE_SCHEMA_VERSION;
  command: string;
  stage: "validate";
  valid: false;
  summary: ValidationSummary;
  diagnostics: Diagnostic[];
}

export function failureDocument(command: string, stage: FailureStage, messages: readonly string[]): FailureDocument {
  return { schemaVersion: FAILURE_SCHEMA_VERSION, command, stage, errors: messages.map((message) => ({ message })) };
}

export function failureDocumentOf(command: string, failure: RunFailure): FailureDocument | ValidationFailureDocument {
  if (!failure.validation) return failureDocument(command, failure.stage, failure.messages);
  const { validation } = failure;
  return {
    schemaVersion: FAILURE_SCHEMA_VERSION,
    command,
    stage: "validate",
    valid: false,
    summary: validationSummary(validation),
    diagnostics: validation.diagnostics,
  };
}
