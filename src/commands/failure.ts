/**
 * How a command that stopped says so. The stage it reached travels with the
 * error (StageError); with --json the failure is one JSON document on stdout,
 * as every other outcome is, so a script always reads exactly one document:
 *   {"schemaVersion":1,"command":"plan","stage":"read","errors":[{"message":"…"}]}
 * A validation failure is the validation result as `validate --json` prints it,
 * with "command" and "stage":"validate" added.
 */
import { ENV_KEY_NAMES, messageWithCredentialHint } from "../asc/auth-hint.js";
import type { Diagnostic } from "../contracts/diagnostics.js";
import type { ValidationResult } from "../engine/validate/index.js";
import { validationSummary } from "./validate.js";

export const FAILURE_SCHEMA_VERSION = 1;

/**
 * Where a command stopped: its arguments, the saved plan (--plan FILE), the
 * repository's files, the connection (credentials), reading live state,
 * making the plan, applying, or writing its result.
 */
export type FailureStage = "usage" | "plan-file" | "validate" | "connect" | "read" | "plan" | "apply" | "output";

export class StageError extends Error {
  override name = "StageError";
  readonly stage: FailureStage;
  constructor(stage: FailureStage, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.stage = stage;
  }
}

/**
 * Runs one stage's work; what it throws comes out as a StageError of that
 * stage, its message with the credential hint when App Store Connect refused
 * the key (named as `keyNames`: environment variables, or the action's inputs).
 */
export async function atStage<T>(stage: FailureStage, work: () => Promise<T>, keyNames: string = ENV_KEY_NAMES): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StageError) throw error;
    throw new StageError(stage, messageWithCredentialHint(error, keyNames), { cause: error });
  }
}

/** A run that stopped before its result: where, why, and the validation result when the files failed. */
export interface RunFailure {
  stage: FailureStage;
  messages: string[];
  validation?: ValidationResult;
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
  summary: ReturnType<typeof validationSummary>;
  diagnostics: Diagnostic[];
}

export function failureDocument(command: string, stage: FailureStage, messages: readonly string[]): FailureDocument {
  return { schemaVersion: FAILURE_SCHEMA_VERSION, command, stage, errors: messages.map((message) => ({ message })) };
}

export function failureDocumentOf(command: string, failure: RunFailure): FailureDocument | ValidationFailureDocument {
  if (!failure.validation) return failureDocument(command, failure.stage, failure.messages);
  const { validation } = failure;
  return { schemaVersion: FAILURE_SCHEMA_VERSION, command, stage: "validate", valid: false, summary: validationSummary(validation), diagnostics: validation.diagnostics };
}

export const jsonDocument = (document: unknown) => JSON.stringify(document, null, 2);
