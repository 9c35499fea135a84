/**
 * The second transport: public files fetched whole (a screenshot rendition,
 * no token), following up to 5 redirects but never from https to plain http,
 * each attempt within a time limit, passing failures tried again by the API's
 * retry policy for a GET.
 */
import type { HttpFetch } from "./connections.js";
import { classifyNetworkError } from "./network-errors.js";
import { decideRetry, type RetryPolicy } from "./retry.js";

const MAX_REDIRECTS = 5;

/** A download answered with something other than the file (`status` 0: a redirect not followed). */
class DownloadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface DownloadOptions {
  fetch: HttpFetch;
  retry: RetryPolicy;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  userAgent: string;
}

export class Downloads {
  constructor(readonly options: DownloadOptions) {}

  /** The file at `url`, whole, within `timeoutMs` per attempt. */
  async download(url: URL, timeoutMs = 60_000): Promise<Uint8Array> {
    const { retry, random, sleep } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#downloadOnce(url, timeoutMs);
      } catch (error) {
        // The API's policy for a GET decides: a passing 5xx, 429 or dropped connection is tried again;
        // a 404, a refused redirect (status 0) or certificate is not.
        const network = error instanceof DownloadError ? undefined : classifyNetworkError(error, false);
        const decision = decideRetry("GET", network ? { network: network.failure } : { status: (error as DownloadError).status }, attempt, retry, random);
        if (decision.action !== "retry") throw network ? new Error(network.detail || String(error)) : error;
        await sleep(decision.delayMs);
      }
    }
  }

  async #downloadOnce(url: URL, timeoutMs: number): Promise<Uint8Array> {
    const signal = AbortSignal.timeout(timeoutMs);
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const answer = await this.options.fetch(current, {
        method: "GET",
        headers: { "user-agent": this.options.userAgent },
        body: null,
        signal,
        redirect: "manual",
      });
      const location = answer.status >= 300 && answer.status < 400 ? answer.headers.get("location") : null;
      if (location) {
        const next = new URL(location, current);
        if (current.protocol === "https:" && next.protocol !== "https:") {
          throw new DownloadError(`${current.origin} redirected to plain ${next.protocol}// (${next.origin}); not followed`, 0);
        }
        current = next;
        continue;
      }
      if (answer.status < 200 || answer.status >= 300) {
        throw new DownloadError(`${answer.status} ${answer.statusText} from ${current.origin}`.replace(/\s+from/, " from"), answer.status);
      }
      return new Uint8Array(await answer.arrayBuffer());
    }
    throw new DownloadError(`more than ${MAX_REDIRECTS} redirects from ${url.origin}`, 0);
  }
}
