/**
 * App Store Connect's hourly budget per API key, over a rolling hour: every
 * answer says `X-Rate-Limit: user-hour-lim:3600;user-hour-rem:3599;`, and a
 * request past the limit is answered 429 RATE_LIMIT_EXCEEDED.
 */
const HOUR_MS = 60 * 60 * 1000;

export class RateLimiter {
  private readonly requests = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const times = this.requests.get(key) ?? [];
    const since = this.now() - HOUR_MS;
    let drop = 0;
    while (drop < times.length && times[drop]! <= since) drop++;
    if (drop > 0) times.splice(0, drop);
    this.requests.set(key, times);
    return times;
  }

  /** Counts a request; false when the hour's budget was already spent. */
  take(key: string): boolean {
    const times = this.recent(key);
    if (times.length >= this.limit) return false;
    times.push(this.now());
    return true;
  }

  remaining(key: string): number {
    return Math.max(0, this.limit - this.recent(key).length);
  }

  header(key: string): string {
    return `user-hour-lim:${this.limit};user-hour-rem:${this.remaining(key)};`;
  }
}
