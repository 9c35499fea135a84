/**
 * Notifications from the GitHub Action, run as the runner runs it (the
 * committed dist/index.js with INPUT_* and the runner's files) against a
 * sandbox, a fake GitHub, a local Slack stand-in and a Standard Webhooks
 * receiver that verifies every signature. The story: a merge applies and is
 * told; a hand edit in App Store Connect is told once by the scheduled run,
 * even while Slack is down (a warning, never the run's failure); the same
 * drift the next day is not told again; correcting it tells it resolved.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyOfExample, removeFolder } from "../helpers/cli.js";
import { actionDefaults, maskedValues, runActionProcess, shownLog } from "../helpers/action-process.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import { startSlackStandIn, startWebhookReceiver, TEST_SECRET, type Receiver } from "../helpers/notify-receivers.js";
import { demoIds, startTestSandbox, type TestSandbox } from "../sandbox/helpers/sandbox.js";

const GITHUB_TOKEN = "ghs_fakeGitHubTokenForTheNotifyTests";
const SLACK_TOKEN = "slackTokenOfTheActionTests77";

/** action.yml's defaults: the runner sets every input, given or not. */
const DEFAULTS = actionDefaults(GITHUB_TOKEN);

interface ActionRun {
  code: number;
  /** The log as the runner shows it (without the ::add-mask:: commands), and what was masked. */
  shown: string;
  masks: string[];
  summary: string;
  stderr: string;
}

const explain = (run: ActionRun) => `exit ${run.code}\n--- log\n${run.shown}\n--- stderr\n${run.stderr}\n--- summary\n${run.summary}`;

describe("notifications from the action: apply on merge, drift on schedule", () => {
  let work: string;
  let repo: string;
  let box: TestSandbox;
  let github: FakeGitHub;
  let slack: Receiver;
  let hook: Receiver;
  let privateKey: string;
  const runs: ActionRun[] = [];

  async function runAction(event: "push" | "schedule", payload: object, sha: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
    const all: Record<string, string> = {
      ...DEFAULTS,
      "api-url": box.sandbox.url,
      "issuer-id": box.sandbox.issuerId,
      "key-id": box.sandbox.keyId,
      "private-key": privateKey,
      "slack-webhook": `${slack.url}/services/T9/B9/${SLACK_TOKEN}`,
      "webhook-url": `${hook.url}/events`,
      "webhook-secret": TEST_SECRET,
      ...inputs,
    };
    const run = await runActionProcess({ repo, work, event, payload, sha, inputs: all, githubApiUrl: github.url, runId: "4343" });
    const result: ActionRun = {
      code: run.code,
      shown: shownLog(run.stdout),
      masks: maskedValues(run.stdout),
      summary: run.summary,
      stderr: run.stderr,
    };
    runs.push(result);
    return result;
  }

  const repository = { full_name: "acme/fitness", name: "fitness", owner: { login: "acme" }, default_branch: "main" };
  const schedule = (inputs: Record<string, string> = {}) => runAction("schedule", { schedule: "0 6 * * *", repository }, "e".repeat(40), inputs);
  const types = (receiver: Receiver, from = 0) => receiver.received.slice(from).map((request) => (JSON.parse(request.body) as { type: string }).type);
  const slackTexts = (from = 0) => slack.received.slice(from).map((request) => (JSON.parse(request.body) as { text: string }).text);

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "asc-gitops-notify-action-"));
    repo = await copyOfExample("asc-gitops-notify-action-repo-");
    box = await startTestSandbox();
    privateKey = await readFile(box.sandbox.privateKeyPath, "utf8");
    github = await FakeGitHub.start();
    slack = await startSlackStandIn();
    hook = await startWebhookReceiver(TEST_SECRET);
  });
  after(async () => {
    await slack.close();
    await hook.close();
    await github.close();
    await box.dispose();
    await removeFolder(repo);
    await rm(work, { recursive: true, force: true });
  });

  test("a merge that applies is told to Slack and to the webhook, signed; the inputs are masked before anything runs", async () => {
    const sha = "1".repeat(40);
    github.mergedPull(sha, 7);
    const applied = await runAction("push", { ref: "refs/heads/main", after: sha, repository }, sha);
    assert.equal(applied.code, 0, explain(applied));
    assert.deepEqual(types(hook), ["apply.succeeded"]);
    assert.ok(
      hook.received.every((request) => request.verified),
      "the receiver verifies the signature",
    );
    assert.deepEqual(slackTexts(), ["Applied to App Store Connect: Acme Fitness 2.4.0 (IOS)"]);
    assert.equal(slack.received[0]!.path, `/services/T9/B9/${SLACK_TOKEN}`);
    for (const secret of [`${slack.url}/services/T9/B9/${SLACK_TOKEN}`, SLACK_TOKEN, TEST_SECRET]) assert.ok(applied.masks.includes(secret), "masked first");
  });

  test("a hand edit is told once by the scheduled run (Slack down: a warning, the run passes), and told resolved when corrected", async () => {
    const ids = await demoIds(box.api);
    const localization = ids.localizationOf(ids.editableVersionId, "en-US")!;
    const edited = await box.api.patch(`/v1/appStoreVersionLocalizations/${localization}`, {
      data: { type: "appStoreVersionLocalizations", id: localization, attributes: { description: "Hand edit <!channel> to notify about." } },
    });
    assert.equal(edited.status, 200);
    const [slackBefore, hookBefore] = [slack.received.length, hook.received.length];

    slack.script([], { status: 503, body: "unavailable" });
    const found = await schedule();
    slack.script([], { status: 200, body: "ok" });
    assert.equal(found.code, 0, explain(found));
    assert.equal(slack.received.length - slackBefore, 4, "Slack: 4 attempts, then given up");
    assert.match(found.shown, /::warning::The drift\.found notification could not be delivered to the Slack target \(HTTP 503 after 4 attempts\)/);
    assert.match(found.summary, /\[!WARNING\]\n> The drift\.found notification could not be delivered to the Slack target/);
    assert.deepEqual(types(hook, hookBefore), ["drift.found"]);
    assert.equal(hook.received.at(-1)!.verified, true);
    const event = JSON.parse(hook.received.at(-1)!.body) as { data: { drift: { where: string }[]; link?: string } };
    assert.deepEqual(
      event.data.drift.map((change) => change.where),
      ["en-US"],
    );
    assert.equal(event.data.link, "http://127.0.0.1/acme/fitness/actions/runs/4343");
    assert.equal(github.issuesLabelled("asc-drift").length, 1, "the drift issue remembers it was told");

    const same = await schedule();
    assert.equal(same.code, 0, explain(same));
    assert.equal(slack.received.length - slackBefore, 4, "the same drift is not told again");
    assert.equal(hook.received.length - hookBefore, 1);

    const corrected = await schedule({ "on-drift": "apply" });
    assert.equal(corrected.code, 0, explain(corrected));
    assert.deepEqual(types(hook, hookBefore + 1), ["drift.resolved", "apply.succeeded"]);
    assert.ok(hook.received.every((request) => request.verified));
    assert.match(slackTexts(slackBefore + 4)[0]!, /^Drift resolved: App Store Connect matches the repository again/);
    assert.equal(github.issuesLabelled("asc-drift")[0]!.state, "closed");
  });

  test("no notification URL, token or secret is in any log, summary, or anything sent to GitHub", () => {
    for (const run of runs) {
      const everything = [run.shown, run.stderr, run.summary].join("\n");
      for (const secret of [SLACK_TOKEN, TEST_SECRET, TEST_SECRET.slice(6), slack.url, hook.url])
        assert.ok(!everything.includes(secret), "a notification secret is shown");
    }
    assert.ok(![SLACK_TOKEN, TEST_SECRET].some((secret) => github.sentText().includes(secret)), "a notification secret was sent to GitHub");
  });
});
