/**
 * What to check when App Store Connect refuses the API key (401) or what the
 * key may do (403), in the words of where the key came from: environment
 * variables on the command line, inputs in the action. The hint names the
 * places to look and never repeats the key, the token or anything signed.
 */
import { AscAmbiguousWriteError, AscApiError } from "./errors.js";

/** Where the command line reads the key. */
export const ENV_KEY_NAMES = "ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY (or ASC_PRIVATE_KEY_PATH)";

/** Where the GitHub Action reads the key. */
export const ACTION_KEY_NAMES = "the inputs issuer-id, key-id and private-key";

function statusOf(error: unknown): number | undefined {
  const api = error instanceof AscAmbiguousWriteError ? error.cause : error;
  return api instanceof AscApiError ? api.status : undefined;
}

/** The advice for a refused key or a forbidden request, or undefined for any other error. */
export function credentialHint(error: unknown, keyNames: string = ENV_KEY_NAMES): string | undefined {
  const status = statusOf(error);
  if (status === 401)
    return (
      `App Store Connect did not accept the API key: check ${keyNames}. ` +
      "They must be the issuer id, key id and .p8 private key of one App Store Connect API key " +
      "(Users and Access > Integrations > App Store Connect API), not revoked; and this machine's clock must be right (a token is valid for minutes)"
    );
  if (status === 403)
    return (
      `App Store Connect refused this request to the API key in ${keyNames}: ` +
      "its role must allow editing the App Store listing (Admin or App Manager), the key must have access to this app, " +
      "and the account's agreements must be accepted (Business in App Store Connect)"
    );
  return undefined;
}

/** The error's message, with the hint when the key was refused. */
export function messageWithCredentialHint(error: unknown, keyNames: string = ENV_KEY_NAMES): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = credentialHint(error, keyNames);
  return hint ? `${message}\n  ${hint}` : message;
}
