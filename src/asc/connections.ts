/**
 * HTTP/1.1 exchanges over node:http and node:https with keep-alive agents,
 * and connections opened ahead of the requests that will need them.
 *
 * Why not the global fetch: a plan reads the screenshot sets of every locale
 * at once, and each read in flight needs its own connection. A new connection
 * costs round trips (TCP, then TLS) before its request can leave. The client
 * knows how many connections the read will need as soon as it starts, so it
 * opens them while the first request is in flight (`preconnect`); fetch has no
 * way to do that. Node's Agent documents `createConnection` as the place for
 * exactly this: it hands out an opened socket before making a new one. The
 * same hook makes the CONNECT tunnel when HTTPS_PROXY says so (proxy.ts).
 */
import http from "node:http";
import https from "node:https";
import { isIP, type Socket } from "node:net";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { openTunnel, proxyFor, readProxySettings, type ProxySettings } from "./proxy.js";

/** What the transport reads of an answer; a fetch Response has the same shape. */
export interface Exchange {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface ExchangeInit {
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | string | null;
  signal: AbortSignal;
  redirect: "manual";
}

/** One request and its whole answer. The global fetch fits this type too (tests pass one). */
export type HttpFetch = (url: URL, init: ExchangeInit) => Promise<Exchange>;

const decoders: Record<string, (input: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

const IDLE_TIMEOUT_MS = 4_000;

/** An Agent whose createConnection first hands out a socket opened earlier by `preconnect`. */
class PreconnectingAgent {
  readonly agent: http.Agent;
  readonly #open = new Map<string, Socket[]>();
  /** Sockets opened ahead and not yet handed out, with how to take back their waiting listeners. */
  readonly #waiting = new Map<Socket, () => void>();
  readonly #createConnection: (options: object) => Socket;

  constructor(
    readonly secure: boolean,
    private readonly proxies: ProxySettings,
  ) {
    // An idle connection is dropped after 4 s, before a server's usual 5 s keep-alive limit, so that a request
    // (a POST above all, which is never repeated blindly) is not sent on a connection the server is closing.
    const options = { keepAlive: true, timeout: IDLE_TIMEOUT_MS };
    this.agent = secure ? new https.Agent(options) : new http.Agent(options);
    // Node's Agent calls this for every new connection: a socket returned is used at once, or one given later to the callback.
    const agent = this.agent as unknown as { createConnection(options: object, callback?: unknown): Socket | undefined };
    // The agent's own maker returns its socket at once (net.connect, tls.connect).
    const original = agent.createConnection.bind(agent) as (options: object, callback?: unknown) => Socket;
    this.#createConnection = original;
    agent.createConnection = (options: object, callback?: unknown) => {
      const target = options as { host?: string; port?: number | string };
      const proxy = this.#proxy(target);
      if (!proxy) return this.#take(target) ?? original(options, callback);
      // Through the proxy's tunnel, then TLS end to end as the agent would make it.
      openTunnel(proxy, target.host ?? "", Number(target.port), (error, socket) => {
        const done = callback as (error: Error | null, socket?: Socket) => void;
        if (error || !socket) return done(error ?? new Error("the proxy gave no connection"));
        try {
          done(null, original({ ...options, socket }));
        } catch (failure) {
          done(failure as Error);
        }
      });
      return undefined;
    };
  }

  /** The proxy for this target: https only, as HTTPS_PROXY and NO_PROXY say. */
  #proxy(target: { host?: string; port?: number | string }): URL | undefined {
    return this.secure ? proxyFor(target.host ?? "", Number(target.port || 443), this.proxies) : undefined;
  }

  /** Opens connections to `url`'s host until `count` are open or in use there. */
  preconnect(url: URL, count: number): void {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const port = Number(url.port || (this.secure ? 443 : 80));
    // Through a proxy each connection is a tunnel made on demand; nothing is opened ahead.
    if (this.#proxy({ host, port })) return;
    const key = `${host}:${port}`;
    const ready = this.#ready(key);
    const busy = countSockets(this.agent.sockets, host, port) + countSockets(this.agent.freeSockets, host, port);
    for (let open = busy + ready.length; open < count; open += 1) {
      const options = {
        ...(this.agent as unknown as { options: object }).options,
        host,
        port,
        ...(this.secure && isIP(host) === 0 ? { servername: host } : {}),
      };
      const socket = this.#createConnection(options);
      // An opened socket waits without keeping the process alive; it leaves the list if it fails or closes,
      // and is closed when it has waited as long as an idle kept-alive one may.
      socket.unref();
      const forget = () => {
        const index = ready.indexOf(socket);
        if (index >= 0) ready.splice(index, 1);
        this.#waiting.delete(socket);
      };
      const expire = () => socket.destroy();
      socket.on("error", forget).once("close", forget).once("timeout", expire);
      this.#waiting.set(socket, () => socket.off("error", forget).off("close", forget).off("timeout", expire));
      ready.push(socket);
    }
  }

  #ready(key: string): Socket[] {
    let list = this.#open.get(key);
    if (!list) this.#open.set(key, (list = []));
    return list;
  }

  #take(options: { host?: string; port?: number | string }): Socket | undefined {
    const list = this.#open.get(`${options.host}:${Number(options.port)}`);
    while (list && list.length > 0) {
      const socket = list.shift()!;
      const release = this.#waiting.get(socket);
      this.#waiting.delete(socket);
      if (socket.destroyed || socket.readableEnded) continue;
      // From here the Agent owns it, its listeners included.
      release?.();
      socket.ref();
      return socket;
    }
    return undefined;
  }

  close(): void {
    for (const list of this.#open.values()) for (const socket of list.splice(0)) socket.destroy();
    this.#waiting.clear();
    this.agent.destroy();
  }
}

function countSockets(table: NodeJS.ReadOnlyDict<unknown[]>, host: string, port: number): number {
  // Agent names start "host:port:" (https adds TLS options after).
  const prefix = `${host}:${port}:`;
  let count = 0;
  for (const [name, sockets] of Object.entries(table)) if (name.startsWith(prefix)) count += sockets?.length ?? 0;
  return count;
}

/** The client's connections: one keep-alive agent per scheme. */
export class Connections {
  readonly #http: PreconnectingAgent;
  readonly #https: PreconnectingAgent;

  /** `env` holds HTTPS_PROXY and NO_PROXY (see proxy.ts); a malformed HTTPS_PROXY throws here, before any request. */
  constructor(env: NodeJS.ProcessEnv = process.env) {
    const proxies = readProxySettings(env);
    this.#http = new PreconnectingAgent(false, proxies);
    this.#https = new PreconnectingAgent(true, proxies);
  }

  readonly fetch: HttpFetch = (url, init) => this.#exchange(url, init);

  /** Opens connections to `url`'s origin ahead of time, up to `count` in all (those open or in use count). */
  preconnect(url: URL, count: number): void {
    // Never ahead of a request already leaving for that origin: it goes out first, then the handshakes.
    const leaving = this.#leaving.get(url.origin);
    if (leaving && leaving.size > 0) {
      const first = leaving.values().next().value!;
      let again = () => {
        again = () => {};
        this.preconnect(url, count);
      };
      first.once("finish", () => again()).once("close", () => again());
      return;
    }
    (url.protocol === "https:" ? this.#https : this.#http).preconnect(url, count);
  }

  /**
   * Runs one exchange through this code against a throwaway server on
   * 127.0.0.1, answered here and closed at once. A fresh process otherwise
   * pays 15–20 ms on its first real request while V8 compiles the HTTP
   * client; callers run this while they validate files, so nothing leaves
   * the machine before validation passes. Failures are ignored: it only saves time.
   */
  async warmUp(): Promise<void> {
    const server = http.createServer((request, response) => {
      request.resume();
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.on("error", reject); // later errors too: a rejection after listening is a no-op
        server.listen(0, "127.0.0.1", resolve);
      });
      const url = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/warm-up`);
      this.preconnect(url, 2);
      const exchange = async () =>
        JSON.parse(
          await (
            await this.fetch(url, {
              method: "GET",
              headers: { accept: "application/json" },
              body: null,
              signal: AbortSignal.timeout(2_000),
              redirect: "manual",
            })
          ).text(),
        );
      await Promise.all([exchange(), exchange()]);
    } catch {
      // No loopback here (a locked-down runner): the first request pays instead.
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }

  /** Requests whose bytes are still being sent, by origin. */
  readonly #leaving = new Map<string, Set<http.ClientRequest>>();

  #track(origin: string, request: http.ClientRequest): void {
    let leaving = this.#leaving.get(origin);
    if (!leaving) this.#leaving.set(origin, (leaving = new Set()));
    leaving.add(request);
    const sent = () => leaving.delete(request);
    request.once("finish", sent).once("close", sent);
  }

  /** Closes every connection, idle or opened ahead. */
  close(): void {
    this.#http.close();
    this.#https.close();
  }

  #exchange(url: URL, init: ExchangeInit): Promise<Exchange> {
    const secure = url.protocol === "https:";
    const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br", ...init.headers };
    if (init.body !== null && !Object.keys(headers).some((name) => name.toLowerCase() === "content-length")) {
      headers["content-length"] = String(typeof init.body === "string" ? Buffer.byteLength(init.body) : init.body.byteLength);
    }
    return new Promise<Exchange>((resolve, reject) => {
      const request = (secure ? https : http).request(url, {
        method: init.method,
        headers,
        agent: (secure ? this.#https : this.#http).agent,
        signal: init.signal,
      });
      this.#track(url.origin, request);
      request.on("error", reject);
      request.once("response", (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        // A connection closed before the answer's end: the same failure as a reset.
        response.once("close", () => {
          if (!response.complete) reject(Object.assign(new Error("the connection closed before the answer ended"), { code: "ECONNRESET" }));
        });
        response.once("end", () => {
          const encoding = String(response.headers["content-encoding"] ?? "")
            .trim()
            .toLowerCase();
          const decode = decoders[encoding];
          const raw = Buffer.concat(chunks);
          const body = decode ? decode(raw) : Promise.resolve(raw);
          body.then(
            (bytes) =>
              resolve({
                status: response.statusCode ?? 0,
                statusText: response.statusMessage ?? "",
                headers: { get: (name) => headerValue(response.headers[name.toLowerCase()]) },
                text: async () => bytes.toString("utf8"),
                arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
              }),
            reject,
          );
        });
      });
      request.end(init.body ?? undefined);
    });
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}
