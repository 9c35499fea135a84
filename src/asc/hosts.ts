/** This machine's own names and addresses: plain http to them is allowed, and no proxy stands between. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1)$/i;

/** `host` as a URL's hostname gives it (`[::1]`) or bare (`::1`). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ""));
}
