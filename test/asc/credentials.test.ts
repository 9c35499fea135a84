import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import { after, before, describe, test } from "node:test";
import { generateKeyPairSync } from "node:crypto";
import { credentialsFromEnv, CredentialsError, loadCredentials } from "../../src/asc/credentials.js";
import { ISSUER_ID, KEY_ID, otherKeyPem, testKey } from "./helpers/keys.js";

/** The message of the CredentialsError that `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CredentialsError, `expected a CredentialsError, got ${String(error)}`);
    return error.message;
  }
  assert.fail("expected the credentials to be refused");
}

function assertNoKeyMaterial(message: string, pem: string): void {
  assert.ok(!message.includes("-----BEGIN"), message);
  const body = pem.split("\n").filter((line) => line && !line.startsWith("-----"));
  for (const line of body) assert.ok(!message.includes(line.slice(0, 16)), `message repeats key text: ${message}`);
}

describe("credentials from the environment", () => {
  let pem: string;
  let folder: string;
  before(async () => {
    pem = (await testKey()).pem;
    folder = await mkdtemp(path.join(tmpdir(), "asc-credentials-"));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  test("all three variables give credentials that name the issuer and key", async () => {
    const credentials = await credentialsFromEnv({ ASC_ISSUER_ID: ISSUER_ID, ASC_KEY_ID: KEY_ID, ASC_PRIVATE_KEY: pem });
    assert.equal(credentials.issuerId, ISSUER_ID);
    assert.equal(credentials.keyId, KEY_ID);
  });

  test("a missing issuer id is named in the error", async () => {
    const message = await failure(credentialsFromEnv({ ASC_KEY_ID: KEY_ID, ASC_PRIVATE_KEY: pem }));
    assert.match(message, /set ASC_ISSUER_ID\./);
    assert.doesNotMatch(message, /ASC_KEY_ID/);
  });

  test("with nothing set, every missing variable is named at once", async () => {
    const message = await failure(credentialsFromEnv({}));
    assert.match(message, /ASC_ISSUER_ID, ASC_KEY_ID, ASC_PRIVATE_KEY \(or ASC_PRIVATE_KEY_PATH\)/);
  });

  test("a blank variable counts as missing", async () => {
    const message = await failure(credentialsFromEnv({ ASC_ISSUER_ID: ISSUER_ID, ASC_KEY_ID: "  ", ASC_PRIVATE_KEY: pem }));
    assert.match(message, /set ASC_KEY_ID\./);
  });

  test("the key can come from a .p8 file named by ASC_PRIVATE_KEY_PATH", async () => {
    const file = path.join(folder, `AuthKey_${KEY_ID}.p8`);
    await writeFile(file, pem);
    const credentials = await credentialsFromEnv({ ASC_ISSUER_ID: ISSUER_ID, ASC_KEY_ID: KEY_ID, ASC_PRIVATE_KEY_PATH: file });
    assert.equal(credentials.keyId, KEY_ID);
  });

  test("a key file that cannot be read is named with the variable", async () => {
    const file = path.join(folder, "missing.p8");
    const message = await failure(credentialsFromEnv({ ASC_ISSUER_ID: ISSUER_ID, ASC_KEY_ID: KEY_ID, ASC_PRIVATE_KEY_PATH: file }));
    assert.equal(message, `ASC_PRIVATE_KEY_PATH (${file}): cannot read the key file (ENOENT)`);
  });

  test("setting both the key and its path is refused rather than guessed", async () => {
    const message = await failure(credentialsFromEnv({ ASC_ISSUER_ID: ISSUER_ID, ASC_KEY_ID: KEY_ID, ASC_PRIVATE_KEY: pem, ASC_PRIVATE_KEY_PATH: "/x.p8" }));
    assert.match(message, /only one of ASC_PRIVATE_KEY and ASC_PRIVATE_KEY_PATH/);
  });

  test("a key pasted into a one-line secret with literal \\n and quotes still works", async () => {
    const oneLine = `"${pem.trim().replace(/\n/g, "\\n")}"`;
    const credentials = await credentialsFromEnv({ ASC_ISSUER_ID: ISSUER_ID, ASC_KEY_ID: KEY_ID, ASC_PRIVATE_KEY: oneLine });
    assert.equal(credentials.keyId, KEY_ID);
  });

  test("a key with Windows line ends still works", async () => {
    const credentials = await credentialsFromEnv({ ASC_ISSUER_ID: ISSUER_ID, ASC_KEY_ID: KEY_ID, ASC_PRIVATE_KEY: pem.replace(/\n/g, "\r\n") });
    assert.equal(credentials.keyId, KEY_ID);
  });
});

describe("a key that is not a PKCS#8 P-256 PEM is refused, without repeating it", () => {
  const env = (key: string) => ({ ASC_ISSUER_ID: ISSUER_ID, ASC_KEY_ID: KEY_ID, ASC_PRIVATE_KEY: key });

  test("text that is not PEM at all", async () => {
    const message = await failure(credentialsFromEnv(env("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg")));
    assert.match(message, /^ASC_PRIVATE_KEY is not a PEM private key; App Store Connect keys \(\.p8 files\) are PKCS#8 PEM/);
    assert.ok(!message.includes("MIGHAgEA"), message);
  });

  test("a SEC1 'EC PRIVATE KEY' PEM is told apart, with what to use instead", async () => {
    const sec1 = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "sec1", format: "pem" }).toString();
    const message = await failure(credentialsFromEnv(env(sec1)));
    assert.match(message, /^ASC_PRIVATE_KEY is a SEC1 EC private key, not PKCS#8; .*a BEGIN PRIVATE KEY block$/);
    assertNoKeyMaterial(message, sec1);
  });

  for (const alg of ["ES384", "RS256", "EdDSA"] as const) {
    test(`a PKCS#8 ${alg} key (not P-256)`, async () => {
      const other = await otherKeyPem(alg);
      const message = await failure(credentialsFromEnv(env(other)));
      assert.match(message, /^ASC_PRIVATE_KEY is not a P-256 \(ES256\) private key in PKCS#8 PEM/);
      assertNoKeyMaterial(message, other);
    });
  }

  test("a damaged P-256 key", async () => {
    const { pem } = await testKey();
    const lines = pem.trim().split("\n");
    lines[2] = lines[2]!.split("").reverse().join("");
    const message = await failure(credentialsFromEnv(env(lines.join("\n"))));
    assert.match(message, /is not a P-256 \(ES256\) private key/);
    assertNoKeyMaterial(message, lines.join("\n"));
  });

  test("labels can name action inputs instead of variables", async () => {
    const message = await failure(
      loadCredentials(
        { issuerId: ISSUER_ID, keyId: KEY_ID },
        { labels: { issuerId: "issuer-id", keyId: "key-id", privateKey: "private-key", privateKeyPath: "private-key-path" } },
      ),
    );
    assert.match(message, /set private-key \(or private-key-path\)/);
  });
});

test("printing or serialising credentials never shows the key", async () => {
  const { credentials } = await testKey();
  for (const text of [inspect(credentials, { depth: 10, showHidden: true }), JSON.stringify(credentials), String(credentials)]) {
    assert.ok(!text.includes("-----BEGIN"), text);
    assert.ok(!/"d":/.test(text), text);
  }
});
