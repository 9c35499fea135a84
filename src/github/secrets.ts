/**
 * Masking (DESIGN.md §9): the runner replaces every value registered with
 * core.setSecret by *** in the log. The key (whole, as given and as
 * normalised, and each of its lines, since the runner matches line by line),
 * the issuer id, the GitHub token and a proxy's password are registered before
 * anything runs; each JWT the client signs is registered before it is first sent.
 */
import * as core from "@actions/core";
import { normalizePem } from "../asc/credentials.js";
import { parseProxyUrl } from "../asc/proxy.js";
import type { TokenSource } from "../asc/token.js";
import type { AscInputs } from "./config.js";

export type SecretSink = (secret: string) => void;

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

export function maskSecretInputs(inputs: Partial<AscInputs> & { githubToken?: string }, setSecret: SecretSink = core.setSecret): void {
  if (inputs.privateKey) for (const value of privateKeyMasks(inputs.privateKey)) setSecret(value);
  if (inputs.issuerId) setSecret(inputs.issuerId);
  if (inputs.githubToken) setSecret(inputs.githubToken);
}

/** A proxy's password from the runner's HTTPS_PROXY (as written and decoded), and the whole URL that carries it. */
export function maskProxyCredentials(env: NodeJS.ProcessEnv, setSecret: SecretSink = core.setSecret): void {
  for (const name of ["https_proxy", "HTTPS_PROXY"]) {
    const value = env[name]?.trim();
    const url = value ? parseProxyUrl(value) : undefined;
    if (!value || !url?.password) continue;
    setSecret(value);
    setSecret(url.password);
    const decoded = decodeURIComponent(url.password);
    if (decoded !== url.password) setSecret(decoded);
  }
}

/** A token source that registers each new token as a secret before handing it out. */
export class MaskedTokenSource implements TokenSource {
  readonly #inner: TokenSource;
  readonly #setSecret: SecretSink;
  #last: string | undefined;

  constructor(inner: TokenSource, setSecret: SecretSink = core.setSecret) {
    this.#inner = inner;
    this.#setSecret = setSecret;
  }

  async token(): Promise<string> {
    const token = await this.#inner.token();
    if (token !== this.#last) {
      this.#setSecret(token);
      this.#last = token;
    }
    return token;
  }

  toJSON(): string {
    return "[MaskedTokenSource]";
  }
}
