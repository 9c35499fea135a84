/**
 * Notifications from the command line, run as a user runs it against a
 * sandbox, a local Slack stand-in and a Standard Webhooks receiver that
 * verifies every signature: apply tells it applied, a hand edit in App Store
 * Connect makes `asc-gitops drift` tell the drift, a target that fails is a
 * warning (the exit code stays the command's own) and no URL or secret is
 * printed.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { copyOfExample, removeFolder, run, type Run } from "../helpers/cli.js";
import { startSlackStandIn, startWebhookReceiver, TEST_SECRET, type Receiver } from "../helpers/notify-receivers.js";
import { demoIds, startTestSandbox, type TestSandbox } from "../sandbox/helpers/sandbox.js";

const TODAY = "2026-11-24";
const SLACK_TOKEN = "slackTokenForTheNotifyTests42";
const explain = (result: Run) => `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

describe("notifications from asc-gitops apply and drift", () => {
  let box: TestSandbox;
  let repo: string;
  let slack: Receiver;
  let hook: Receiver;
  let env: Record<string, string>;
  const runs: Run[] = [];
  const cli = async (args: string[], extra: Record<string, string> = {}) => {
    const result = await run([...args, "--api-url", box.sandbox.url, "--today", TODAY], repo, { ...env, ...extra });
    runs.push(result);
    return result;
  };
  const slackBodies = () => slack.received.map((request) => JSON.parse(request.body) as { text: string; blocks: unknown[] });
  const hookBodies = () => hook.received.map((request) => JSON.parse(request.body) as { type: string; data: Record<string, unknown> });

  before(async () => {
    box = await startTestSandbox();
    repo = await copyOfExample("asc-gitops-notify-");
    slack = await startSlackStandIn();
    hook = await startWebhookReceiver(TEST_SECRET);
    env = {
      ASC_ISSUER_ID: box.sandbox.issuerId,
      ASC_KEY_ID: box.sandbox.keyId,
      ASC_PRIVATE_KEY_PATH: box.sandbox.privateKeyPath,
      ASC_GITOPS_SLACK_WEBHOOK: `${slack.url}/services/T0001/B0001/${SLACK_TOKEN}`,
      ASC_GITOPS_WEBHOOK_URL: `${hook.url}/asc-events`,
      ASC_GITOPS_WEBHOOK_SECRET: TEST_SECRET,
    };
  });
  after(async () => {
    await slack.close();
    await hook.close();
    await box.dispose();
    await removeFolder(repo);
  });

  test("apply tells Slack and the webhook it applied; the webhook's signature verifies", async () => {
    const applied = await cli(["apply"]);
    assert.equal(applied.code, 0, explain(applied));
    assert.equal(slack.received.length, 1);
    assert.equal(slack.received[0]!.path, `/services/T0001/B0001/${SLACK_TOKEN}`);
    assert.match(slackBodies()[0]!.text, /^Applied to App Store Connect: /);
    assert.deepEqual(
      hookBodies().map((body) => body.type),
      ["apply.succeeded"],
    );
    assert.ok(
      hook.received.every((request) => request.verified),
      "every delivery's signature verifies",
    );
    assert.match(String(hookBodies()[0]!.data.headline), /verified: App Store Connect now matches the repository/);
    // Nothing to apply is no news.
    const again = await cli(["apply"]);
    assert.equal(again.code, 0, explain(again));
    assert.equal(slack.received.length, 1);
    assert.equal(hook.received.length, 1);
  });

  test("a description edited by hand in App Store Connect: drift exits 2 and tells both targets what drifted", async () => {
    const ids = await demoIds(box.api);
    const localization = ids.localizationOf(ids.editableVersionId, "en-US")!;
    const edited = await box.api.patch(`/v1/appStoreVersionLocalizations/${localization}`, {
      data: { type: "appStoreVersionLocalizations", id: localization, attributes: { description: "Edited by hand <!channel> *now*" } },
    });
    assert.equal(edited.status, 200);
    const drift = await cli(["drift"]);
    assert.equal(drift.code, 2, explain(drift));
    const message = slackBodies().at(-1)!;
    assert.match(message.text, /^Drift: App Store Connect differs from the repository/);
    assert.match(JSON.stringify(message.blocks), /en-US: .*description/);
    const event = hookBodies().at(-1)!;
    assert.equal(event.type, "drift.found");
    assert.equal(hook.received.at(-1)!.verified, true);
    assert.deepEqual(
      (event.data.drift as { where: string }[]).map((change) => change.where),
      ["en-US"],
    );
  });

  test("Slack failing (5xx) is retried, then a warning naming Slack only: drift still exits 2 and the webhook still gets it", async () => {
    const before = { slack: slack.received.length, hook: hook.received.length };
    slack.script([], { status: 500, body: "internal_error" });
    const drift = await cli(["drift"]);
    slack.script([], { status: 200, body: "ok" });
    assert.equal(drift.code, 2, explain(drift));
    assert.equal(slack.received.length - before.slack, 4, "bounded: 4 attempts");
    assert.equal(hook.received.length - before.hook, 1);
    assert.match(drift.stderr, /warning: The drift\.found notification could not be delivered to the Slack target \(HTTP 500 after 4 attempts\)/);
  });

  test("a webhook answering 400 gets one attempt, no retry", async () => {
    const before = hook.received.length;
    hook.script([{ status: 400, body: "bad" }]);
    const drift = await cli(["drift"]);
    assert.equal(drift.code, 2, explain(drift));
    assert.equal(hook.received.length - before, 1);
    assert.match(drift.stderr, /could not be delivered to the webhook target \(HTTP 400\)/);
  });

  test("a Slack webhook that is not https stops the command before anything runs, naming the variable, not its value", async () => {
    const result = await cli(["drift"], { ASC_GITOPS_SLACK_WEBHOOK: `http://hooks.slack.example/services/T/B/${SLACK_TOKEN}` });
    assert.equal(result.code, 1, explain(result));
    assert.match(result.stderr, /ASC_GITOPS_SLACK_WEBHOOK must be an https:\/\/ URL/);
    const secretOnly = await cli(["apply"], { ASC_GITOPS_WEBHOOK_URL: "" });
    assert.equal(secretOnly.code, 1);
    assert.match(secretOnly.stderr, /ASC_GITOPS_WEBHOOK_SECRET is set but ASC_GITOPS_WEBHOOK_URL is not/);
  });

  test("no URL, token or secret is printed by any of these runs", () => {
    for (const result of runs) {
      const printed = `${result.stdout}\n${result.stderr}`;
      for (const secret of [SLACK_TOKEN, TEST_SECRET, TEST_SECRET.slice(6), slack.url, hook.url]) assert.ok(!printed.includes(secret), "a secret is printed");
    }
  });
});
