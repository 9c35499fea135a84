/**
 * What kind of failure a request without an answer was (refused, timed out,
 * a certificate, a dropped connection), read from the error codes Node and
 * undici attach, nested or chained: the retry policy and the messages go by it.
 */
import type { NetworkFailure } from "./errors.js";

const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_PROXY_TUNNEL",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);

/** OpenSSL's certificate verdicts (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, …) and Node's TLS and SSL errors. */
const isTlsCode = (code: string) => /CERT|^ERR_TLS_|^ERR_SSL_/.test(code);

function errorCodes(error: unknown, seen = new Set<unknown>()): string[] {
  if (typeof error !== "object" || error === null || seen.has(error)) return [];
  seen.add(error);
  const own = (error as { code?: unknown }).code;
  const codes = typeof own === "string" ? [own] : [];
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) for (const inner of nested) codes.push(...errorCodes(inner, seen));
  return [...codes, ...errorCodes((error as { cause?: unknown }).cause, seen)];
}

/** What kind of failure a request's rejection was (no answer at all). */
export function classifyNetworkError(error: unknown, timedOut: boolean): { failure: NetworkFailure; detail: string } {
  const codes = errorCodes(error);
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
  const message = typeof cause?.message === "string" && cause.message ? cause.message : error instanceof Error ? error.message : String(error);
  const detail = codes[0] && !message.includes(codes[0]) ? `${codes[0]}: ${message}` : message;
  if (timedOut || codes.some((code) => TIMEOUT_CODES.has(code))) return { failure: "timeout", detail: "" };
  if (codes.length > 0 && codes.every((code) => CONNECT_CODES.has(code))) return { failure: "connect", detail };
  if (codes.some(isTlsCode)) return { failure: "tls", detail };
  return { failure: "dropped", detail };
}
