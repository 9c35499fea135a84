/**
 * The App Store Connect client the resources use: JSON:API requests with a
 * bearer token, over the transport in http.ts (retries, pacing, time limits,
 * bounded concurrency, events and counters), collections read to the last
 * page, and upload operations sent to Apple's asset hosts with their own
 * headers and no token.
 */
import { AscProtocolError } from "./errors.js";
import { isLoopbackHost } from "./hosts.js";
import { withoutNulls } from "./nulls.js";
import { Transport, type ClientStats, type TransportOptions, type TransportResponse } from "./http.js";
import { collectPages, type CollectionDocument } from "./pagination.js";
import { credentialsFromEnv, type AscCredentials, type CredentialOptions } from "./credentials.js";
import { TokenProvider, type TokenOptions, type TokenSource } from "./token.js";
import type { UploadOperation } from "./types.js";

export const DEFAULT_API_URL = "https://api.appstoreconnect.apple.com";

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;
/** e.g. `{ "filter[platform]": "IOS", include: ["appStoreVersionLocalizations"], limit: 200 }` */
export type Query = Readonly<Record<string, QueryValue>>;

const keepBrackets = (text: string) => encodeURIComponent(text).replace(/%5B/gi, "[").replace(/%5D/gi, "]");

/**
 * `?filter[platform]=IOS&include=a,b&limit=200`: keys keep their brackets and
 * lists are joined with commas, as Apple writes them; everything else is
 * percent-encoded. Undefined and null values are left out; "" when nothing remains.
 */
export function encodeQuery(query: Query | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.map((item) => encodeURIComponent(String(item))).join(",") : encodeURIComponent(String(value));
    parts.push(`${keepBrackets(key)}=${text}`);
  }
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

function httpUrl(text: string, what: string, allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`${what} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new TypeError(`${what} must be an http or https URL, not ${url.protocol}`);
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new TypeError(`${what} ${url.origin} uses plain http: only https is used, except to this machine`);
  }
  return url;
}

/**
 * The API's base URL, checked: http(s) only, plain http only to this machine
 * unless allowed, no query, fragment or credentials. Trailing slashes and a
 * trailing /v1 are dropped: every request path starts with /v1, and Apple's
 * documentation writes the base as …/v1, which would otherwise give /v1/v1.
 */
export function parseApiUrl(text: string, allowInsecureHttp = false): URL {
  const url = httpUrl(text.trim(), "--api-url", allowInsecureHttp);
  if (url.search || url.hash || /[?#]/.test(text))
    throw new TypeError(`--api-url must not carry a query or fragment: give the base URL, such as ${DEFAULT_API_URL}`);
  if (url.username || url.password)
    throw new TypeError("--api-url must not carry a user name or password: App Store Connect takes the API key, never a password");
  url.pathname = url.pathname.replace(/\/+$/, "").replace(/\/v1$/i, "") || "/";
  return url;
}

export interface AscClientOptions extends TransportOptions {
  /** Default https://api.appstoreconnect.apple.com (the `--api-url` option). */
  baseUrl?: string;
  /** Signs tokens with these (15-minute ES256 JWTs, refreshed before they expire). */
  credentials?: AscCredentials;
  /** Or any token source (takes precedence over credentials). */
  tokens?: TokenSource;
  /** Lifetime and refresh margin for tokens signed from `credentials`; the clock is the client's. */
  token?: Omit<TokenOptions, "clock">;
  /** Allow plain http to hosts other than this machine (tests in containers). */
  allowInsecureHttp?: boolean;
}

export class AscClient {
  readonly baseUrl: URL;
  readonly #transport: Transport;
  readonly #tokens: TokenSource | undefined;
  readonly #allowInsecureHttp: boolean;

  constructor(options: AscClientOptions = {}) {
    this.#allowInsecureHttp = options.allowInsecureHttp ?? false;
    this.baseUrl = parseApiUrl(options.baseUrl ?? DEFAULT_API_URL, this.#allowInsecureHttp);
    this.#transport = new Transport(options);
    this.#tokens =
      options.tokens ??
      (options.credentials ? new TokenProvider(options.credentials, { ...options.token, ...(options.clock ? { clock: options.clock } : {}) }) : undefined);
  }

  /** A client with credentials from ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY or ASC_PRIVATE_KEY_PATH. */
  static async fromEnvironment(
    options: AscClientOptions & { env?: Record<string, string | undefined>; credentialOptions?: CredentialOptions } = {},
  ): Promise<AscClient> {
    const credentials = await credentialsFromEnv(options.env ?? process.env, options.credentialOptions);
    return new AscClient({ ...options, credentials });
  }

  /** Counters since the client was made: requests, writes, retries, uploads, bytes uploaded, pacing. */
  stats(): ClientStats {
    return this.#transport.stats();
  }

  /**
   * Gets ready to send without sending anything to App Store Connect: signs
   * the first token and readies the HTTP client code on a loopback exchange,
   * so the first request pays for neither. Callers run it while they validate files.
   */
  async warmUp(): Promise<void> {
    await Promise.all([this.#tokens?.token(), this.#transport.warmUp()]);
  }

  /**
   * Opens connections to the API until `count` are open, for requests about
   * to go out together (a plan's screenshot-set reads, one per locale). Call
   * it as the first request leaves: the handshakes overlap its round trip.
   */
  preconnect(count: number): void {
    this.#transport.preconnect(this.baseUrl, count);
  }

  /** Closes the connections kept alive. */
  close(): void {
    this.#transport.close();
  }

  /** One GET; `path` like "/v1/apps/123/appStoreVersions". */
  async get<T = unknown>(path: string, query?: Query): Promise<T> {
    return this.#json<T>("GET", this.#url(path, query));
  }

  /** A collection with every page read (following links.next), data concatenated and included de-duplicated. */
  async getAll<T extends CollectionDocument>(path: string, query?: Query): Promise<T> {
    const first = await this.#json<T>("GET", this.#url(path, query));
    return collectPages(first, (next) => this.#json<T>("GET", this.#followUrl(next)));
  }

  /** The page a collection's links.next names (sent only to the configured API host), for a reader that stops early. */
  async getNext<T = unknown>(next: string): Promise<T> {
    return this.#json<T>("GET", this.#followUrl(next));
  }

  /** Creates; never repeated blindly (see retry.ts): an unknown outcome throws AscAmbiguousWriteError. */
  async post<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.#json<T>("POST", this.#url(path), body);
  }

  /** Updates (attributes, or a whole relationship); answers 204 to a relationship update, which resolves to undefined. */
  async patch<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.#json<T>("PATCH", this.#url(path), body);
  }

  /** Deletes; a retried DELETE answered 404 counts as done (its first try may have worked). */
  async delete(path: string): Promise<void> {
    await this.#json<unknown>("DELETE", this.#url(path));
  }

  /**
   * Sends one upload operation of an App Store Connect reservation: the bytes
   * `offset` to `offset + length` of `file` (the whole file), to the operation's
   * url with its method and headers, and without the bearer token.
   */
  async upload(operation: UploadOperation, file: Uint8Array): Promise<void> {
    const { method, url, offset, length } = operation;
    const label = { method: (method ?? "PUT").toUpperCase(), path: typeof url === "string" ? safeUploadLabel(url) : "(upload)" };
    if (typeof method !== "string" || typeof url !== "string" || typeof offset !== "number" || typeof length !== "number") {
      throw new AscProtocolError(label, "upload operation lacks method, url, offset or length");
    }
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > file.byteLength) {
      throw new AscProtocolError(label, `upload operation asks for bytes ${offset} to ${offset + length} of a ${file.byteLength}-byte file`);
    }
    let target: URL;
    try {
      target = httpUrl(url, "upload operation url", this.#allowInsecureHttp);
    } catch (error) {
      throw new AscProtocolError(label, (error as Error).message);
    }
    const headers: Record<string, string> = {};
    for (const header of operation.requestHeaders ?? []) {
      if (typeof header.name !== "string" || typeof header.value !== "string") continue;
      if (header.name.toLowerCase() === "authorization") continue;
      headers[header.name] = header.value;
    }
    await this.#transport.send({ method: label.method, url: target, label: label.path, kind: "upload", headers, body: file.subarray(offset, offset + length) });
  }

  /** A public file (a rendition from an imageAsset templateUrl), without the token; redirects followed. */
  async download(url: string): Promise<Uint8Array> {
    return this.#transport.download(httpUrl(url, "download url", this.#allowInsecureHttp));
  }

  async #json<T>(method: string, url: URL, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response: TransportResponse = await this.#transport.send({
      method,
      url,
      label: `${url.pathname}${url.search}`,
      kind: "api",
      headers,
      ...(this.#tokens ? { authorization: () => this.#tokens!.token() } : {}),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 204 || response.body.trim() === "" || (method === "DELETE" && response.status === 404)) return undefined as T;
    try {
      return withoutNulls(JSON.parse(response.body) as T);
    } catch {
      throw new AscProtocolError({ method, path: `${url.pathname}${url.search}` }, `${response.status} answer is not JSON`);
    }
  }

  #url(path: string, query?: Query): URL {
    if (!path.startsWith("/")) throw new TypeError(`API paths start with "/": ${JSON.stringify(path)}`);
    const prefix = this.baseUrl.pathname.replace(/\/+$/, "");
    return new URL(`${prefix}${path}${encodeQuery(query)}`, this.baseUrl.origin);
  }

  /** A links.next URL, sent only to the configured API host whatever host it names. */
  #followUrl(next: string): URL {
    const url = new URL(next, this.baseUrl);
    return url.origin === this.baseUrl.origin ? url : new URL(`${url.pathname}${url.search}`, this.baseUrl.origin);
  }
}

/** An upload url without its query (presigned urls carry signatures there). */
function safeUploadLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(upload)";
  }
}
