/**
 * Where a run stopped, as data. The stage it reached travels with the error
 * (StageError) or with the result (RunFailure), so the command line and the
 * action say why from the result itself, never from printed text.
 */
import { ENV_KEY_NAMES, messageWithCredentialHint } from "../asc/auth-hint.js";
import type { ValidationResult } from "../engine/validate/index.js";

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
  /** Why, one message each (empty when the files failed: the diagnostics say why). */
  messages: string[];
  validation?: ValidationResult;
}
