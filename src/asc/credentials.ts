/**
 * App Store Connect API credentials, from the environment (DESIGN §10):
 * ASC_ISSUER_ID, ASC_KEY_ID, and ASC_PRIVATE_KEY (the .p8 key's PEM text) or
 * ASC_PRIVATE_KEY_PATH (its file). The key is checked once, here, as a PKCS#8
 * P-256 key for ES256, and kept only as a non-extractable CryptoKey, so that
 * logging the credentials cannot print it. Errors name the variable at fault
 * and never repeat any of the key's text.
 */
import { readFile as fsReadFile } from "node:fs/promises";
import { importPKCS8 } from "jose";

/** The imported private key, as jose returns it (a non-extractable CryptoKey). */
export type SigningKey = Awaited<ReturnType<typeof importPKCS8>>;

export interface AscCredentials {
  readonly issuerId: string;
  readonly keyId: string;
  /** The imported signing key (non-extractable). */
  readonly privateKey: SigningKey;
}

export class CredentialsError extends Error {
  override name = "CredentialsError";
}

/** What to call each input in messages: environment variables by default, action inputs in the action. */
export interface CredentialLabels {
  issuerId: string;
  keyId: string;
  privateKey: string;
  privateKeyPath: string;
}

export const ENV_LABELS: CredentialLabels = {
  issuerId: "ASC_ISSUER_ID",
  keyId: "ASC_KEY_ID",
  privateKey: "ASC_PRIVATE_KEY",
  privateKeyPath: "ASC_PRIVATE_KEY_PATH",
};

export interface CredentialInput {
  issuerId?: string | undefined;
  keyId?: string | undefined;
  /** PEM text. */
  privateKey?: string | undefined;
  /** A file holding the PEM text. */
  privateKeyPath?: string | undefined;
}

export interface CredentialOptions {
  labels?: CredentialLabels;
  readFile?: (path: string) => Promise<string>;
}

const given = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";

/** Credentials from environment variables; `env` defaults to process.env. */
export function credentialsFromEnv(env: Record<string, string | undefined> = process.env, options: CredentialOptions = {}): Promise<AscCredentials> {
  return loadCredentials(
    { issuerId: env.ASC_ISSUER_ID, keyId: env.ASC_KEY_ID, privateKey: env.ASC_PRIVATE_KEY, privateKeyPath: env.ASC_PRIVATE_KEY_PATH },
    options,
  );
}

export async function loadCredentials(input: CredentialInput, options: CredentialOptions = {}): Promise<AscCredentials> {
  const labels = options.labels ?? ENV_LABELS;
  const missing: string[] = [];
  if (!given(input.issuerId)) missing.push(labels.issuerId);
  if (!given(input.keyId)) missing.push(labels.keyId);
  if (!given(input.privateKey) && !given(input.privateKeyPath)) missing.push(`${labels.privateKey} (or ${labels.privateKeyPath})`);
  if (missing.length > 0) {
    throw new CredentialsError(
      `App Store Connect credentials are missing: set ${missing.join(", ")}. ` +
        `Create an API key in App Store Connect (Users and Access > Integrations) and pass its issuer id, key id and .p8 key.`,
    );
  }
  if (given(input.privateKey) && given(input.privateKeyPath)) {
    throw new CredentialsError(`set only one of ${labels.privateKey} and ${labels.privateKeyPath}, not both`);
  }
  let pem: string;
  let source: string;
  if (given(input.privateKey)) {
    pem = input.privateKey;
    source = labels.privateKey;
  } else {
    const file = input.privateKeyPath!.trim();
    source = `${labels.privateKeyPath} (${file})`;
    try {
      pem = await (options.readFile ?? ((path) => fsReadFile(path, "utf8")))(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CredentialsError(`${source}: cannot read the key file${code ? ` (${code})` : ""}`);
    }
  }
  const privateKey = await importSigningKey(pem, source);
  return Object.freeze({ issuerId: input.issuerId!.trim(), keyId: input.keyId!.trim(), privateKey });
}

/** Undoes what secret stores do to PEM text: quotes, literal "\n", CRLF, surrounding blanks. */
export function normalizePem(text: string): string {
  let pem = text.trim();
  if ((pem.startsWith('"') && pem.endsWith('"')) || (pem.startsWith("'") && pem.endsWith("'"))) pem = pem.slice(1, -1).trim();
  return pem.replace(/\\r\\n|\\n/g, "\n").replace(/\r\n?/g, "\n");
}

async function importSigningKey(text: string, source: string): Promise<SigningKey> {
  const pem = normalizePem(text);
  const expected = "App Store Connect keys (.p8 files) are PKCS#8 PEM: a BEGIN PRIVATE KEY block";
  if (/-----BEGIN (EC|RSA) PRIVATE KEY-----/.test(pem)) {
    throw new CredentialsError(`${source} is a ${/BEGIN EC/.test(pem) ? "SEC1 EC" : "PKCS#1 RSA"} private key, not PKCS#8; ${expected}`);
  }
  if (!/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----$/.test(pem)) {
    throw new CredentialsError(`${source} is not a PEM private key; ${expected}`);
  }
  try {
    return await importPKCS8(pem, "ES256");
  } catch {
    // jose's message is not repeated: it is not needed, and key text must never travel in an error.
    throw new CredentialsError(`${source} is not a P-256 (ES256) private key in PKCS#8 PEM; ${expected}`);
  }
}
