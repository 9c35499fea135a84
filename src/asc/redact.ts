/**
 * Last line of defence for DESIGN §9: no text that leaves the client (an error
 * message, a listener event) may carry a private key or a JWT. The client never
 * puts them there on purpose; this scrubs anything that came from outside too.
 */
const PEM_BLOCK = /-----BEGIN[^-]*-----[\s\S]*?(?:-----END[^-]*-----|$)/g;
/** A compact JWS: three base64url parts, the first a JSON header ("eyJ" is base64 of '{"'). */
const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;
/** "Bearer <credential>"; a short plain word after it is prose, as in Apple's 401 ("a properly configured and signed bearer token"). */
const BEARER = /Bearer\s+(?![a-z]{1,12}(?![\w\-.~+/=]))\S+/gi;

export function redact(text: string): string {
  return text.replace(PEM_BLOCK, "[redacted key]").replace(BEARER, "Bearer [redacted]").replace(JWT, "[redacted token]");
}

/** The first `max` characters of a one-line, redacted rendering of `text`. */
export function oneLine(text: string, max = 300): string {
  const line = redact(text).replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
