/**
 * Signs a token for the sandbox's key, as a client would (tests, the demo and
 * `--sandbox` runs use it; the real client signs with its own code).
 */
import { readFile } from "node:fs/promises";
import { importPKCS8, SignJWT } from "jose";
import { AUDIENCE } from "./verify.js";

export interface TokenCredentials {
  issuerId: string;
  keyId: string;
  privateKeyPath: string;
}

export interface TokenOptions {
  /** Seconds the token lives; App Store Connect accepts at most 1200. */
  lifetimeSeconds?: number;
  /** Issue time in epoch seconds (default: now). */
  issuedAt?: number;
  scope?: string[];
}

export async function signSandboxToken(credentials: TokenCredentials, options: TokenOptions = {}): Promise<string> {
  const key = await importPKCS8(await readFile(credentials.privateKeyPath, "utf8"), "ES256");
  const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(options.scope ? { scope: options.scope } : {})
    .setProtectedHeader({ alg: "ES256", kid: credentials.keyId, typ: "JWT" })
    .setIssuer(credentials.issuerId)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.lifetimeSeconds ?? 15 * 60));
  return jwt.sign(key);
}
