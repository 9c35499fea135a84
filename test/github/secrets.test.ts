import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, test } from "node:test";
import { maskProxyCredentials, maskSecretInputs, MaskedTokenSource, privateKeyMasks } from "../../src/github/secrets.js";

const pem = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "pem", type: "pkcs8" }).toString().trim();
const body = pem.split("\n").filter((line) => !line.startsWith("-----"));

describe("secrets are masked before anything can print them", () => {
  test("the key is masked whole and line by line, so the runner hides any fragment of it", () => {
    const masks = privateKeyMasks(pem);
    assert.ok(masks.includes(pem));
    for (const line of body) assert.ok(masks.includes(line), `line ${line.slice(0, 6)}… is masked`);
    assert.ok(masks.includes(body.join("")), "the body in one piece");
    assert.ok(!masks.some((mask) => mask.startsWith("-----BEGIN") && !mask.includes("\n")), "the BEGIN line alone is no secret");
  });

  test("a key stored with literal \\n (as some secret stores keep it) is masked in both forms", () => {
    const escaped = pem.replace(/\n/g, "\\n");
    const masks = privateKeyMasks(escaped);
    assert.ok(masks.includes(escaped));
    assert.ok(masks.includes(pem), "the normalised PEM");
    for (const line of body) assert.ok(masks.includes(line));
  });

  test("the issuer id, the GitHub token and the demo password are masked; nothing is masked for inputs not given", () => {
    const masked: string[] = [];
    maskSecretInputs({ issuerId: "69a6de7e-0000-47e3-e053-5b8c7c11a4d1", privateKey: pem, githubToken: "ghs_token", demoPassword: "demo-pass" }, (value) =>
      masked.push(value),
    );
    assert.ok(masked.includes("69a6de7e-0000-47e3-e053-5b8c7c11a4d1"));
    assert.ok(masked.includes("demo-pass"), "the App Review demo account's password");
    assert.ok(masked.includes("ghs_token"));
    const none: string[] = [];
    maskSecretInputs({}, (value) => none.push(value));
    assert.deepEqual(none, []);
  });

  test("the notification inputs are masked: the URLs whole, a Slack webhook's path and token alone, and the webhook's secret", () => {
    const masked: string[] = [];
    const slack = "https://hooks.slack.com/services/T0AAAA/B0BBBB/slackTokenSecret1";
    maskSecretInputs({ notify: { slack, webhookUrl: "https://hooks.acme.example/asc?key=abcdef123", webhookSecret: "whsec_c2VjcmV0" } }, (value) =>
      masked.push(value),
    );
    for (const value of [slack, "/services/T0AAAA/B0BBBB/slackTokenSecret1", "slackTokenSecret1", "whsec_c2VjcmV0", "/asc?key=abcdef123"])
      assert.ok(masked.includes(value), value);
  });

  test("a proxy's credentials are masked as written and decoded, with the URL that carries them; a proxy without any masks nothing", () => {
    const masked: string[] = [];
    maskProxyCredentials({ HTTPS_PROXY: "http://build:p%40ss@proxy.corp:3128" }, (value) => masked.push(value));
    assert.deepEqual(masked, ["http://build:p%40ss@proxy.corp:3128", "build", "p%40ss", "p@ss"]);
    const userOnly: string[] = [];
    maskProxyCredentials({ HTTPS_PROXY: "http://tok3n-as-user@proxy.corp:3128" }, (value) => userOnly.push(value));
    assert.deepEqual(userOnly, ["http://tok3n-as-user@proxy.corp:3128", "tok3n-as-user"], "a user name alone is a credential");
    const badEscape: string[] = [];
    assert.doesNotThrow(() => maskProxyCredentials({ HTTPS_PROXY: "http://build:50%off@proxy.corp:3128" }, (value) => badEscape.push(value)));
    assert.ok(badEscape.includes("50%off"), "a % that starts no escape is masked as written, without a URIError");
    const none: string[] = [];
    maskProxyCredentials({ HTTPS_PROXY: "http://proxy.corp:3128", https_proxy: "not a url at all" }, (value) => none.push(value));
    assert.deepEqual(none, []);
  });

  test("each new token is registered as a secret once, before it is handed out", async () => {
    const events: string[] = [];
    const issued = ["jwt-1", "jwt-1", "jwt-2"];
    const source = new MaskedTokenSource({ token: async () => issued.shift()! }, (value) => events.push(`mask ${value}`));
    for (let index = 0; index < 3; index++) events.push(`use ${await source.token()}`);
    assert.deepEqual(events, ["mask jwt-1", "use jwt-1", "use jwt-1", "mask jwt-2", "use jwt-2"]);
    assert.equal(JSON.stringify({ source }), '{"source":"[MaskedTokenSource]"}');
  });

  test("a JWT is masked whole and part by part: a server may echo its signature or payload alone", async () => {
    const masked: string[] = [];
    const source = new MaskedTokenSource({ token: async () => "eyJhZWFkZXIi.eyJwYXlsb2FkIn0.c2lnbmF0dXJl" }, (value) => masked.push(value));
    await source.token();
    assert.deepEqual(masked, ["eyJhZWFkZXIi.eyJwYXlsb2FkIn0.c2lnbmF0dXJl", "eyJhZWFkZXIi", "eyJwYXlsb2FkIn0", "c2lnbmF0dXJl"]);
  });
});
