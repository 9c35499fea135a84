/**
 * The demo account password, kept out of every output: the engine's states
 * hold only a fingerprint of it (an HMAC under a key this process draws and
 * never shows, so a fingerprint in a dump gives nothing away), and the value
 * is registered with the redaction every output passes through.
 */
import { createHmac, randomBytes } from "node:crypto";
import { registerSecret } from "../../asc/redact.js";

const KEY = randomBytes(32);

export function fingerprint(value: string): string {
  return createHmac("sha256", KEY).update(value).digest("hex");
}

/** The variable's value, registered as a secret; undefined when it is not set (or empty). */
export function passwordFrom(env: string, environment: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = environment[env];
  if (!value) return undefined;
  registerSecret(value);
  return value;
}
