/**
 * HTTPS through the proxy a self-hosted runner names in HTTPS_PROXY (or
 * https_proxy), unless NO_PROXY (or no_proxy) exempts the host, as curl reads
 * them. The connection is a CONNECT tunnel through an http:// proxy, with
 * Basic credentials from the proxy URL; TLS then runs end to end, so the proxy
 * sees the host name and nothing else. This machine's own addresses never go
 * through a proxy.
 */
import http from "node:http";
import type { Socket } from "node:net";
import { isLoopbackHost } from "./hosts.js";
import { redact, registerSecret } from "./redact.js";

export interface ProxySettings {
  /** HTTPS_PROXY, parsed. */
  proxy?: URL;
  /** NO_PROXY as given. */
  noProxy: string;
}

/** A proxy setting as written (`host:port` means `http://host:port`), or undefined when it is not a URL. */
export function parseProxyUrl(setting: string): URL | undefined {
  try {
    return new URL(setting.includes("://") ? setting : `http://${setting}`);
  } catch {
    return undefined;
  }
}

/** A user name or password as the URL holds it (%-escaped) and decoded; undefined when a `%` starts no escape. */
export function decodeCredential(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The proxy's credentials, as written and decoded: what must never be printed. A user name alone is often a token. */
export function proxyCredentials(proxy: URL): string[] {
  return [proxy.username, proxy.password].filter(Boolean).flatMap((part) => [part, decodeCredential(part) ?? part]);
}

/**
 * HTTPS_PROXY and NO_PROXY from `env` (lower case first, as curl); a malformed
 * proxy URL is an error naming the variable, never repeating it. The proxy's
 * credentials are registered as secrets: a proxy that echoes them in its
 * answer is redacted.
 */
export function readProxySettings(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? "";
  const name = env.https_proxy !== undefined ? "https_proxy" : "HTTPS_PROXY";
  const setting = (env[name] ?? "").trim();
  if (!setting) return { noProxy };
  const proxy = parseProxyUrl(setting);
  if (!proxy) throw new TypeError(`${name} is not a URL: set it to http://host:port (credentials as http://user:password@host:port)`);
  for (const secret of proxyCredentials(proxy)) registerSecret(secret);
  if (proxy.protocol !== "http:")
    throw new TypeError(`${name} must be an http:// proxy (the tunnel to App Store Connect is TLS already), not ${proxy.protocol}//`);
  if ([proxy.username, proxy.password].some((part) => decodeCredential(part) === undefined))
    throw new TypeError(`${name}'s user name or password holds a % that starts no %-escape: write a % in them as %25`);
  return { proxy, noProxy };
}

/** The proxy for an https connection to `host:port`, or undefined to connect directly. */
export function proxyFor(host: string, port: number, settings: ProxySettings): URL | undefined {
  if (!settings.proxy) return undefined;
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (isLoopbackHost(bare) || exempt(bare, port, settings.noProxy)) return undefined;
  return settings.proxy;
}

/** NO_PROXY entries: `*`, a host, `.domain` or `domain` (both match subdomains), an IP (IPv6 in brackets to add a port), each with an optional `:port`. */
function exempt(host: string, port: number, list: string): boolean {
  for (const raw of list.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return true;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    const plain = bracketed ? undefined : (entry.match(/:/g) ?? []).length > 1 ? [entry, entry, undefined] : /^([^:]*)(?::(\d+))?$/.exec(entry);
    const [, name = "", wantedPort] = bracketed ?? plain ?? [];
    if (wantedPort && Number(wantedPort) !== port) continue;
    const domain = name.replace(/^\*?\./, "");
    if (domain && (host === domain || host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

/** Where the proxy is, for messages: never its credentials. */
export const proxyLabel = (proxy: URL) => proxy.host;

/**
 * Opens a tunnel to `host:port` through `proxy` and hands the raw socket to
 * `callback` (TLS is the caller's). A proxy that refuses is an error with code
 * ERR_PROXY_TUNNEL: nothing reached App Store Connect.
 */
export function openTunnel(proxy: URL, host: string, port: number, callback: (error: Error | null, socket?: Socket) => void): void {
  const target = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  const headers: Record<string, string> = { host: target };
  if (proxy.username || proxy.password) {
    const credentials = `${decodeCredential(proxy.username) ?? proxy.username}:${decodeCredential(proxy.password) ?? proxy.password}`;
    const basic = Buffer.from(credentials).toString("base64");
    registerSecret(basic);
    headers["proxy-authorization"] = `Basic ${basic}`;
  }
  const request = http.request({
    host: proxy.hostname.replace(/^\[|\]$/g, ""),
    port: Number(proxy.port || 80),
    method: "CONNECT",
    path: target,
    headers,
    agent: false,
  });
  let settled = false;
  const settle = (error: Error | null, socket?: Socket) => {
    if (settled) return;
    settled = true;
    callback(error, socket);
  };
  request.once("connect", (response, socket) => {
    if (response.statusCode === 200) return settle(null, socket);
    socket.destroy();
    settle(
      // The proxy's own words are redacted: a proxy may echo the credentials it refused.
      Object.assign(
        new Error(redact(`the proxy at ${proxyLabel(proxy)} answered ${response.statusCode} ${response.statusMessage ?? ""} to CONNECT ${target}`.trimEnd())),
        {
          code: "ERR_PROXY_TUNNEL",
        },
      ),
    );
  });
  request.once("error", (error) => settle(error));
  request.end();
}
