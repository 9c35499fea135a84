/**
 * Bearer tokens checked as App Store Connect checks them: an ES256 JWT whose
 * header names the key (`kid`) and whose payload names the issuer (`iss`),
 * the audience `appstoreconnect-v1`, and an `exp` no more than 20 minutes
 * after `iat` (and no more than 20 minutes ahead). An optional `scope` lists
 * the requests the token may make ("GET /v1/apps?filter[platform]=IOS").
 * Any failure is the same 401 NOT_AUTHORIZED, as Apple gives no more detail.
 */
import { jwtVerify, type JWTPayload } from "jose";
import type { KeyObject } from "node:crypto";
import { errors } from "../errors.js";

export const AUDIENCE = "appstoreconnect-v1";
export const MAX_LIFETIME_SECONDS = 20 * 60;
/** Clock difference tolerated between the client and the sandbox. */
const CLOCK_SKEW_SECONDS = 60;

export interface Verifier {
  /** Resolves to the key id when the request may go on; throws the 401 otherwise. */
  verify(authorization: string | undefined, method: string, pathAndQuery: string): Promise<string>;
}

function scopeAllows(scope: unknown, method: string, pathAndQuery: string): boolean {
  if (scope === undefined) return true;
  if (!Array.isArray(scope)) return false;
  const pathOnly = pathAndQuery.split("?")[0];
  return scope.some((entry) => entry === `${method} ${pathAndQuery}` || entry === `${method} ${pathOnly}`);
}

/** Tokens whose signature was checked; a client reuses one token for many requests. */
const VERIFIED_CACHE_SIZE = 32;

export function createVerifier(key: { issuerId: string; keyId: string; publicKey: KeyObject }, now: () => number = Date.now): Verifier {
  const verified = new Map<string, JWTPayload>();
  return {
    async verify(authorization, method, pathAndQuery) {
      const token = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? "")?.[1];
      if (!token) throw errors.notAuthorized();
      let payload = verified.get(token);
      if (payload) {
        // The signature and claims were checked before; only time and scope can have changed.
        if (payload.exp! + CLOCK_SKEW_SECONDS <= now() / 1000) {
          verified.delete(token);
          throw errors.notAuthorized();
        }
        if (!scopeAllows(payload.scope, method, pathAndQuery)) throw errors.notAuthorized();
        return key.keyId;
      }
      try {
        const result = await jwtVerify(token, key.publicKey, {
          algorithms: ["ES256"],
          audience: AUDIENCE,
          issuer: key.issuerId,
          requiredClaims: ["iat", "exp"],
          clockTolerance: CLOCK_SKEW_SECONDS,
          currentDate: new Date(now()),
        });
        if (result.protectedHeader.kid !== key.keyId) throw new Error("unknown key id");
        if (result.protectedHeader.typ !== undefined && result.protectedHeader.typ !== "JWT") throw new Error("typ is not JWT");
        payload = result.payload;
      } catch {
        throw errors.notAuthorized();
      }
      const issuedAt = payload.iat!;
      const expires = payload.exp!;
      const nowSeconds = now() / 1000;
      if (expires - issuedAt > MAX_LIFETIME_SECONDS) throw errors.notAuthorized();
      if (expires - nowSeconds > MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) throw errors.notAuthorized();
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
      verified.set(token, payload);
      if (!scopeAllows(payload.scope, method, pathAndQuery)) throw errors.notAuthorized();
      return key.keyId;
    },
  };
}
