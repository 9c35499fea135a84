/**
 * The HTTP side: node:http on 127.0.0.1, three kinds of path.
 *
 *   /v1/…          the App Store Connect API: faults, auth, rate limit, the
 *                  operation the spec names for the method and path, its query
 *                  parameters and body checked against the spec, its handler
 *   /upload/…      where upload operations PUT their bytes (no bearer token)
 *   /image/thumb/… processed renditions behind imageAsset.templateUrl
 *   /analytics/…   analytics report segments (gzip TSV; a secret in the path, no bearer token)
 *
 * Faults are drawn per request in arrival order (faults.ts); a dropped
 * connection is dropped after the work is done, so a create whose answer was
 * lost still exists, as with Apple.
 *
 * Latency: every answer leaves `latencyMs` after its request arrived, or when
 * its work is done if that took longer. A request is stamped as it is parsed,
 * and worked on (answer encoded) during the wait, one request per turn of the
 * event loop so that requests arriving meanwhile are stamped as they come: App
 * Store Connect works on many requests at once, and the sandbox's single thread
 * must not add its own queue to the latency a client sees when it sends 40 reads
 * together. Work that takes longer than the latency still shows.
 *
 * Robustness: a request the sandbox cannot make sense of (a path such as `//`,
 * a bad %-escape) gets a JSON:API error, a handler that throws gets a 500, and
 * nothing a client sends can end the process (an apply may run in the same
 * one). Connections that stall (headers or a body that never complete, idle
 * keep-alive) are closed after the time limits below.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Verifier } from "../auth/verify.js";
import type { AnswerShape } from "../json-api/answer-shape.js";
import { ApiError, errors } from "../errors.js";
import type { Faults, FaultDecision } from "../faults.js";
import type { HandlerSettings } from "../handlers/context.js";
import { HANDLERS } from "../handlers/index.js";
import { settleReviews } from "../rules/review.js";
import type { RateLimiter } from "../rate-limit.js";
import { checkRequestBody, parseJsonBody } from "../spec/bodies.js";
import type { SchemaValidators } from "../spec/json-schema.js";
import type { OpenApiDocument, OperationTable } from "../spec/openapi.js";
import { parseQuery } from "../spec/parameters.js";
import type { AssetFiles } from "../store/assets.js";
import type { Store } from "../store/store.js";
import { materializeAnalytics, segmentBytes } from "../analytics/materialize.js";
import { parseRenditionPath, rendition, settle } from "../uploads/processing.js";
import { settlePreview } from "../uploads/video-processing.js";
import { readFile } from "node:fs/promises";
import { isUploadPath, receiveUpload } from "../uploads/receive.js";

/** One answered (or dropped) request, for tests and the benchmark. */
export interface RequestRecord {
  method: string;
  /** Path and query as requested. */
  url: string;
  operationId?: string;
  status: number;
  /** The connection was closed instead of answering (the status is what it would have been). */
  dropped: boolean;
  /** The fault knob that decided the answer, if one did. */
  injected?: "fail" | "rateLimit" | "drop";
}

/** An upload operation whose bytes are stored and whose answer has not left yet. */
export interface UploadPartEvent {
  screenshotId: string;
  /** 1 for the reservation's first upload operation. */
  part: number;
}

export interface ServerParts {
  spec: OpenApiDocument;
  table: OperationTable;
  validators: SchemaValidators;
  store: Store;
  assets: AssetFiles;
  verifier: Verifier;
  limiter: RateLimiter;
  keyId: string;
  faults: Faults;
  latencyMs: number;
  latencyTimers?: LatencyTimers;
  settings: HandlerSettings;
  answers: AnswerShape;
  timeouts?: ConnectionTimeouts;
  onRequest?: (record: RequestRecord) => void;
  onUploadPart?: (part: UploadPartEvent) => Promise<void> | void;
  log: (message: string) => void;
}

interface Answer {
  status: number;
  body?: object | Buffer;
  contentType?: string;
  operationId?: string;
  injected?: RequestRecord["injected"];
  /** Extra headers; `Connection: close` ends the connection once the answer is sent. */
  headers?: Record<string, string>;
}

const MAX_JSON_BODY = 2 * 1024 * 1024;

/** Time limits that close stalled connections (a slowloris client, a half-open socket). */
export interface ConnectionTimeouts {
  /** Until the request's headers are complete. */
  headersMs: number;
  /** Until the whole request (an upload part included) has arrived. */
  requestMs: number;
  /** An idle keep-alive connection between requests. */
  keepAliveMs: number;
  /** How often the limits are checked (Node checks every 30 s by default). */
  checkIntervalMs: number;
}

export const DEFAULT_CONNECTION_TIMEOUTS: ConnectionTimeouts = { headersMs: 10_000, requestMs: 120_000, keepAliveMs: 5_000, checkIntervalMs: 1_000 };

/** An answer after which the connection is closed instead of reading what is left of the request. */
const closing = (error: ApiError): ApiError => new ApiError(error.status, error.items, { ...error.headers, Connection: "close" });
const NO_FAULTS: FaultDecision = { rateLimit: false, drop: false };

/** The request URL as a valid URI reference: brackets and other characters RFC 3986 does not allow in a query are %-encoded, as in Apple's links. */
function absoluteUrl(origin: string, pathAndQuery: string): string {
  return `${origin}${pathAndQuery.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/g, (character) => encodeURIComponent(character))}`;
}

/** The clock and the wait behind `latencyMs`; tests pass their own to see the latency without measuring it. */
export interface LatencyTimers {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_TIMERS: LatencyTimers = { now: () => performance.now(), sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY) throw closing(errors.unprocessable(`The request body is larger than ${MAX_JSON_BODY} bytes`));
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function discard(request: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (request.readableEnded) return resolve();
    request
      .on("end", resolve)
      .on("error", () => resolve())
      .on("close", () => resolve());
    request.resume();
  });
}

export class SandboxServer {
  readonly server: http.Server;
  private readonly inFlight = new Set<Promise<void>>();
  private origin = "";

  constructor(private readonly parts: ServerParts) {
    const timeouts = parts.timeouts ?? DEFAULT_CONNECTION_TIMEOUTS;
    this.server = http.createServer(
      { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
      (request, response) => {
        const done = this.serve(request, response)
          .catch((error: unknown) => this.failed(request, response, error))
          .finally(() => this.inFlight.delete(done));
        this.inFlight.add(done);
      },
    );
    this.server.keepAliveTimeout = timeouts.keepAliveMs;
  }

  /** Last resort for an error outside the answer's own handling: a 500 if nothing was sent yet, else the connection closes. */
  private failed(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    this.parts.log(`asc-gitops sandbox: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    try {
      if (!response.headersSent) {
        const payload = JSON.stringify(errors.unexpected().document());
        response.writeHead(500, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload), Connection: "close" });
        response.end(payload);
      } else request.socket.destroy();
    } catch {
      request.socket.destroy();
    }
  }

  /** The request's URL on this origin, or undefined when it is not one (an absolute URL elsewhere, `*`). */
  private requestUrl(request: IncomingMessage): URL | undefined {
    const target = request.url ?? "/";
    try {
      // Joined as text: `new URL("//", origin)` would read `//` as a host, and fail.
      if (target.startsWith("/")) return new URL(`${this.origin}${target}`);
      const absolute = new URL(target);
      return absolute.origin === this.origin ? absolute : undefined;
    } catch {
      return undefined;
    }
  }

  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  /** Stops accepting, lets requests in progress finish (briefly), then closes every connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
    this.server.closeAllConnections();
    await closed;
  }

  private readonly waiting: Array<() => void> = [];
  private releasing = false;

  /** Resolves when this request may be worked on: in arrival order, one per event-loop turn (new arrivals are read in between). */
  private turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.releasing) {
        this.releasing = true;
        setImmediate(() => this.releaseNext());
      }
    });
  }

  private releaseNext(): void {
    const next = this.waiting.shift();
    if (!next) {
      this.releasing = false;
      return;
    }
    next();
    setImmediate(() => this.releaseNext());
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = this.requestUrl(request);
    const isApi = url?.pathname.startsWith("/v1/") ?? false;
    const isUpload = url ? isUploadPath(url.pathname) : false;
    // Drawn on arrival, before any await, so that a seed replays the same faults.
    const faults = isApi || isUpload ? this.parts.faults.next() : NO_FAULTS;
    if (isUpload && this.parts.settings.uploadFaults.unreachable()) {
      // As an upload host that cannot be reached: no answer, and not a byte taken.
      request.socket.destroy();
      this.parts.onRequest?.({ method: request.method ?? "", url: request.url ?? "", status: 0, dropped: true, injected: "drop" });
      return;
    }
    const timers = this.parts.latencyTimers ?? REAL_TIMERS;
    const arrived = timers.now();
    // With latency, requests are worked on one per turn of the event loop, so that those arriving
    // meanwhile are stamped as they come: the latency runs from each one's arrival, not from when
    // this single thread got round to it.
    if (this.parts.latencyMs > 0) await this.turn();
    let answer: Answer;
    try {
      if (!url) {
        await discard(request);
        throw errors.pathNotFound(request.url ?? "");
      } else if (faults.fail) {
        await discard(request);
        answer = { ...this.error(faults.fail === 500 ? errors.unexpected() : errors.unavailable()), injected: "fail" };
      } else if (isApi) {
        answer = await this.api(request, url, faults);
      } else if (isUpload) {
        answer = await receiveUpload(request, url, this.parts.store, this.parts.assets);
        // The path was matched by isUploadPath: /upload/<screenshot id>/<part number>.
        const [, , screenshotId, part] = url.pathname.split("/");
        await this.parts.onUploadPart?.({ screenshotId: screenshotId!, part: Number(part) });
      } else if (url.pathname.startsWith("/analytics/")) {
        answer = await this.analyticsFile(request, url);
      } else if (url.pathname.startsWith("/video/")) {
        answer = await this.video(request, url);
      } else {
        answer = await this.image(request, url);
      }
    } catch (error) {
      answer = this.error(error);
    }
    const record = (dropped: boolean): RequestRecord => ({
      method: request.method ?? "",
      url: request.url ?? "",
      ...(answer.operationId ? { operationId: answer.operationId } : {}),
      status: answer.status,
      dropped,
      ...(dropped ? { injected: "drop" as const } : answer.injected ? { injected: answer.injected } : {}),
    });
    const encoded = faults.drop ? undefined : this.encode(answer);
    const closeAfter = answer.headers?.Connection === "close";
    const wait = arrived + this.parts.latencyMs - timers.now();
    if (wait > 0) await timers.sleep(wait);
    if (!encoded) {
      await discard(request);
      request.socket.destroy();
      this.parts.onRequest?.(record(true));
      return;
    }
    response.writeHead(answer.status, encoded.headers);
    // A refused body is not read to its end: the connection closes once the answer is out.
    response.end(encoded.payload, closeAfter ? () => request.socket.destroy() : undefined);
    this.parts.onRequest?.(record(false));
  }

  private async api(request: IncomingMessage, url: URL, faults: FaultDecision): Promise<Answer> {
    const method = request.method ?? "GET";
    const { parts } = this;
    try {
      await parts.verifier.verify(request.headers.authorization, method, `${url.pathname}${url.search}`);
    } catch (error) {
      await discard(request);
      throw error;
    }
    if (!parts.limiter.take(parts.keyId)) {
      await discard(request);
      return this.error(errors.rateLimited());
    }
    if (faults.rateLimit) {
      await discard(request);
      return { ...this.error(errors.rateLimited()), injected: "rateLimit" };
    }
    let match: ReturnType<OperationTable["match"]>;
    try {
      match = parts.table.match(method, url.pathname);
    } catch {
      match = undefined; // a malformed %-escape in the path
    }
    if (!match) {
      await discard(request);
      throw errors.pathNotFound(url.pathname);
    }
    if ("methodNotAllowed" in match) {
      await discard(request);
      throw errors.methodNotAllowed(method, url.pathname);
    }
    const { operation, id } = match;
    try {
      const query = parseQuery(operation, url.searchParams);
      let body: unknown;
      if (operation.requestSchema) {
        body = parseJsonBody(await readText(request));
        checkRequestBody(parts.spec, parts.validators, operation, body, id);
      } else {
        await discard(request);
      }
      const now = Date.now();
      // App Review's clock (rules/review.ts) moves before the request sees the states.
      if (settleReviews(parts.store, now)) await parts.store.commit();
      const result = await HANDLERS[operation.id]({
        operation,
        ...(id === undefined ? {} : { id }),
        body,
        query,
        origin: this.origin,
        selfUrl: absoluteUrl(this.origin, request.url ?? url.pathname),
        store: parts.store,
        table: parts.table,
        now,
        answers: parts.answers,
        assets: parts.assets,
        settings: parts.settings,
      });
      return { status: result.status, ...(result.body ? { body: result.body } : {}), operationId: operation.id };
    } catch (error) {
      const answer = this.error(error);
      if (answer.headers?.Connection !== "close") await discard(request);
      return { ...answer, operationId: operation.id };
    }
  }

  private async image(request: IncomingMessage, url: URL): Promise<Answer> {
    await discard(request);
    const found = parseRenditionPath(url.pathname);
    if (!found || (request.method !== "GET" && request.method !== "HEAD")) throw errors.pathNotFound(url.pathname);
    const screenshot = this.parts.store.tables.appScreenshots.get(found.id);
    if (screenshot) settle(screenshot, Date.now());
    if (!screenshot || screenshot.state !== "COMPLETE") throw errors.notFound("images", found.id);
    const bytes = await rendition(this.parts.assets, screenshot, found.width, found.height, found.format);
    return { status: 200, body: bytes, contentType: found.format === "png" ? "image/png" : found.format === "webp" ? "image/webp" : "image/jpeg" };
  }

  /** A processed preview's video behind `videoUrl` (/video/<assetToken>): the sandbox serves the committed file as it is. */
  private async video(request: IncomingMessage, url: URL): Promise<Answer> {
    await discard(request);
    const id = /^\/video\/PurpleSandbox\/v4\/[^/]+\/([^/]+)\/[^/]+$/.exec(url.pathname)?.[1];
    if (!id || (request.method !== "GET" && request.method !== "HEAD")) throw errors.pathNotFound(url.pathname);
    const preview = this.parts.store.tables.appPreviews.get(id);
    if (preview) settlePreview(preview, Date.now());
    if (!preview || preview.state !== "COMPLETE") throw errors.notFound("videos", id);
    return { status: 200, body: await readFile(this.parts.assets.originalPath(preview.id)), contentType: preview.mimeType };
  }

  /** A segment's file: /analytics/<segment id>/<key>/data.tsv.gz; 404 once its instance has expired (or for a wrong key). */
  private async analyticsFile(request: IncomingMessage, url: URL): Promise<Answer> {
    await discard(request);
    const [, , segmentId, key] = url.pathname.split("/");
    const { store, settings } = this.parts;
    if (materializeAnalytics(store, settings.clock())) await store.commit();
    const segment = segmentId ? store.tables.analyticsReportSegments.get(segmentId) : undefined;
    const bytes = segment && segment.key === key ? segmentBytes(store, segment.id) : undefined;
    if (!bytes) return { status: 404, body: Buffer.from("Not Found\n"), contentType: "text/plain" };
    return { status: 200, body: bytes, contentType: "application/gzip" };
  }

  private error(error: unknown): Answer {
    if (error instanceof ApiError)
      return { status: error.status, body: error.document(), ...(Object.keys(error.headers).length ? { headers: error.headers } : {}) };
    this.parts.log(`asc-gitops sandbox: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const unexpected = errors.unexpected();
    return { status: unexpected.status, body: unexpected.document() };
  }

  /** The answer's headers and bytes, made before the latency wait so that the wait covers the work. */
  private encode(answer: Answer): { headers: Record<string, string | number>; payload: Buffer | undefined } {
    const headers: Record<string, string | number> = { "X-Rate-Limit": this.parts.limiter.header(this.parts.keyId), ...answer.headers };
    let payload: Buffer | undefined;
    if (answer.body instanceof Buffer) {
      payload = answer.body;
      headers["Content-Type"] = answer.contentType ?? "application/octet-stream";
    } else if (answer.body !== undefined && answer.status !== 204) {
      payload = Buffer.from(JSON.stringify(answer.body));
      headers["Content-Type"] = "application/json";
    }
    headers["Content-Length"] = payload?.length ?? 0;
    return { headers, payload };
  }
}
