/**
 * The transport under the client: keep-alive connections that can be opened
 * ahead of need (connections.ts), a bound on requests in flight, a time limit
 * on every attempt, retries by the policy in retry.ts (failures classified by
 * network-errors.ts), pacing by the X-Rate-Limit budget, and a report of every
 * attempt to an optional listener, with counters. Public files (renditions)
 * come through the download transport beside it (download.ts).
 *
 * Nothing here knows JSON:API; the client builds requests and reads answers.
 */
import { Connections, type Exchange, type HttpFetch } from "./connections.js";
import { Downloads } from "./download.js";
import { AscAmbiguousWriteError, AscApiError, AscNetworkError, type NetworkFailure, type RequestLabel } from "./errors.js";
import { Pacer, type PacingOptions, type RateLimitState } from "./rate-limit.js";
import { classifyNetworkError } from "./network-errors.js";
import { DEFAULT_RETRY, decideRetry, parseRetryAfter, type AttemptOutcome, type RetryPolicy } from "./retry.js";
import { Semaphore } from "./semaphore.js";
import { oneLine } from "./redact.js";
import { systemClock, type Clock } from "./token.js";

export type RequestKind = "api" | "upload";

/** One attempt of one request, as the listener sees it. Never holds a token or a key. */
export interface RequestEvent {
  method: string;
  /** Path and query for API requests; scheme, host and path (no query) for uploads. */
  path: string;
  kind: RequestKind;
  /** The answer's status, or null when there was none (connection failure, timeout). */
  status: number | null;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** When the attempt started (clock milliseconds since the epoch). */
  startedAt: number;
  durationMs: number;
  /** Bytes of request body sent (or attempted). */
  bytesSent: number;
  /** Milliseconds this attempt waited for the rate budget before it was sent. */
  pacedMs: number;
  /** What the client does next: done, retry after a delay, or give up. */
  outcome: "ok" | "retry" | "error";
  /** One redacted line on failure. */
  error?: string;
}

export type RequestListener = (event: RequestEvent) => void;

export interface ClientStats {
  /** API attempts sent, retries included (uploads are counted apart). */
  requests: number;
  /** API attempts by method. */
  byMethod: Record<string, number>;
  /** Attempts that could change something: API POST, PATCH, DELETE and every upload. */
  writes: number;
  /** Attempts that repeated an earlier one. */
  retries: number;
  /** Upload attempts sent. */
  uploads: number;
  /** Bytes of upload operations that succeeded. */
  bytesUploaded: number;
  /** Time spent waiting for the rate budget. */
  pacedMs: number;
  /** The budget Apple last reported. */
  rateLimit: RateLimitState | undefined;
}

export interface TransportOptions {
  /** API writes (POST, PATCH, DELETE) in flight at once (default 8). */
  concurrency?: number;
  /**
   * GET requests in flight at once (default 50). Reads are cheap, safe to
   * repeat and cost Apple's budget per request, not per connection: a plan
   * reads the screenshot sets of every locale (at most 50) in one round trip.
   */
  readConcurrency?: number;
  /** Upload operations in flight at once (default: concurrency). */
  uploadConcurrency?: number;
  /** Time limit for one API attempt, answer body included (default 30 s). */
  timeoutMs?: number;
  /** Time limit for one upload attempt (default 120 s). */
  uploadTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Pacing by X-Rate-Limit, or false to turn it off. */
  pacing?: Partial<PacingOptions> | false;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1): the jitter source. */
  random?: () => number;
  /** Sends one request (tests pass a recording or failing one); default: node:http(s) with keep-alive and preconnect. */
  fetch?: HttpFetch;
  listener?: RequestListener;
  userAgent?: string;
}

export interface TransportRequest {
  method: string;
  url: URL;
  /** How the request is named in events and errors. */
  label: string;
  kind: RequestKind;
  headers?: Record<string, string>;
  /** Resolves to a bearer token, asked anew for every attempt so retries after a long wait get a fresh one. */
  authorization?: () => Promise<string>;
  body?: Uint8Array | string;
}

export interface TransportResponse {
  status: number;
  headers: Exchange["headers"];
  body: string;
  attempts: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Transport {
  readonly #api: Semaphore;
  readonly #reads: Semaphore;
  readonly #uploads: Semaphore;
  readonly #timeoutMs: number;
  readonly #uploadTimeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #pacer: Pacer | undefined;
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #fetch: HttpFetch;
  readonly #connections: Connections | undefined;
  readonly #listener: RequestListener | undefined;
  readonly #userAgent: string;
  readonly #downloads: Downloads;
  readonly #stats = { requests: 0, byMethod: {} as Record<string, number>, writes: 0, retries: 0, uploads: 0, bytesUploaded: 0, pacedMs: 0 };

  constructor(options: TransportOptions = {}) {
    const concurrency = options.concurrency ?? 8;
    this.#api = new Semaphore(concurrency);
    this.#reads = new Semaphore(options.readConcurrency ?? 50);
    this.#uploads = new Semaphore(options.uploadConcurrency ?? concurrency);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#uploadTimeoutMs = options.uploadTimeoutMs ?? 120_000;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    if (!Number.isInteger(this.#retry.maxAttempts) || this.#retry.maxAttempts < 1)
      throw new RangeError("retry.maxAttempts must be a whole number of at least 1");
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.#connections = options.fetch ? undefined : new Connections();
    this.#fetch = options.fetch ?? this.#connections!.fetch;
    this.#listener = options.listener;
    this.#userAgent = options.userAgent ?? "asc-gitops";
    this.#pacer = options.pacing === false ? undefined : new Pacer(this.#clock, this.#sleep, options.pacing ?? {});
    this.#downloads = new Downloads({ fetch: this.#fetch, retry: this.#retry, random: this.#random, sleep: this.#sleep, userAgent: this.#userAgent });
  }

  /**
   * Opens connections to `url`'s origin until `count` are open: the reads
   * about to go out together then find them ready instead of each paying for
   * its own TCP and TLS handshakes. Sends nothing over them.
   */
  preconnect(url: URL, count: number): void {
    this.#connections?.preconnect(url, count);
  }

  /** GETs a public file whole (a screenshot rendition: no token); see download.ts. */
  download(url: URL, timeoutMs?: number): Promise<Uint8Array> {
    return this.#downloads.download(url, timeoutMs);
  }

  /** Readies the HTTP client code without contacting anyone (see Connections.warmUp). */
  async warmUp(): Promise<void> {
    await this.#connections?.warmUp();
  }

  /** Closes the connections kept alive (idle ones never hold the process open). */
  close(): void {
    this.#connections?.close();
  }

  stats(): ClientStats {
    return { ...this.#stats, byMethod: { ...this.#stats.byMethod }, rateLimit: this.#pacer?.state };
  }

  /** Sends `request` until it succeeds or the retry policy gives up; throws AscApiError, AscNetworkError or AscAmbiguousWriteError. */
  async send(request: TransportRequest): Promise<TransportResponse> {
    const method = request.method.toUpperCase();
    const label: RequestLabel = { method, path: request.label };
    const upload = request.kind === "upload";
    const bytes = typeof request.body === "string" ? Buffer.byteLength(request.body) : (request.body?.byteLength ?? 0);
    for (let attempt = 1; ; attempt += 1) {
      const pacedMs = !upload && this.#pacer ? await this.#pacer.turn() : 0;
      this.#stats.pacedMs += pacedMs;
      const semaphore = upload ? this.#uploads : method === "GET" ? this.#reads : this.#api;
      await semaphore.acquire();
      const headers: Record<string, string> = { "user-agent": this.#userAgent, ...request.headers };
      try {
        // Asked after waiting for a slot, so the token is fresh when it is sent.
        if (request.authorization) headers.authorization = `Bearer ${await request.authorization()}`;
      } catch (error) {
        semaphore.release();
        throw error;
      }
      const startedAt = this.#clock.now();
      const started = performance.now();
      let response: Exchange | undefined;
      let body = "";
      let failure: { failure: NetworkFailure; detail: string; error: unknown } | undefined;
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(
        () => {
          timedOut = true;
          controller.abort();
        },
        upload ? this.#uploadTimeoutMs : this.#timeoutMs,
      );
      try {
        this.#count(method, upload, attempt);
        response = await this.#fetch(request.url, { method, headers, body: request.body ?? null, signal: controller.signal, redirect: "manual" });
        body = await response.text();
      } catch (error) {
        failure = { ...classifyNetworkError(error, timedOut), error };
      } finally {
        clearTimeout(timer);
        semaphore.release();
      }
      const durationMs = Math.round(performance.now() - started);
      if (response && !upload) this.#pacer?.observe(response.headers.get("x-rate-limit"));

      const event = { method, path: request.label, kind: request.kind, attempt, startedAt, durationMs, bytesSent: bytes, pacedMs };
      // A DELETE repeated after an attempt that may have worked: "not found" means done.
      const status = failure ? undefined : response!.status;
      if (status !== undefined && ((status >= 200 && status < 300) || (method === "DELETE" && status === 404 && attempt > 1))) {
        if (upload) this.#stats.bytesUploaded += bytes;
        this.#emit({ ...event, status, outcome: "ok" });
        return { status, headers: response!.headers, body, attempts: attempt };
      }

      let error: AscApiError | AscNetworkError;
      let outcome: AttemptOutcome;
      if (failure) {
        error = new AscNetworkError(label, failure.failure, failure.detail, { cause: failure.error });
        outcome = { network: failure.failure };
      } else {
        const retryAfterSeconds = parseRetryAfter(response!.headers.get("retry-after"), this.#clock.now());
        error = new AscApiError(label, status!, response!.statusText, body, retryAfterSeconds);
        outcome = { status: status!, retryAfterSeconds };
      }
      const decision = decideRetry(method, outcome, attempt, this.#retry, this.#random);
      this.#emit({ ...event, status: status ?? null, outcome: decision.action === "retry" ? "retry" : "error", error: error.message });
      if (decision.action === "ambiguous") throw new AscAmbiguousWriteError(error);
      if (decision.action === "fail") throw error;
      await this.#sleep(decision.delayMs);
    }
  }

  #count(method: string, upload: boolean, attempt: number): void {
    if (attempt > 1) this.#stats.retries += 1;
    if (upload) {
      this.#stats.uploads += 1;
      this.#stats.writes += 1;
      return;
    }
    this.#stats.requests += 1;
    this.#stats.byMethod[method] = (this.#stats.byMethod[method] ?? 0) + 1;
    if (method !== "GET" && method !== "HEAD") this.#stats.writes += 1;
  }

  #emit(event: RequestEvent): void {
    if (!this.#listener) return;
    try {
      this.#listener({ ...event, path: oneLine(event.path, 2000), ...(event.error === undefined ? {} : { error: oneLine(event.error) }) });
    } catch {
      // A listener's failure must not break a request.
    }
  }
}
