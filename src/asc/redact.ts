/**
 * Last line of defence for DESIGN §9: no text that leaves the client (an error
 * message, a listener event) may carry a private key or a JWT. The client never
 * puts them there on purpose; this scrubs anything that came from outside too.
 *
 * Patterns catch a key or a whole token. A server may echo less than a whole
 * token (its signature alone, its payload decoded) or a proxy its password, so
 * the secrets this process holds are also registered, and removed wherever
 * they appear, whatever surrounds them.
 */
const PEM_BLOCK = /-----BEGIN[^-]*-----[\s\S]*?(?:-----END[^-]*-----|$)/g;
/** A compact JWS: three base64url parts, the first a JSON header ("eyJ" is base64 of '{"'). */
const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;
/** "Bearer <credential>"; a short plain word after it is prose, as in Apple's 401 ("a properly configured and signed bearer token"). */
const BEARER = /Bearer\s+(?![a-z]{1,12}(?![\w\-.~+/=]))\S+/gi;
/** "Basic <base64 of user:password>", as a proxy or server may echo its authorization header; "Basic authentication" is prose. */
const BASIC = /\bBasic\s+(?![A-Za-z][a-z]*\b)[A-Za-z0-9+/]{6,}={0,2}/g;

/** Shorter values are not registered: they would blank out ordinary words. */
const SHORTEST_SECRET = 4;

/** Registered secrets, longest first (so a token goes before its parts). */
let known: string[] = [];

/** A value this process holds that must never be printed: a proxy's password, an issuer id. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < SHORTEST_SECRET || known.includes(value)) return;
  known = [...known, value].sort((a, b) => b.length - a.length);
}

/** A JWT, and each of its parts: a server may echo one part alone. */
export function registerToken(token: string): void {
  registerSecret(token);
  for (const part of token.split(".")) registerSecret(part);
}

/** The registered secrets removed from `text`. */
export function redactKnown(text: string): string {
  let result = text;
  for (const secret of known) if (result.includes(secret)) result = result.split(secret).join("[redacted]");
  return result;
}

export function redact(text: string): string {
  return redactKnown(text)
    .replace(PEM_BLOCK, "[redacted key]")
    .replace(BEARER, "Bearer [redacted]")
    .replace(BASIC, "Basic [redacted]")
    .replace(JWT, "[redacted token]");
}

/** The first `max` characters of a one-line, redacted rendering of `text`. */
export function oneLine(text: string, max = 300): string {
  const line = redact(text).replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
