/** Test API keys made with jose, as Apple hands them out (PKCS#8 PEM, P-256). */
import { exportPKCS8, exportSPKI, generateKeyPair } from "jose";
import { loadCredentials, type AscCredentials } from "../../../src/asc/credentials.js";

export interface TestKey {
  pem: string;
  publicKey: CryptoKeyLike;
  publicPem: string;
  credentials: AscCredentials;
}

type CryptoKeyLike = Awaited<ReturnType<typeof generateKeyPair>>["publicKey"];

export const ISSUER_ID = "57246542-96fe-1a63-e053-0824d011072a";
export const KEY_ID = "2X9R4HXF34";

let cached: Promise<TestKey> | undefined;

export function testKey(): Promise<TestKey> {
  cached ??= (async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const credentials = await loadCredentials({ issuerId: ISSUER_ID, keyId: KEY_ID, privateKey: pem });
    return { pem, publicKey, publicPem: await exportSPKI(publicKey), credentials };
  })();
  return cached;
}

/** A PKCS#8 PEM for another algorithm or curve. */
export async function otherKeyPem(alg: "ES384" | "RS256" | "EdDSA"): Promise<string> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return exportPKCS8(privateKey);
}
