/**
 * Customer reviews through the GitHub Action, run as the runner runs it (the
 * committed dist/index.js with INPUT_* and the runner's files) against a
 * sandbox, a fake GitHub (its Git database and pull requests) and a Standard
 * Webhooks receiver. Each run starts from a fresh checkout of the default
 * branch. The story: the first scheduled run opens ONE pull request with a
 * draft for the new 1-star review and alerts it once; a person edits the
 * draft on the branch; a second run with a new review updates the same pull
 * request (the edit kept) and alerts only the new review; the merge's push
 * posts the reply once; the next run finds nothing new.
 */
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyOfExample, removeFolder, ROOT } from "../helpers/cli.js";
import { actionDefaults, runActionProcess, shownLog } from "../helpers/action-process.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import { startSlackStandIn, startWebhookReceiver, TEST_SECRET, type Receiver } from "../helpers/notify-receivers.js";
import { startTestSandbox, tempFolder, type TestSandbox } from "../sandbox/helpers/sandbox.js";

const GITHUB_TOKEN = "ghs_fakeGitHubTokenForTheReviewsTests";
const SLACK_TOKEN = "slackTokenOfTheReviewsActionTests";
const BRANCH = "asc-gitops/review-replies";

/** action.yml's defaults: the runner sets every input, given or not. */
const DEFAULTS = actionDefaults(GITHUB_TOKEN);

interface ActionRun {
  code: number;
  shown: string;
  summary: string;
  stderr: string;
}

const explain = (run: ActionRun) => `exit ${run.code}\n--- log\n${run.shown}\n--- stderr\n${run.stderr}\n--- summary\n${run.summary}`;

interface Alert {
  type: string;
  data: { review: { id: string; rating: number; territory: string } };
}

describe("customer reviews through the action: one pull request of drafts, alerts once, the merge posts the replies", () => {
  let work: string;
  let home: string;
  let repo: string;
  let box: TestSandbox;
  let github: FakeGitHub;
  let hook: Receiver;
  let slack: Receiver;
  let privateKey: string;
  const runs: ActionRun[] = [];
  const repository = { full_name: "acme/fitness", name: "fitness", owner: { login: "acme" }, default_branch: "main" };

  /** A fresh checkout of the default branch: the repository's files plus what the fake GitHub's main holds under reviews/. */
  async function checkout(): Promise<void> {
    await removeFolder(path.join(repo, "reviews"));
    await cp(path.join(ROOT, "reviews", "config.yml"), path.join(repo, "reviews", "config.yml"));
    for (const [file, text] of github.branchFiles("main")) {
      await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
      await writeFile(path.join(repo, file), text);
    }
  }

  async function runAction(event: "push" | "schedule" | "pull_request", payload: object, sha: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
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
    const run = await runActionProcess({ repo, work, event, payload, sha, inputs: all, githubApiUrl: github.url, runId: "5151" });
    const result: ActionRun = {
      code: run.code,
      shown: shownLog(run.stdout),
      summary: run.summary,
      stderr: run.stderr,
    };
    runs.push(result);
    return result;
  }

  const scheduled = () => runAction("schedule", { schedule: "23 7 * * *", repository }, "e".repeat(40), { command: "reviews" });
  const alerts = (from = 0) => hook.received.slice(from).map((request) => JSON.parse(request.body) as Alert);
  const responseOf = async (reviewId: string) => (await box.api.get(`/v1/customerReviews/${reviewId}/response`)).body?.data;

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "asc-gitops-reviews-action-"));
    repo = await copyOfExample("asc-gitops-reviews-action-repo-");
    home = await tempFolder();
    box = await startTestSandbox({}, home);
    privateKey = await readFile(box.sandbox.privateKeyPath, "utf8");
    github = await FakeGitHub.start();
    github.setBranch("main", {});
    hook = await startWebhookReceiver(TEST_SECRET);
    slack = await startSlackStandIn();
  });
  after(async () => {
    await hook.close();
    await slack.close();
    await github.close();
    await box.dispose();
    await removeFolder(home);
    await removeFolder(repo);
    await rm(work, { recursive: true, force: true });
  });

  let oneStar: string;
  const draftOf = (territory: string, id: string) => `reviews/replies/${territory}/${id}.yml`;
  const EDITED = "Sorry, Sam! 2.4.0 fixes the crash on launch; it is in review now.";

  test("the first scheduled run opens ONE pull request with a draft for the new 1-star review and alerts it once", async () => {
    await checkout();
    const first = await scheduled();
    assert.equal(first.code, 0, explain(first));
    const told = alerts();
    assert.deepEqual(
      told.map((alert) => alert.type),
      ["review.low_rating", "review.low_rating"],
      "alertAtOrBelow: 2",
    );
    assert.ok(hook.received.every((request) => request.verified));
    oneStar = told.find((alert) => alert.data.review.rating === 1)!.data.review.id;
    assert.equal(slack.received.length, 2);
    assert.ok(
      slack.received.every((request) => !request.body.includes("<!channel>")),
      "a reviewer's <!channel> pings nobody in Slack",
    );

    assert.equal(github.pulls.length, 1);
    const pull = github.pulls[0]!;
    assert.deepEqual([pull.state, pull.head.ref, pull.base.ref], ["open", BRANCH, "main"]);
    assert.match(pull.body, /^<!-- asc-gitops:reviews:reviews -->\n/);
    assert.ok(pull.body.includes("Crashes on launch"), pull.body);
    assert.ok(!pull.body.includes("<!channel>"), "a reviewer's text is inert in the pull request");
    assert.ok(pull.body.includes(`<code>${draftOf("USA", oneStar)}</code>`), pull.body);
    const files = github.branchFiles(BRANCH);
    assert.match(files.get(draftOf("USA", oneStar)) ?? "", /^reply: \|\n {2}Hi <!channel> sam, thank you for telling us\./m);
    assert.match(files.get("reviews/state.yml") ?? "", new RegExp(`newest:\\n {2}id: ${oneStar}`));
    assert.equal(github.branchFiles("main").size, 0, "nothing is committed on the default branch");
    assert.match(first.summary, /Reviews pull request \[#\d+\]\(.+\) created\./);
  });

  test("a second run with a new review updates the same pull request, keeps the person's edit and alerts only the new review", async () => {
    // A person edits the draft on the pull request's branch.
    const files = Object.fromEntries(github.branchFiles(BRANCH));
    const file = draftOf("USA", oneStar);
    files[file] = files[file]!.replace(/^reply:[\s\S]*$/m, `reply: "${EDITED}"\n`);
    github.setBranch(BRANCH, files);

    await box.sandbox.close();
    const statePath = path.join(home, "state.json");
    const state = JSON.parse(await readFile(statePath, "utf8"));
    state.customerReviews.push({
      id: "later-review-1",
      appId: state.customerReviews[0].appId,
      rating: 1,
      title: "Lost everything",
      body: "My history is gone.",
      reviewerNickname: "kim",
      createdDate: new Date(Date.now() - 60_000).toISOString(),
      territory: "GBR",
    });
    await writeFile(statePath, JSON.stringify(state));
    box = await startTestSandbox({}, home);
    privateKey = await readFile(box.sandbox.privateKeyPath, "utf8");

    await checkout();
    const before = hook.received.length;
    const second = await scheduled();
    assert.equal(second.code, 0, explain(second));
    assert.deepEqual(
      alerts(before).map((alert) => alert.data.review.id),
      ["later-review-1"],
    );
    assert.equal(github.pulls.length, 1, "no second pull request");
    const branch = github.branchFiles(BRANCH);
    assert.ok(branch.has(draftOf("GBR", "later-review-1")));
    assert.ok(branch.get(file)!.includes(EDITED), "the person's edit is kept");
    assert.ok(github.pulls[0]!.body.includes("Lost everything"));
    assert.ok(github.pulls[0]!.body.includes("Crashes on launch"), "the first run's reviews stay listed");
    assert.match(second.summary, /Reviews pull request \[#\d+\]\(.+\) updated\./);
  });

  test("the merge's push posts the reply once; the next scheduled run finds nothing new", async () => {
    const sha = github.mergePull(github.pulls[0]!.number);
    await checkout();
    const applied = await runAction("push", { ref: "refs/heads/main", after: sha, repository }, sha);
    assert.equal(applied.code, 0, explain(applied));
    const posted = await responseOf(oneStar);
    assert.equal(posted?.attributes?.responseBody, EDITED);
    assert.ok((await responseOf("later-review-1"))?.attributes?.responseBody, "the drafted reply to the new review is posted too");

    const again = await runAction("push", { ref: "refs/heads/main", after: sha, repository }, sha);
    assert.equal(again.code, 0, explain(again));
    assert.equal((await responseOf(oneStar))?.id, posted.id, "posted once: the same response");
    assert.doesNotMatch(again.shown, /reply to the 1-star review/);

    await checkout();
    const before = hook.received.length;
    const next = await scheduled();
    assert.equal(next.code, 0, explain(next));
    assert.match(next.summary, /Nothing new/);
    assert.equal(hook.received.length, before, "no alert again");
    assert.equal(github.pulls.length, 1, "no new pull request");
  });

  test("a token that may not write pull requests fails the step, saying which permissions, before any review is read", async () => {
    github.refuseEverything = true;
    const before = hook.received.length;
    const refused = await scheduled();
    github.refuseEverything = false;
    assert.equal(refused.code, 1);
    assert.match(refused.shown, /::error::.*reviews pull request could not be looked for \(GitHub answered 403.*contents: write.*pull-requests: write/);
    assert.equal(hook.received.length, before, "nothing read, nothing alerted");
  });

  test("reviews refuses a pull request event, and the token is never shown", async () => {
    const refused = await runAction("pull_request", { pull_request: { number: 9, head: { sha: "f".repeat(40) } }, repository }, "f".repeat(40), {
      command: "reviews",
    });
    assert.equal(refused.code, 1);
    assert.match(refused.shown, /::error::reviews runs on a schedule or by hand \(workflow_dispatch\) on the default branch, not on pull_request/);
    assert.equal(github.pulls.length, 1, "nothing opened");
    for (const run of runs)
      for (const secret of [GITHUB_TOKEN, SLACK_TOKEN, TEST_SECRET, slack.url, hook.url])
        assert.ok(![run.shown, run.stderr, run.summary].join("\n").includes(secret), "a token or a notification URL is shown");
    assert.ok(![SLACK_TOKEN, TEST_SECRET].some((secret) => github.sentText().includes(secret)), "a notification secret was sent to GitHub");
  });
});
