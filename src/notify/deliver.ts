/**
 * One POST to a notification target, repeated with backoff when the target
 * may take it later: a 5xx, a 408 or 429 (waiting as its Retry-After says), a
 * timeout or no connection. Any other answer (a 4xx: the URL or the payload
 * is wrong) is final at once. Bounded: a few attempts, a short timeout each,
 * a capped wait. The outcome is data; it never throws, and its reason never
 * holds the URL (it is a secret: Slack's carries the token in its path).
 */
import { classifyNetworkError } from "../asc/network-errors.js";
import { backoffDelay, isRetryableStatus, parseRetryAfter } from "../asc/retry.js";

export interface DeliveryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Backoff before the second attempt (doubling after, with full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After waited for; a longer one is waited for this long. */
  maxRetryAfterMs: number;
  /** Each attempt's limit. */
  timeoutMs: number;
}

export const DEFAULT_DELIVERY: DeliveryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 30_000, timeoutMs: 10_000 };

export interface DeliveryDependencies {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => Date;
}

export const realDependencies = (): DeliveryDependencies => ({
  fetch: globalThis.fetch,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: () => new Date(),
});

export interface DeliveryOutcome {
  ok: boolean;
  attempts: number;
  /** HTTP status of the last answer (none: no answer). */
  status?: number;
  /** Why it failed, without the URL. */
  reason?: string;
}

export interface DeliveryRequest {
  url: string;
  body: string;
  /** Headers of attempt `n` (1-based): a signature is made afresh for each. */
  headers: (attempt: number, now: Date) => Record<string, string>;
}

const NETWORK_REASONS = {
  connect: "the connection could not be made",
  timeout: "no answer in time",
  dropped: "the connection was dropped",
  tls: "its TLS certificate was refused",
} as const;

export async function deliver(request: DeliveryRequest, policy: DeliveryPolicy = DEFAULT_DELIVERY, deps = realDependencies()): Promise<DeliveryOutcome> {
  let last: DeliveryOutcome = { ok: false, attempts: 0, reason: "not sent" };
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    let waitMs: number | undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
    try {
      const answer = await deps.fetch(request.url, {
        method: "POST",
        headers: request.headers(attempt, deps.now()),
        body: request.body,
        signal: controller.signal,
        redirect: "manual",
      });
      // The body is read (and dropped) so the connection is freed; its text may echo the URL, so it is never reported.
      await answer.arrayBuffer().catch(() => undefined);
      if (answer.status >= 200 && answer.status < 300) return { ok: true, attempts: attempt, status: answer.status };
      last = { ok: false, attempts: attempt, status: answer.status, reason: `HTTP ${answer.status}` };
      if (!isRetryableStatus(answer.status)) return last;
      const retryAfter = answer.status === 429 || answer.status === 503 ? parseRetryAfter(answer.headers.get("retry-after"), deps.now().getTime()) : undefined;
      if (retryAfter !== undefined) waitMs = Math.min(retryAfter * 1000, policy.maxRetryAfterMs);
    } catch (error) {
      const { failure } = classifyNetworkError(error, controller.signal.aborted);
      last = { ok: false, attempts: attempt, reason: NETWORK_REASONS[failure] };
      if (failure === "tls") return last;
    } finally {
      clearTimeout(timer);
    }
    if (attempt < policy.attempts)
      await deps.sleep(
        waitMs ??
          backoffDelay(
            attempt,
            { maxAttempts: policy.attempts, baseDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs, maxRetryAfterMs: policy.maxRetryAfterMs },
            deps.random,
          ),
      );
  }
  return { ...last, reason: `${last.reason} after ${policy.attempts} attempts` };
}
