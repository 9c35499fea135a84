/**
 * URL rules past the schema's pattern (http or https, a host, no spaces): a
 * link on the App Store page must open for the people who read it. So no
 * localhost, private or link-local address, or host without a domain; no port
 * outside 1 to 65535; no user name or password in the URL. App Store Connect
 * takes http and https in any case; a capitalised scheme is a warning, as
 * App Store Connect may store it lower-cased and the plan would never rest.
 */
import { isIP } from "node:net";

export interface UrlProblem {
  severity: "error" | "warning";
  rule: string;
  message: string;
}

const AUTHORITY = /^(https?):\/\/([^/?#]*)/i;

/** Host names that only this machine or its local network resolve. */
const LOCAL_SUFFIXES = [".local", ".internal", ".lan", ".home.arpa"];

function privateIPv4(address: string): boolean {
  const [a, b] = address.split(".").map(Number) as [number, number];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

function privateIPv6(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower === "::" || lower === "::1") return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return privateIPv4(mapped[1]!);
  // fc00::/7 (unique local) and fe80::/10 (link-local).
  return /^f[cd][0-9a-f]{0,2}:/.test(lower) || /^fe[89ab][0-9a-f]?:/.test(lower);
}

const unreachable = (label: string, what: string): UrlProblem => ({
  severity: "error",
  rule: "url.private-host",
  message: `${label} points at ${what}, which App Store users cannot open; use the page's public address`,
});

/** What is wrong with a URL that passed URL_PATTERN, if anything. */
export function checkUrl(label: string, url: string): UrlProblem | undefined {
  const parts = AUTHORITY.exec(url);
  if (!parts) return undefined;
  const [, scheme, authority] = parts as unknown as [string, string, string];
  const at = authority.lastIndexOf("@");
  if (at >= 0)
    return {
      severity: "error",
      rule: "url.credentials",
      message: `${label} holds a user name or password (before "@"); everyone who reads the App Store page would see it: remove it`,
    };
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(authority);
  const host = (bracketed ? bracketed[1]! : authority.replace(/:[^:]*$/, "")).toLowerCase();
  const port = bracketed ? bracketed[2] : authority.includes(":") ? authority.slice(authority.lastIndexOf(":") + 1) : undefined;
  if (port !== undefined && port !== "" && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535))
    return { severity: "error", rule: "url.port", message: `${label} has port ${port}; a port is a number from 1 to 65535` };

  const ipVersion = isIP(host);
  if (ipVersion === 4 && privateIPv4(host)) return unreachable(label, `a private or loopback address (${host})`);
  if (ipVersion === 6 && privateIPv6(host)) return unreachable(label, `a private or loopback address (${host})`);
  if (bracketed && ipVersion !== 6) return { severity: "error", rule: "url.host", message: `${label} has an invalid IPv6 address ([${host}])` };
  if (ipVersion === 0) {
    if (host === "localhost" || host.endsWith(".localhost")) return unreachable(label, `this machine's own name (${host})`);
    if (LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return unreachable(label, `a local network name (${host})`);
    if (!host.includes(".")) return unreachable(label, `a host name without a domain (${host})`);
    try {
      new URL(`http://${host}/`);
    } catch {
      return { severity: "error", rule: "url.host", message: `${label} has an invalid host name (${host}); check the address` };
    }
    if (/^\.|\.\./.test(host)) return { severity: "error", rule: "url.host", message: `${label} has an invalid host name (${host}); check the address` };
  }
  if (scheme !== scheme.toLowerCase())
    return {
      severity: "warning",
      rule: "url.scheme-case",
      message:
        `${label} writes its scheme as ${scheme}://; write ${scheme.toLowerCase()}:// ` +
        "(App Store Connect may store it in lower case, and every plan would then show the URL as changed)",
    };
  return undefined;
}
