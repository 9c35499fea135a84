/**
 * Masking (DESIGN.md §9): the runner replaces every value registered with
 * core.setSecret by *** in the log. The key (whole, as given and as
 * normalised, and each of its lines, since the runner matches line by line),
 * the issuer id, the GitHub token, the notification URLs and secret and a proxy's credentials are registered
 * before anything runs; each JWT the client signs (and each of its three parts)
 * is registered before it is first sent.
 */
import * as core from "@actions/core";
import { normalizePem } from "../asc/credentials.js";
import { parseProxyUrl, proxyCredentials } from "../asc/proxy.js";
import { registerSecret } from "../asc/redact.js";
import type { TokenSource } from "../asc/token.js";
import { notifySecrets } from "../notify/config.js";
import type { SecretInputs } from "./config.js";

export type SecretSink = (secret: string) => void;

/** The runner masks it in the log; the action's own redaction removes it from comments and summaries too, which the runner never sees. */
export const maskEverywhere: SecretSink = (secret) => {
  core.setSecret(secret);
  registerSecret(secret);
};

const PEM_BOUNDARY = /^-----(BEGIN|END) [A-Z ]+-----$/;

/** Every string that gives the key away: the text as given and normalised, each line of the body, the body in one piece. */
export function privateKeyMasks(text: string): string[] {
  const values = new Set<string>();
  const add = (value: string) => {
    const trimmed = value.trim();
    // The BEGIN/END lines are no secret; very short fragments would mask ordinary words.
    if (trimmed.length >= 4 && !PEM_BOUNDARY.test(trimmed)) values.add(trimmed);
  };
  add(text);
  const normalized = normalizePem(text);
  add(normalized);
  const lines = [...text.split(/\r?\n|\\n/), ...normalized.split("\n")];
  for (const line of lines) add(line);
  add(
    normalized
      .split("\n")
      .filter((line) => !PEM_BOUNDARY.test(line.trim()))
      .join(""),
  );
  return [...values];
}

export function maskSecretInputs(inputs: SecretInputs, setSecret: SecretSink = maskEverywhere): void {
  if (inputs.privateKey) for (const value of privateKeyMasks(inputs.privateKey)) setSecret(value);
  if (inputs.issuerId) setSecret(inputs.issuerId);
  if (inputs.githubToken) setSecret(inputs.githubToken);
  if (inputs.demoPassword) setSecret(inputs.demoPassword);
  // The notification URLs and the webhook's secret, whole and in the parts that give them away.
  for (const value of notifySecrets(inputs.notify ?? {})) setSecret(value);
}

/**
 * A proxy's credentials from the runner's HTTPS_PROXY: its password and its
 * user name (alone, it is often the token), as written and decoded, and the
 * whole URL that carries them. A `%` that starts no escape is masked as
 * written; the connection then refuses the variable with a clear error.
 */
export function maskProxyCredentials(env: NodeJS.ProcessEnv, setSecret: SecretSink = maskEverywhere): void {
  for (const name of ["https_proxy", "HTTPS_PROXY"]) {
    const value = env[name]?.trim();
    const url = value ? parseProxyUrl(value) : undefined;
    if (!value || !url || (!url.username && !url.password)) continue;
    setSecret(value);
    for (const secret of new Set(proxyCredentials(url))) setSecret(secret);
  }
}

/** A token source that registers each new token as a secret before handing it out. */
export class MaskedTokenSource implements TokenSource {
  readonly #inner: TokenSource;
  readonly #setSecret: SecretSink;
  #last: string | undefined;

  constructor(inner: TokenSource, setSecret: SecretSink = maskEverywhere) {
    this.#inner = inner;
    this.#setSecret = setSecret;
  }

  async token(): Promise<string> {
    const token = await this.#inner.token();
    if (token !== this.#last) {
      // Each part too: an answer may echo the signature or the payload alone.
      for (const part of new Set([token, ...token.split(".")])) if (part) this.#setSecret(part);
      this.#last = token;
    }
    return token;
  }

  toJSON(): string {
    return "[MaskedTokenSource]";
  }
}
