/** The first stage of every run: the repository's files checked, then what they ask for. */
import { buildDesiredState, type DesiredState } from "../engine/desired-state.js";
import { hasErrors } from "../contracts/diagnostics.js";
import { validateRepository, type ValidationResult } from "../engine/validate/index.js";
import { atStage, type RunFailure } from "./failure.js";
import { repositoryOf, type RunEvents, type RunOptions } from "./options.js";

/** The files passed (what they ask for), or failed (why). */
export type Validated =
  | { validation: ValidationResult; desired: DesiredState; failure?: undefined }
  | { validation: ValidationResult; desired?: undefined; failure: RunFailure };

export async function validateAndDesire(options: RunOptions, events: RunEvents): Promise<Validated> {
  const validation = await atStage("validate", () => validateRepository(repositoryOf(options)));
  events.validated?.(validation.diagnostics);
  if (hasErrors(validation.diagnostics)) return { validation, failure: { stage: "validate", messages: [], validation } };
  const desired = buildDesiredState(validation.files);
  if (options.prune) desired.app = { ...desired.app, prune: true };
  return { validation, desired };
}
