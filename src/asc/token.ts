/**
 * Bearer tokens for App Store Connect: an ES256 JWT with header kid and typ,
 * payload iss, iat, exp and aud "appstoreconnect-v1". Each token lives 15
 * minutes (Apple accepts at most 20, which leaves room for a clock a little
 * ahead of Apple's) and a new one is signed once fewer than 2 minutes remain,
 * so an apply that takes an hour keeps working. The clock is injectable.
 */
import { SignJWT } from "jose";
import type { AscCredentials } from "./credentials.js";
import { registerSecret, registerToken } from "./redact.js";

export const AUDIENCE = "appstoreconnect-v1";
/** Apple refuses tokens that live longer. */
export const MAX_LIFETIME_SECONDS = 20 * 60;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Anything that hands out a bearer token for the next request. */
export interface TokenSource {
  token(): Promise<string>;
}

export interface TokenOptions {
  /** Seconds each token lives (default 900, at most 1200). */
  lifetimeSeconds?: number;
  /** A new token is signed when fewer than this many seconds remain (default 120). */
  refreshBeforeSeconds?: number;
  clock?: Clock;
}

export class TokenProvider implements TokenSource {
  readonly #credentials: AscCredentials;
  readonly #lifetime: number;
  readonly #refreshBefore: number;
  readonly #clock: Clock;
  #current: { token: string; expiresAt: number } | undefined;
  #signing: Promise<string> | undefined;
  #issued = 0;

  constructor(credentials: AscCredentials, options: TokenOptions = {}) {
    const lifetime = options.lifetimeSeconds ?? 15 * 60;
    const refreshBefore = options.refreshBeforeSeconds ?? 2 * 60;
    if (!(lifetime > 0 && lifetime <= MAX_LIFETIME_SECONDS)) throw new RangeError(`token lifetime must be 1 to ${MAX_LIFETIME_SECONDS} seconds`);
    if (!(refreshBefore >= 0 && refreshBefore < lifetime)) throw new RangeError("refreshBeforeSeconds must be less than the token lifetime");
    this.#credentials = credentials;
    // An answer that echoes the issuer id (the token's payload, decoded) is redacted like the token.
    registerSecret(credentials.issuerId);
    this.#lifetime = lifetime;
    this.#refreshBefore = refreshBefore;
    this.#clock = options.clock ?? systemClock;
  }

  /** A token valid for at least `refreshBeforeSeconds` more; signed anew only when needed. */
  async token(): Promise<string> {
    const nowSeconds = Math.floor(this.#clock.now() / 1000);
    if (this.#current && this.#current.expiresAt - nowSeconds > this.#refreshBefore) return this.#current.token;
    // Concurrent requests share one signing.
    this.#signing ??= this.#sign(nowSeconds).finally(() => (this.#signing = undefined));
    return this.#signing;
  }

  /** Forget the current token (e.g. after Apple refused it); the next call signs a new one. */
  invalidate(): void {
    this.#current = undefined;
  }

  /** How many tokens were signed so far. */
  get issued(): number {
    return this.#issued;
  }

  async #sign(issuedAt: number): Promise<string> {
    const expiresAt = issuedAt + this.#lifetime;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: this.#credentials.keyId, typ: "JWT" })
      .setIssuer(this.#credentials.issuerId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setAudience(AUDIENCE)
      .sign(this.#credentials.privateKey);
    registerToken(token);
    this.#current = { token, expiresAt };
    this.#issued += 1;
    return token;
  }

  /** Never print a token, even by accident. */
  toJSON(): string {
    return "[TokenProvider]";
  }
}
