/**
 * Pacing from Apple's `X-Rate-Limit: user-hour-lim:3600;user-hour-rem:3599;`
 * (a rolling hour per key). While plenty remains, requests go at full speed.
 * Once the remainder falls into a reserve (10% of the limit by default), the
 * client spaces requests at the rate the rolling window refills (one per
 * hour/limit), and more widely as the remainder shrinks, so it slows down
 * before Apple starts refusing it with 429.
 */
import type { Clock } from "./token.js";

export interface RateLimitState {
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the window. */
  remaining: number;
}

/** The hourly budget from an X-Rate-Limit header value, or undefined if it has none. */
export function parseRateLimit(header: string | null | undefined): RateLimitState | undefined {
  if (!header) return undefined;
  const fields = new Map<string, number>();
  for (const part of header.split(";")) {
    const [key, value] = part.split(":").map((piece) => piece.trim());
    if (key && value !== undefined && /^\d+$/.test(value)) fields.set(key.toLowerCase(), Number(value));
  }
  const limit = fields.get("user-hour-lim");
  const remaining = fields.get("user-hour-rem");
  if (limit === undefined || remaining === undefined || limit <= 0) return undefined;
  return { limit, remaining: Math.min(remaining, limit) };
}

export interface PacingOptions {
  /** Share of the limit kept in reserve; pacing starts when the remainder falls to it (default 0.1). */
  reserveFraction: number;
  /** The window the limit applies to (default one hour). */
  windowMs: number;
  /** The longest gap pacing puts between two requests (default 60 s). */
  maxDelayMs: number;
}

export const DEFAULT_PACING: PacingOptions = { reserveFraction: 0.1, windowMs: 60 * 60 * 1000, maxDelayMs: 60 * 1000 };

/**
 * The gap to keep between requests for this budget: 0 above the reserve; at the
 * reserve, the refill interval (window / limit); below it, that interval times
 * reserve / remaining, capped at maxDelayMs.
 */
export function paceInterval(state: RateLimitState | undefined, options: PacingOptions = DEFAULT_PACING): number {
  if (!state) return 0;
  const reserve = Math.max(1, Math.ceil(state.limit * options.reserveFraction));
  if (state.remaining > reserve) return 0;
  const refill = options.windowMs / state.limit;
  return Math.min(options.maxDelayMs, Math.ceil((refill * reserve) / Math.max(state.remaining, 1)));
}

/** Spaces requests across the whole client by the budget last seen. */
export class Pacer {
  #state: RateLimitState | undefined;
  #nextAt = 0;
  readonly #options: PacingOptions;
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(clock: Clock, sleep: (ms: number) => Promise<void>, options: Partial<PacingOptions> = {}) {
    this.#clock = clock;
    this.#sleep = sleep;
    this.#options = { ...DEFAULT_PACING, ...options };
  }

  get state(): RateLimitState | undefined {
    return this.#state ? { ...this.#state } : undefined;
  }

  /** Record the budget an answer reported. */
  observe(header: string | null | undefined): void {
    const state = parseRateLimit(header);
    if (state) this.#state = state;
  }

  /** Wait for this request's turn; resolves to the milliseconds waited. */
  async turn(): Promise<number> {
    const interval = paceInterval(this.#state, this.#options);
    // Count the request against the budget now: answers to requests in flight arrive later.
    if (this.#state && this.#state.remaining > 0) this.#state.remaining -= 1;
    if (interval <= 0) return 0;
    const now = this.#clock.now();
    const at = Math.max(now, this.#nextAt);
    this.#nextAt = at + interval;
    const wait = at - now;
    if (wait > 0) await this.#sleep(wait);
    return wait;
  }
}
