/**
 * The sandbox's own API key, made on first start and kept beside the state
 * file: `AuthKey_<KEYID>.p8` (PKCS#8 PEM, as Apple hands out) and
 * `sandbox-key.json` with the issuer id and key id. Only tokens signed by this
 * key are accepted; it is a test key, useless anywhere else.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

export interface SandboxKey {
  issuerId: string;
  keyId: string;
  privateKeyPath: string;
  publicKey: KeyObject;
}

interface KeyFile {
  issuerId: string;
  keyId: string;
  privateKeyFile: string;
}

const KEY_FILE = "sandbox-key.json";
const KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function newKeyId(): string {
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((byte) => KEY_ID_ALPHABET[byte % KEY_ID_ALPHABET.length]).join("");
}

async function writePrivate(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

export async function loadOrCreateKey(folder: string): Promise<SandboxKey> {
  const keyFile = path.join(folder, KEY_FILE);
  try {
    const stored = JSON.parse(await readFile(keyFile, "utf8")) as KeyFile;
    const privateKeyPath = path.resolve(folder, stored.privateKeyFile);
    const publicKey = createPublicKey(createPrivateKey(await readFile(privateKeyPath, "utf8")));
    return { issuerId: stored.issuerId, keyId: stored.keyId, privateKeyPath, publicKey };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`cannot read the sandbox key in ${folder}: ${(error as Error).message}`);
  }
  await mkdir(folder, { recursive: true });
  const keyId = newKeyId();
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const privateKeyFile = `AuthKey_${keyId}.p8`;
  await writePrivate(path.join(folder, privateKeyFile), privateKey.export({ type: "pkcs8", format: "pem" }).toString());
  const stored: KeyFile = { issuerId: randomUUID(), keyId, privateKeyFile };
  await writePrivate(keyFile, `${JSON.stringify(stored, null, 2)}\n`);
  return { issuerId: stored.issuerId, keyId, privateKeyPath: path.join(folder, privateKeyFile), publicKey };
}
