/** Tokens are checked as App Store Connect checks them; every failure is Apple's 401 NOT_AUTHORIZED. */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { SignJWT, importPKCS8 } from "jose";
import { readFile } from "node:fs/promises";
import { signSandboxToken } from "../../src/sandbox/index.js";
import { startTestSandbox, type TestSandbox } from "./helpers/sandbox.js";

describe("a request without a valid token gets 401 NOT_AUTHORIZED", () => {
  let run: TestSandbox;
  before(async () => {
    run = await startTestSandbox();
  });
  after(() => run.dispose());

  const now = () => Math.floor(Date.now() / 1000);

  async function token(
    options: { key?: "sandbox" | "other"; kid?: string; iss?: string; aud?: string; iat?: number; exp?: number; alg?: string; scope?: string[] } = {},
  ) {
    const sandbox = run.sandbox;
    const key =
      options.key === "other"
        ? generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey
        : await importPKCS8(await readFile(sandbox.privateKeyPath, "utf8"), "ES256");
    const issuedAt = options.iat ?? now();
    return new SignJWT(options.scope ? { scope: options.scope } : {})
      .setProtectedHeader({ alg: "ES256", kid: options.kid ?? sandbox.keyId, typ: "JWT" })
      .setIssuer(options.iss ?? sandbox.issuerId)
      .setAudience(options.aud ?? "appstoreconnect-v1")
      .setIssuedAt(issuedAt)
      .setExpirationTime(options.exp ?? issuedAt + 600)
      .sign(key);
  }

  async function assertRefused(bearer: string | null, path = "/v1/apps") {
    const answer = await run.api.request("GET", path, { token: bearer });
    assert.equal(answer.status, 401);
    assert.equal(answer.body.errors[0].code, "NOT_AUTHORIZED");
    assert.equal(answer.body.errors[0].status, "401");
    assert.match(answer.body.errors[0].title, /Authentication credentials are missing or invalid/);
    assert.match(answer.headers.get("x-rate-limit") ?? "", /^user-hour-lim:\d+;user-hour-rem:\d+;$/);
  }

  test("a token signed with the printed key is accepted", async () => {
    assert.equal((await run.api.request("GET", "/v1/apps", { token: await token() })).status, 200);
  });
  test("no Authorization header", () => assertRefused(null));
  test("a token that is not a JWT", () => assertRefused("not-a-token"));
  test("a token signed by another key", async () => assertRefused(await token({ key: "other" })));
  test("a token naming another key id", async () => assertRefused(await token({ kid: "ABCDEFGHIJ" })));
  test("a token from another issuer", async () => assertRefused(await token({ iss: "00000000-0000-0000-0000-000000000000" })));
  test("a token for another audience", async () => assertRefused(await token({ aud: "appstoreconnect-v2" })));
  test("an expired token", async () => assertRefused(await token({ iat: now() - 1500, exp: now() - 300 })));
  test("a token living more than 20 minutes", async () => assertRefused(await token({ exp: now() + 21 * 60 })));
  test("a token without an issue time", async () => {
    const key = await importPKCS8(await readFile(run.sandbox.privateKeyPath, "utf8"), "ES256");
    const bare = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: run.sandbox.keyId, typ: "JWT" })
      .setIssuer(run.sandbox.issuerId)
      .setAudience("appstoreconnect-v1")
      .setExpirationTime(now() + 600)
      .sign(key);
    await assertRefused(bare);
  });
  test("a token of exactly 20 minutes is accepted", async () => {
    assert.equal((await run.api.request("GET", "/v1/apps", { token: await token({ exp: now() + 20 * 60 }) })).status, 200);
  });
  test("a scoped token is refused outside its scope and accepted inside it", async () => {
    const scoped = await signSandboxToken(run.sandbox, { scope: ["GET /v1/apps"] });
    assert.equal((await run.api.request("GET", "/v1/apps", { token: scoped })).status, 200);
    await assertRefused(scoped, "/v1/appScreenshots/x");
  });
});
