/**
 * Review alerts from the command line (DESIGN.md §17, §18), run as a user
 * runs it against a sandbox, a local Slack stand-in and a Standard Webhooks
 * receiver that verifies every signature: a new low-rating review is told
 * once (not again on the next run, the cursor remembers it), a review that
 * arrives later is told on the run that finds it, and a reviewer's
 * `<!channel>` arrives escaped, pinging nobody.
 */
import assert from "node:assert/strict";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyOfExample, removeFolder, ROOT, run, type Run } from "../helpers/cli.js";
import { startSlackStandIn, startWebhookReceiver, TEST_SECRET, type Receiver } from "../helpers/notify-receivers.js";
import { startTestSandbox, tempFolder, type TestSandbox } from "../sandbox/helpers/sandbox.js";

const SLACK_TOKEN = "slackTokenForTheReviewAlerts51";
const explain = (result: Run) => `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

interface HookBody {
  type: string;
  data: { review: { id: string; rating: number; territory: string; title: string; body: string; nickname: string; appName: string }; threshold: number };
}

describe("review alerts from asc-gitops reviews", () => {
  let home: string;
  let box: TestSandbox;
  let repo: string;
  let slack: Receiver;
  let hook: Receiver;
  let env: Record<string, string>;
  const runs: Run[] = [];
  const cli = async (args: string[]) => {
    const result = await run([...args, "--api-url", box.sandbox.url], repo, env);
    runs.push(result);
    return result;
  };
  const hookBodies = (from = 0) => hook.received.slice(from).map((request) => JSON.parse(request.body) as HookBody);

  before(async () => {
    home = await tempFolder();
    box = await startTestSandbox({}, home);
    repo = await copyOfExample("asc-gitops-review-alerts-");
    await cp(path.join(ROOT, "reviews", "config.yml"), path.join(repo, "reviews", "config.yml"));
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
    await removeFolder(home);
    await removeFolder(repo);
  });

  test("the first run tells each review at or below alertAtOrBelow once, signed; <!channel> in a review pings nobody", async () => {
    const first = await cli(["reviews", "--write-drafts"]);
    assert.equal(first.code, 0, explain(first));
    const told = hookBodies();
    assert.deepEqual(
      told.map((body) => body.type),
      ["review.low_rating", "review.low_rating"],
    );
    assert.ok(
      hook.received.every((request) => request.verified),
      "the receiver verifies the signature",
    );
    assert.deepEqual(told.map((body) => body.data.review.rating).sort(), [1, 2]);
    const oneStar = told.find((body) => body.data.review.rating === 1)!.data;
    assert.deepEqual(
      [oneStar.review.territory, oneStar.review.title, oneStar.review.appName, oneStar.threshold],
      ["USA", "Crashes on launch", "Acme Fitness", 2],
    );

    assert.equal(slack.received.length, 2);
    const message = slack.received.map((request) => request.body).find((body) => body.includes("Crashes on launch"))!;
    assert.ok(!message.includes("<!channel>"), "a reviewer's <!channel> reaches Slack unescaped");
    assert.match(message, /&lt;!channel&gt; fix it/);
    assert.match(first.stderr, /Notified the webhook target: review\.low_rating\./);
  });

  test("the next run finds nothing new and tells nothing", async () => {
    const [slackBefore, hookBefore] = [slack.received.length, hook.received.length];
    const second = await cli(["reviews", "--write-drafts"]);
    assert.equal(second.code, 0, explain(second));
    assert.match(second.stdout, /No new customer reviews of Acme Fitness\./);
    assert.equal(slack.received.length, slackBefore);
    assert.equal(hook.received.length, hookBefore);
  });

  test("a 1-star review that arrives later is told on the run that finds it, and only it", async () => {
    await box.sandbox.close();
    const statePath = path.join(home, "state.json");
    const state = JSON.parse(await readFile(statePath, "utf8"));
    const appId = state.customerReviews[0].appId;
    state.customerReviews.push({
      id: "later-review-1",
      appId,
      rating: 1,
      title: "Lost <!here> everything",
      body: "My history is gone.",
      reviewerNickname: "kim",
      createdDate: new Date(Date.now() - 60_000).toISOString(),
      territory: "GBR",
    });
    await writeFile(statePath, JSON.stringify(state));
    box = await startTestSandbox({}, home);
    env = { ...env, ASC_ISSUER_ID: box.sandbox.issuerId, ASC_KEY_ID: box.sandbox.keyId, ASC_PRIVATE_KEY_PATH: box.sandbox.privateKeyPath };
    const hookBefore = hook.received.length;
    const third = await cli(["reviews"]);
    assert.equal(third.code, 0, explain(third));
    assert.deepEqual(
      hookBodies(hookBefore).map((body) => [body.type, body.data.review.id]),
      [["review.low_rating", "later-review-1"]],
    );
    assert.ok(!slack.received.at(-1)!.body.includes("<!here>"));
  });

  test("no webhook URL or secret is printed", () => {
    for (const result of runs)
      for (const secret of [SLACK_TOKEN, TEST_SECRET, TEST_SECRET.slice(6), slack.url, hook.url])
        assert.ok(!(result.stdout + result.stderr).includes(secret), "a notification secret is printed");
  });
});
