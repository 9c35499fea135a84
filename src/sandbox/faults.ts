/**
 * Injected faults, drawn from a seeded generator so that a test (or a bug
 * report) reproduces a run: for each request, in arrival order, the same four
 * draws decide a 5xx, an early 429 and a dropped connection.
 */
export interface FaultRates {
  /** Share of requests answered 500 or 503 before anything happens. */
  failRate: number;
  /** Share of requests answered 429 although the hourly budget is not spent. */
  rateLimitRate: number;
  /** Share of requests whose connection is closed without an answer, after the work is done. */
  dropRate: number;
}

export interface FaultDecision {
  fail?: 500 | 503;
  rateLimit: boolean;
  drop: boolean;
}

/** mulberry32: small, fast and good enough for fault injection. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private readonly random: () => number;

  constructor(
    private readonly rates: FaultRates,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  next(): FaultDecision {
    const [fail, kind, rateLimit, drop] = [this.random(), this.random(), this.random(), this.random()];
    return {
      ...(fail < this.rates.failRate ? { fail: kind < 0.5 ? (500 as const) : (503 as const) } : {}),
      rateLimit: rateLimit < this.rates.rateLimitRate,
      drop: drop < this.rates.dropRate,
    };
  }
}

export interface UploadFaultSettings {
  /** Share of upload-operation PUTs whose connection is closed before a byte is taken. */
  uploadFailRate: number;
  /** How many of the next screenshots committed never finish processing. */
  stuckUploads: number;
}

/**
 * Faults of the asset path: an upload host that cannot be reached, and
 * screenshots that stay UPLOAD_COMPLETE for good. Drawn from a generator of
 * their own, so that a seed replays the same API faults with or without them.
 */
export class UploadFaults {
  private readonly random: () => number;
  private stuckLeft: number;

  constructor(
    private readonly settings: UploadFaultSettings,
    seed: number,
  ) {
    this.random = seededRandom(seed ^ 0x5bd1e995);
    this.stuckLeft = settings.stuckUploads;
  }

  /** Whether this upload operation finds the upload host unreachable. */
  unreachable(): boolean {
    return this.settings.uploadFailRate > 0 && this.random() < this.settings.uploadFailRate;
  }

  /** Whether the screenshot committed now never leaves UPLOAD_COMPLETE. */
  sticks(): boolean {
    if (this.stuckLeft <= 0) return false;
    this.stuckLeft -= 1;
    return true;
  }
}
