import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NOTIFY_INPUTS, notifyConfigFromEnvironment, notifySecrets, parseNotifyConfig, urlProblem } from "../../src/notify/config.js";
import { TEST_SECRET } from "../helpers/notify-receivers.js";

const SLACK = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX";

describe("notification settings", () => {
  it("reads the three variables on the command line", () => {
    const { config, errors } = notifyConfigFromEnvironment({
      ASC_GITOPS_SLACK_WEBHOOK: SLACK,
      ASC_GITOPS_WEBHOOK_URL: "https://hooks.acme.example/asc",
      ASC_GITOPS_WEBHOOK_SECRET: TEST_SECRET,
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(config, { slack: SLACK, webhook: { url: "https://hooks.acme.example/asc", secret: TEST_SECRET } });
    assert.deepEqual(notifyConfigFromEnvironment({}), { config: {}, errors: [] });
  });

  it("https only, http only to this machine; errors name the setting, never its value", () => {
    assert.equal(urlProblem("https://hooks.slack.com/x"), undefined);
    assert.equal(urlProblem("http://127.0.0.1:8080/x"), undefined);
    assert.equal(urlProblem("http://localhost/x"), undefined);
    assert.match(urlProblem("http://hooks.slack.com/services/T/B/secret") ?? "", /must be an https:\/\/ URL/);
    assert.match(urlProblem("ftp://x") ?? "", /https/);
    assert.equal(urlProblem("not a url"), "is not a URL");
    const { errors } = parseNotifyConfig({ slack: "http://hooks.slack.com/services/T/B/secret-token" }, NOTIFY_INPUTS);
    assert.deepEqual(errors, ['input "slack-webhook" must be an https:// URL (http:// only to 127.0.0.1 or localhost)']);
  });

  it("a webhook needs its whsec_ secret, and a secret its webhook", () => {
    const names = NOTIFY_INPUTS;
    assert.match(parseNotifyConfig({ webhookUrl: "https://a.example/h" }, names).errors[0]!, /input "webhook-url" needs input "webhook-secret"/);
    assert.match(parseNotifyConfig({ webhookSecret: TEST_SECRET }, names).errors[0]!, /input "webhook-secret" is set but input "webhook-url" is not/);
    const wrong = parseNotifyConfig({ webhookUrl: "https://a.example/h", webhookSecret: "hunter2-plain-password" }, names);
    assert.deepEqual(wrong.config, {});
    assert.match(wrong.errors[0]!, /input "webhook-secret" must be whsec_ followed by the key in base64/);
    assert.ok(!wrong.errors.join(" ").includes("hunter2"));
    const short = parseNotifyConfig({ webhookUrl: "https://a.example/h", webhookSecret: "whsec_c2hvcnQ=" }, names);
    assert.match(short.errors[0]!, /5 bytes long/);
  });

  it("masks the URLs whole and their paths (a Slack webhook's token), and the secret", () => {
    const masks = notifySecrets({ slack: SLACK, webhookSecret: TEST_SECRET });
    assert.ok(masks.includes(SLACK) && masks.includes(TEST_SECRET));
    assert.ok(masks.includes("/services/T0000/B0000/XXXXXXXXXXXXXXXX") && masks.includes("XXXXXXXXXXXXXXXX"));
  });
});
