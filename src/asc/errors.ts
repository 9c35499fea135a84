/**
 * The client's errors. Each message is one readable, redacted line:
 *   409 ENTITY_ERROR.ATTRIBUTE.INVALID: An attribute value is invalid. (at /data/attributes/keywords)
 * The request (method and path) is kept apart in `request`, so callers can add
 * their own context (locale, field) without parsing the message.
 */
import type { ErrorItem } from "./types.js";
import { oneLine, redact } from "./redact.js";

/** Method and path (with query) of the request that failed, as the listener reports it. */
export interface RequestLabel {
  method: string;
  path: string;
}

export abstract class AscError extends Error {
  readonly request: RequestLabel;
  protected constructor(message: string, request: RequestLabel, options?: { cause?: unknown }) {
    super(redact(message), options);
    this.name = new.target.name;
    this.request = { method: request.method, path: redact(request.path) };
  }

  /** `PATCH /v1/appStoreVersionLocalizations/123: 409 …`, for logs that lack other context. */
  describe(): string {
    return `${this.request.method} ${this.request.path}: ${this.message}`;
  }
}

/** Sub-errors shown per error item; the rest are counted. */
const MAX_ASSOCIATED = 10;

/**
 * The sub-errors of an item (`meta.associatedErrors`, keyed by the resource
 * path they concern), as `STATE_ERROR.ENTITY_STATE_INVALID` answers carry
 * them: `/v1/appStoreVersions/1: ENTITY_ERROR.ATTRIBUTE.REQUIRED: … (at …)`.
 */
function associatedErrors(item: Partial<ErrorItem>): string[] {
  const associated = item.meta?.associatedErrors;
  if (typeof associated !== "object" || associated === null) return [];
  const lines: string[] = [];
  for (const [resource, items] of Object.entries(associated)) {
    if (!Array.isArray(items)) continue;
    for (const sub of items) if (isErrorItem(sub)) lines.push(oneLine(`${resource}: ${formatErrorItem({ ...sub, status: "", meta: {} })}`, 200));
  }
  if (lines.length <= MAX_ASSOCIATED) return lines;
  return [...lines.slice(0, MAX_ASSOCIATED), `and ${lines.length - MAX_ASSOCIATED} more`];
}

/** One error item as a line: status, code, detail (or title), where, and its sub-errors. */
export function formatErrorItem(item: Partial<ErrorItem>, fallbackStatus?: number): string {
  const status = item.status || (fallbackStatus === undefined ? "" : String(fallbackStatus));
  const head = [status, item.code].filter((part) => part !== undefined && part !== "").join(" ");
  const text = item.detail ?? item.title ?? "";
  const source = item.source as { pointer?: unknown; parameter?: unknown } | undefined;
  const where =
    typeof source?.pointer === "string" ? ` (at ${source.pointer})` : typeof source?.parameter === "string" ? ` (parameter ${source.parameter})` : "";
  const line = oneLine(`${head}${text ? `: ${text}` : ""}${where}`);
  const subErrors = associatedErrors(item);
  return subErrors.length ? `${line} [${subErrors.join("; ")}]` : line;
}

function isErrorItem(value: unknown): value is Partial<ErrorItem> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy of a JSON value with every string redacted. */
function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)])) as T;
  return value;
}

/** Apple's error items from a response body (redacted), or [] when the body is not Apple's error document. */
export function parseErrorItems(body: string): Partial<ErrorItem>[] {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    return Array.isArray(parsed?.errors) ? parsed.errors.filter(isErrorItem).map(redactDeep) : [];
  } catch {
    return [];
  }
}

/** App Store Connect answered with an error status. */
export class AscApiError extends AscError {
  readonly status: number;
  /** Apple's error items (empty when the body was not Apple's error document). */
  readonly errors: Partial<ErrorItem>[];
  /** Seconds the server asked to wait (Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(request: RequestLabel, status: number, statusText: string, body: string, retryAfterSeconds?: number) {
    const errors = parseErrorItems(body);
    super(AscApiError.messageFor(status, statusText, body, errors), request);
    this.status = status;
    this.errors = errors;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The first error's code (`ENTITY_ERROR.ATTRIBUTE.INVALID`), if Apple gave one. */
  get code(): string | undefined {
    return this.errors[0]?.code;
  }

  /** The same answer with only these of its error items (one refused attribute's), for a report that names that attribute alone. */
  narrowedTo(items: readonly Partial<ErrorItem>[]): AscApiError {
    return new AscApiError(this.request, this.status, "", JSON.stringify({ errors: items }), this.retryAfterSeconds);
  }

  /** True when any error's code is `prefix` or lies under it (`STATE_ERROR` matches `STATE_ERROR.ENTITY_STATE_INVALID`). */
  hasCode(prefix: string): boolean {
    return this.errors.some((item) => item.code === prefix || item.code?.startsWith(`${prefix}.`));
  }

  private static messageFor(status: number, statusText: string, body: string, errors: Partial<ErrorItem>[]): string {
    if (errors.length > 0) return errors.map((item) => formatErrorItem(item, status)).join("; ");
    const text = oneLine(body, 160);
    const fallback = statusText || "no error document";
    return `${status} ${text && !text.startsWith("<") ? text : fallback}`;
  }
}

export type NetworkFailure =
  /** The connection could not be made (refused, no such host): nothing was sent. */
  | "connect"
  /** The server's TLS certificate was refused (or the server does not speak TLS): nothing was sent, and trying again would not help. */
  | "tls"
  /** The connection broke after the request may have been sent. */
  | "dropped"
  /** No complete answer within the time limit. */
  | "timeout";

/** No usable answer: the connection failed, broke, or took too long. */
export class AscNetworkError extends AscError {
  readonly failure: NetworkFailure;
  constructor(request: RequestLabel, failure: NetworkFailure, detail: string, options?: { cause?: unknown }) {
    const what = { connect: "could not connect", tls: "the secure connection was refused", timeout: "no answer in time", dropped: "the connection dropped" }[
      failure
    ];
    const advice = failure === "tls" ? "; check --api-url, or add your network's certificate authority with NODE_EXTRA_CA_CERTS" : "";
    super(`${what}${detail ? ` (${oneLine(detail, 160)})` : ""}${advice}`, request, options);
    this.failure = failure;
  }
}

/**
 * A write that cannot be repeated blindly (a POST creates something each time)
 * and whose outcome is unknown: the connection dropped or timed out after the
 * request was sent, or the server failed (5xx) part-way. Apple may have made the
 * change, so the caller must look before repeating it (DESIGN §7).
 */
export class AscAmbiguousWriteError extends AscError {
  /** What happened: the network error, or Apple's 5xx answer. */
  override readonly cause: AscNetworkError | AscApiError;
  constructor(cause: AscNetworkError | AscApiError) {
    super(`outcome unknown after ${cause.message}; App Store Connect may have made the change, so look before repeating it`, cause.request, { cause });
    this.cause = cause;
  }
}

/** An answer that is not what the API promises (a 2xx body that is not JSON, an upload operation without a url). */
export class AscProtocolError extends AscError {
  constructor(request: RequestLabel, message: string) {
    super(message, request);
  }
}
