import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ACTION_KEY_NAMES, credentialHint, messageWithCredentialHint } from "../../src/asc/auth-hint.js";
import { AscAmbiguousWriteError, AscApiError, AscNetworkError } from "../../src/asc/errors.js";

const request = { method: "GET", path: "/v1/apps?filter[bundleId]=com.acme.fitness" };
const apple = (status: number, code: string, detail: string) =>
  new AscApiError(request, status, "", JSON.stringify({ errors: [{ status: String(status), code, title: code, detail }] }));

describe("a refused API key says what to check", () => {
  test("a 401 names the ASC_* variables on the command line, and what the key must be", () => {
    const message = messageWithCredentialHint(apple(401, "NOT_AUTHORIZED", "Provide a properly configured and signed bearer token"));
    assert.match(
      message,
      new RegExp(
        /^401 NOT_AUTHORIZED: Provide a properly configured and signed bearer token\n {2}/.source +
          /App Store Connect did not accept the API key: check ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY \(or ASC_PRIVATE_KEY_PATH\)\./.source,
      ),
    );
    assert.match(message, /App Store Connect API key .*not revoked/);
  });

  test("in the action, the same 401 names its inputs", () => {
    const hint = credentialHint(apple(401, "NOT_AUTHORIZED", "expired"), ACTION_KEY_NAMES);
    assert.match(hint!, /check the inputs issuer-id, key-id and private-key\./);
    assert.doesNotMatch(hint!, /ASC_/);
  });

  test("a 403 says the key's role or access falls short", () => {
    const hint = credentialHint(apple(403, "FORBIDDEN_ERROR", "The API key in use does not allow this request"));
    assert.match(hint!, /refused this request to the API key in ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY/);
    assert.match(hint!, /Admin or App Manager/);
  });

  test("a write whose 401 made its outcome unknown still gets the hint; other errors get none", () => {
    assert.ok(credentialHint(new AscAmbiguousWriteError(apple(401, "NOT_AUTHORIZED", "x"))));
    assert.equal(credentialHint(apple(409, "STATE_ERROR", "not editable")), undefined);
    assert.equal(credentialHint(new AscNetworkError(request, "connect", "ECONNREFUSED")), undefined);
    assert.equal(messageWithCredentialHint(new Error("plain")), "plain");
  });
});
