import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { AUDIENCE, TokenProvider } from "../../src/asc/token.js";
import { fakeTime } from "./helpers/fake-time.js";
import { ISSUER_ID, KEY_ID, testKey } from "./helpers/keys.js";

const MINUTE = 60_000;

describe("bearer tokens", () => {
  test("a token is an ES256 JWT that Apple's checks accept: kid, typ, iss, aud, 15 minutes", async () => {
    const key = await testKey();
    const time = fakeTime();
    const token = await new TokenProvider(key.credentials, { clock: time.clock }).token();
    assert.deepEqual(decodeProtectedHeader(token), { alg: "ES256", kid: KEY_ID, typ: "JWT" });
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ["ES256"],
      audience: AUDIENCE,
      issuer: ISSUER_ID,
      currentDate: new Date(time.clock.now()),
    });
    assert.equal(payload.iat, Math.floor(time.clock.now() / 1000));
    assert.equal(payload.exp! - payload.iat!, 15 * 60);
    assert.ok(payload.exp! - payload.iat! <= 20 * 60);
    assert.deepEqual(Object.keys(payload).sort(), ["aud", "exp", "iat", "iss"]);
  });

  test("the same token serves requests for 13 minutes, then a new one is signed before the old expires", async () => {
    const key = await testKey();
    const time = fakeTime();
    const tokens = new TokenProvider(key.credentials, { clock: time.clock });
    const first = await tokens.token();
    time.advance(12 * MINUTE);
    assert.equal(await tokens.token(), first, "still 3 minutes left: reused");
    time.advance(1 * MINUTE + 1000);
    const second = await tokens.token();
    assert.notEqual(second, first, "under 2 minutes left: replaced");
    assert.equal(tokens.issued, 2);
    // The old token is still valid at the moment it is replaced, and the new one is valid for 15 more minutes.
    await jwtVerify(first, key.publicKey, { currentDate: new Date(time.clock.now()) });
    const { payload } = await jwtVerify(second, key.publicKey, { currentDate: new Date(time.clock.now() + 14 * MINUTE) });
    assert.equal(payload.iat, Math.floor(time.clock.now() / 1000));
  });

  test("over an hour of requests every token is valid when used and none lives over 20 minutes", async () => {
    const key = await testKey();
    const time = fakeTime();
    const tokens = new TokenProvider(key.credentials, { clock: time.clock });
    const seen = new Set<string>();
    for (let minute = 0; minute <= 65; minute += 1) {
      const token = await tokens.token();
      seen.add(token);
      const { payload } = await jwtVerify(token, key.publicKey, { currentDate: new Date(time.clock.now()) });
      assert.ok(payload.exp! * 1000 - time.clock.now() >= 2 * MINUTE, `minute ${minute}: at least 2 minutes left`);
      assert.ok(payload.exp! - payload.iat! <= 20 * 60);
      time.advance(MINUTE);
    }
    assert.equal(seen.size, 6, "a new token every 13 minutes: at 0, 13, 26, 39, 52 and 65");
  });

  test("requests that ask at the same moment share one signing", async () => {
    const key = await testKey();
    const tokens = new TokenProvider(key.credentials, { clock: fakeTime().clock });
    const all = await Promise.all(Array.from({ length: 20 }, () => tokens.token()));
    assert.equal(new Set(all).size, 1);
    assert.equal(tokens.issued, 1);
  });

  test("a lifetime over Apple's 20 minutes is refused", async () => {
    const key = await testKey();
    assert.throws(() => new TokenProvider(key.credentials, { lifetimeSeconds: 21 * 60 }), /1 to 1200 seconds/);
  });

  test("serialising the provider shows no token", async () => {
    const key = await testKey();
    const tokens = new TokenProvider(key.credentials);
    await tokens.token();
    assert.equal(JSON.stringify({ tokens }), '{"tokens":"[TokenProvider]"}');
  });
});
