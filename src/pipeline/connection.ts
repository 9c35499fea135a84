/**
 * The App Store Connect a command talks to: the real one at --api-url with
 * credentials from the environment, or (--sandbox) the embedded sandbox,
 * started in this process with its state in .asc-sandbox/state.json so that
 * separate commands see the same live state.
 */
import { AscClient, type AscClientOptions } from "../asc/client.js";
import type { DesiredState } from "../engine/desired-state.js";

export interface ConnectionOptions {
  sandbox: boolean;
  apiUrl?: string;
  /** Extra client options (listener, concurrency…). */
  client?: AscClientOptions;
  env?: Record<string, string | undefined>;
  /** Where the API key comes from, for the hint when App Store Connect refuses it (default: the ASC_* variables). */
  keyNames?: string;
}

export interface Connection {
  client: AscClient;
  /** "App Store Connect" or "the sandbox at http://127.0.0.1:…". */
  label: string;
  close(): Promise<void>;
  /**
   * Readies the connection for the repository before its live state is read:
   * the embedded sandbox makes the repository's app if it lacks it. Answers a
   * line to show the user when it did something.
   */
  prepare?(desired: DesiredState): Promise<string | undefined>;
}

export const SANDBOX_STATE_FILE = ".asc-sandbox/state.json";

export async function connect(options: ConnectionOptions): Promise<Connection> {
  if (options.sandbox) {
    const { startEmbeddedSandbox } = await import("./embedded-sandbox.js");
    return startEmbeddedSandbox(SANDBOX_STATE_FILE, options.client ?? {});
  }
  const clientOptions = { ...options.client, ...(options.apiUrl ? { baseUrl: options.apiUrl } : {}) };
  // A caller's own token source (the GitHub Action's, which masks each token) stands in for the environment's credentials.
  const client = options.client?.tokens
    ? new AscClient(clientOptions)
    : await AscClient.fromEnvironment({ ...clientOptions, ...(options.env ? { env: options.env } : {}) });
  const label = options.apiUrl ? client.baseUrl.href.replace(/\/$/, "") : "App Store Connect";
  return { client, label, close: async () => client.close() };
}
