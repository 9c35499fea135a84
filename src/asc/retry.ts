/**
 * When to repeat a request, as a pure function of what happened.
 *
 * Safe to repeat (same result however often it runs): GET, PUT (upload
 * operations), PATCH (here always a full replacement of the attributes or the
 * relationship it names) and DELETE. These are retried on 408, 429, 5xx, a
 * dropped connection and a timeout.
 *
 * POST creates something each time, so it is repeated only when Apple certainly
 * did not process it: a 429, a 408, a 503 that says when to come back
 * (Retry-After), or a connection that could not be made. Any other failure after the request was
 * sent (a 5xx, a dropped connection, a timeout) is ambiguous: the caller must
 * look before repeating it.
 *
 * Delays: Retry-After when the server gives it (429 or 503), else exponential
 * backoff with full jitter: random() * min(maxDelayMs, baseDelayMs * 2^(attempt-1)).
 */
import type { NetworkFailure } from "./errors.js";

export interface RetryPolicy {
  /** Attempts in all, the first included (default 5). */
  maxAttempts: number;
  /** Backoff before the second attempt, before jitter (default 500 ms). */
  baseDelayMs: number;
  /** Longest backoff before jitter (default 20 s). */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails (default 5 minutes). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 5 * 60_000 };

export type AttemptOutcome = { status: number; retryAfterSeconds?: number | undefined } | { network: NetworkFailure };

export type RetryDecision =
  | { action: "retry"; delayMs: number }
  /** Give up: the last outcome is the error. */
  | { action: "fail" }
  /** Give up: a POST whose outcome is unknown. */
  | { action: "ambiguous" };

const REPEATABLE = new Set(["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function isRepeatable(method: string): boolean {
  return REPEATABLE.has(method.toUpperCase());
}

/** Statuses worth another try of a repeatable request. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/** Full-jitter exponential backoff before attempt `attempt + 1`. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(Math.min(Math.max(random(), 0), 1) * ceiling);
}

/** Seconds from a Retry-After value (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - nowMs) / 1000);
}

/** What to do after attempt number `attempt` (1-based) of `method` ended in `outcome`, which was not a success. */
export function decideRetry(method: string, outcome: AttemptOutcome, attempt: number, policy: RetryPolicy, random: () => number): RetryDecision {
  const repeatable = isRepeatable(method);
  let retryable: boolean;
  let retryAfter: number | undefined;
  if ("network" in outcome) {
    if (outcome.network === "tls") return { action: "fail" };
    retryable = repeatable || outcome.network === "connect";
    if (!retryable) return { action: "ambiguous" };
  } else {
    const { status } = outcome;
    if (status === 429 || status === 503) retryAfter = outcome.retryAfterSeconds;
    if (repeatable) retryable = isRetryableStatus(status);
    else if (status === 429 || status === 408 || (status === 503 && retryAfter !== undefined)) retryable = true;
    else if (isRetryableStatus(status)) return { action: "ambiguous" };
    else retryable = false;
  }
  if (!retryable || attempt >= policy.maxAttempts) return { action: "fail" };
  if (retryAfter !== undefined) {
    const delayMs = Math.ceil(retryAfter * 1000);
    return delayMs > policy.maxRetryAfterMs ? { action: "fail" } : { action: "retry", delayMs };
  }
  return { action: "retry", delayMs: backoffDelay(attempt, policy, random) };
}
