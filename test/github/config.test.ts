import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";
import {
  CREDENTIAL_INPUTS,
  DEMO_PASSWORD_INPUT,
  INPUT_DEFAULTS,
  InputError,
  NOTIFY_INPUT_NAMES,
  readConfig,
  readSecretInputs,
  UNDECLARED_DEFAULTS,
} from "../../src/github/config.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? "";

function configError(values: Record<string, string>): string {
  try {
    readConfig(inputs(values));
  } catch (error) {
    assert.ok(error instanceof InputError, `an InputError, not ${String(error)}`);
    return error.message;
  }
  assert.fail("the inputs were accepted");
}

describe("the action's inputs, read once into a typed config", () => {
  test("nothing set gives the defaults of action.yml, and no credentials", () => {
    const config = readConfig(inputs({}));
    assert.equal(config.command, "auto");
    assert.equal(config.metadataPath, "metadata");
    assert.equal(config.screenshotsPath, "screenshots");
    assert.equal(config.apiUrl, "https://api.appstoreconnect.apple.com");
    assert.equal(config.prune, false);
    assert.equal(config.comment, true);
    assert.equal(config.onDrift, "report");
    assert.equal(config.credentials, undefined);
    assert.deepEqual(config.missingCredentials, ["issuer-id", "key-id", "private-key"]);
    assert.deepEqual(config.folders, {
      metadata: { option: "the metadata-path input", named: false },
      screenshots: { option: "the screenshots-path input", named: false },
      previews: { option: "the previews-path input", named: false },
      reviews: { option: "the reviews-path input", named: false },
    });
    assert.equal(config.reviewsPath, "reviews");
  });

  test("a folder input that is set is named (it must exist), even when it says the default", () => {
    const config = readConfig(inputs({ "screenshots-path": "screenshots" }));
    assert.equal(config.screenshotsPath, "screenshots");
    assert.deepEqual(config.folders.screenshots, { option: "the screenshots-path input", named: true });
    assert.equal(config.folders.metadata.named, false);
  });

  test("every input is read into its typed field", () => {
    const config = readConfig(
      inputs({
        command: "apply",
        "metadata-path": "apps/watch/metadata",
        "screenshots-path": "apps/watch/screenshots",
        "issuer-id": "issuer",
        "key-id": "KEY123",
        "private-key": "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----",
        "api-url": "http://127.0.0.1:4010",
        "github-token": "ghs_x",
        prune: "TRUE",
        comment: "false",
        "on-drift": "apply",
      }),
    );
    assert.deepEqual(config.credentials, { issuerId: "issuer", keyId: "KEY123", privateKey: "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----" });
    assert.deepEqual(config.missingCredentials, []);
    assert.equal(config.command, "apply");
    assert.equal(config.metadataPath, "apps/watch/metadata");
    assert.equal(config.apiUrl, "http://127.0.0.1:4010");
    assert.equal(config.githubToken, "ghs_x");
    assert.equal(config.prune, true);
    assert.equal(config.comment, false);
    assert.equal(config.onDrift, "apply");
  });

  test("an unknown command names the input, the choices and the likely one", () => {
    assert.equal(
      configError({ command: "aply" }),
      'input "command" must be one of auto, validate, plan, apply, drift, analytics, reviews; got "aply": did you mean apply?',
    );
  });

  test("a boolean that is not true or false names its input", () => {
    assert.equal(configError({ comment: "yes" }), 'input "comment" must be true or false; got "yes"');
    assert.match(configError({ prune: "1" }), /^input "prune" must be true or false/);
  });

  test("on-drift takes report or apply", () => {
    assert.match(configError({ "on-drift": "fix" }), /^input "on-drift" must be one of report, apply; got "fix"/);
  });

  test("api-url must be https (plain http only to this machine)", () => {
    assert.equal(configError({ "api-url": "not a url" }), 'input "api-url" is not a URL');
    assert.match(configError({ "api-url": "http://api.example.com" }), /^input "api-url" http:\/\/api\.example\.com uses plain http/);
    assert.match(configError({ "api-url": "ftp://127.0.0.1" }), /^input "api-url" must be an http or https URL/);
  });

  test("several invalid inputs are reported together, one line each", () => {
    const message = configError({ command: "deploy", comment: "maybe", "on-drift": "x" });
    assert.match(message, /^3 inputs are invalid:\n- input "command".*\n- input "comment".*\n- input "on-drift"/);
  });

  test("errors never repeat a secret input's value", () => {
    const message = configError({
      command: "nope",
      "issuer-id": "ISSUER-SECRET",
      "key-id": "KEY-SECRET",
      "private-key": "PRIVATE-KEY-SECRET",
      "github-token": "TOKEN-SECRET",
    });
    for (const secret of ["ISSUER-SECRET", "KEY-SECRET", "PRIVATE-KEY-SECRET", "TOKEN-SECRET"]) assert.ok(!message.includes(secret), secret);
  });

  test("credentials given in part leave the config without credentials and name what is missing", () => {
    const config = readConfig(inputs({ "issuer-id": "issuer", "private-key": "key" }));
    assert.equal(config.credentials, undefined);
    assert.deepEqual(config.missingCredentials, ["key-id"]);
    assert.deepEqual(config.secretInputs, { issuerId: "issuer", privateKey: "key" });
  });

  test("the secrets can be read on their own, before any input is checked, so they are masked first", () => {
    assert.deepEqual(readSecretInputs(inputs({ command: "nope", "issuer-id": " issuer ", "private-key": "key", "github-token": "ghs_x" })), {
      issuerId: "issuer",
      privateKey: "key",
      githubToken: "ghs_x",
    });
    // The demo account's password is a secret input too, kept as given (a space may be part of it), and never in the config.
    assert.equal(readSecretInputs(inputs({ "demo-password": " pw with spaces " })).demoPassword, " pw with spaces ");
    assert.doesNotMatch(JSON.stringify(readConfig(inputs({ "demo-password": "DEMO-SECRET" }))), /DEMO-SECRET/);
  });

  test("slack-webhook, webhook-url and webhook-secret become the notify config; they are secrets read first, and a bad one is named, not shown", () => {
    const slack = "https://hooks.slack.com/services/T1/B1/SLACK-TOKEN-SECRET";
    const secret = `whsec_${Buffer.from("a-webhook-secret-of-32-bytes-abc").toString("base64")}`;
    const values = { "slack-webhook": slack, "webhook-url": "https://hooks.acme.example/asc", "webhook-secret": secret };
    assert.deepEqual(readConfig(inputs(values)).notify, { slack, webhook: { url: "https://hooks.acme.example/asc", secret } });
    assert.deepEqual(readConfig(inputs({})).notify, {});
    assert.deepEqual(readSecretInputs(inputs({ ...values, command: "nope" })).notify, {
      slack,
      webhookUrl: "https://hooks.acme.example/asc",
      webhookSecret: secret,
    });
    const message = configError({ "slack-webhook": "http://hooks.slack.com/services/T1/B1/SLACK-TOKEN-SECRET", "webhook-url": "https://hooks.acme.example/x" });
    assert.match(message, /input "slack-webhook" must be an https:\/\/ URL/);
    assert.match(message, /input "webhook-url" needs input "webhook-secret" too/);
    assert.ok(!message.includes("SLACK-TOKEN-SECRET"));
  });

  test("action.yml declares exactly these inputs, with these defaults, and the outputs of DESIGN §11", () => {
    const action = load(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as {
      inputs: Record<string, { default?: string }>;
      outputs: Record<string, unknown>;
      runs: { using: string; main: string };
    };
    const expected = [
      ...Object.keys(INPUT_DEFAULTS),
      ...Object.values(CREDENTIAL_INPUTS),
      "github-token",
      DEMO_PASSWORD_INPUT,
      ...Object.values(NOTIFY_INPUT_NAMES),
    ].sort();
    assert.deepEqual(Object.keys(action.inputs).sort(), expected);
    for (const [name, value] of Object.entries(INPUT_DEFAULTS)) {
      // A declared default is passed as if set: the folders' defaults are only in their descriptions.
      if (UNDECLARED_DEFAULTS.includes(name as keyof typeof INPUT_DEFAULTS)) {
        assert.equal(action.inputs[name]!.default, undefined, `${name} declares no default`);
        assert.match(String((action.inputs[name] as { description?: string }).description), new RegExp(`default: ${value}`), `${name} says its default`);
      } else assert.equal(action.inputs[name]!.default, value, `default of ${name}`);
    }
    assert.equal(action.inputs["github-token"]!.default, "${{ github.token }}");
    assert.deepEqual(Object.keys(action.outputs).sort(), ["change-count", "dashboard", "has-changes", "plan-json", "report-html", "report-json"]);
    assert.deepEqual(action.runs, { using: "node24", main: "dist/index.js" });
  });
});
