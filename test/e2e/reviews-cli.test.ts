/**
 * Customer reviews through the real command line against a sandbox process
 * (DESIGN.md §17): a new 1-star review alerts once (not again on the next run)
 * and gets a reply draft; a person edits it and merges; apply posts the reply
 * once; the next plan has nothing to do for it, and the next `reviews` run
 * finds nothing new until a review arrives. The quoted review is read-only.
 */
import assert from "node:assert/strict";
import { cp, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyOfExample, removeFolder, ROOT, run, startSandboxProcess, type SandboxProcess } from "../helpers/cli.js";
import { apiClient } from "../sandbox/helpers/sandbox.js";

const TODAY = ["--today", "2026-11-24"];

interface ReviewsJson {
  reviews: Array<{ id: string; rating: number; territory: string; title: string; nickname: string }>;
  alerts: Array<{ id: string; rating: number; territory: string; title: string; body: string; nickname: string; date: string }>;
  drafts: string[];
  autoReplies: Array<{ reviewId: string; status: string; error?: string }>;
}

const replyChanges = (planJson: string) =>
  (JSON.parse(planJson).changes as Array<{ resource?: string; kind: string; reviewId?: string }>).filter(
    (change) => change.resource === "customerReviewResponses",
  );

describe("customer reviews: alert, draft, edit, merge, post once", () => {
  let work: string;
  let sandbox: SandboxProcess;
  const statePath = () => path.join(work, "sandbox", "state.json");
  const cli = (args: string[]) => run([...args, "--api-url", sandbox.ready.url], work, sandbox.env);

  before(async () => {
    work = await copyOfExample("asc-gitops-reviews-");
    await cp(path.join(ROOT, "reviews", "config.yml"), path.join(work, "reviews", "config.yml"), { recursive: true });
    sandbox = await startSandboxProcess(statePath());
  });
  after(async () => {
    await sandbox.stop();
    await removeFolder(work);
  });

  let oneStar: ReviewsJson["alerts"][number];
  let draftFile: string;

  test("the first run alerts the low ratings once and drafts replies to those config.yml selects", async () => {
    const first = await cli(["reviews", "--write-drafts", "--json"]);
    assert.equal(first.code, 0, first.stderr);
    const result = JSON.parse(first.stdout) as ReviewsJson;
    assert.equal(result.reviews.length, 6, "the reviews that have arrived, not the two still ahead on the sandbox's clock");
    assert.deepEqual(result.alerts.map((alert) => alert.rating).sort(), [1, 2], "alertAtOrBelow: 2");
    oneStar = result.alerts.find((alert) => alert.rating === 1)!;
    assert.equal(oneStar.territory, "USA");
    assert.equal(oneStar.title, "Crashes on launch");
    draftFile = `reviews/replies/USA/${oneStar.id}.yml`;
    assert.ok(result.drafts.includes(draftFile), JSON.stringify(result.drafts));
    assert.equal(result.drafts.length, 3, "ratings 1 to 3 get drafts");
    assert.match(first.stderr, /★☆☆☆☆ USA \d{4}-\d\d-\d\d "Crashes on launch" by <!channel> sam {2}ALERT/);

    const draft = await readFile(path.join(work, draftFile), "utf8");
    assert.match(draft, /^review:\n {2}id: /m);
    assert.match(
      draft,
      /^reply: \|\n {2}Hi <!channel> sam, thank you for telling us\. We're sorry Acme Fitness let you down: .*https:\/\/acme\.example\/support/m,
    );
    const german = result.drafts.find((file) => file.startsWith("reviews/replies/DEU/"))!;
    assert.match(await readFile(path.join(work, german), "utf8"), /Hallo Lena K\., danke für dein Feedback zu Acme Fitness/);
    assert.match(await readFile(path.join(work, "reviews", "state.yml"), "utf8"), new RegExp(`newest:\\n {2}id: ${oneStar.id}`));

    const second = await cli(["reviews", "--write-drafts", "--json"]);
    assert.equal(second.code, 0, second.stderr);
    const again = JSON.parse(second.stdout) as ReviewsJson;
    assert.deepEqual([again.reviews, again.alerts, again.drafts], [[], [], []], "nothing new, no alert twice");
    assert.match(second.stderr, /No new customer reviews of Acme Fitness\./);
  });

  test("the quoted review is read-only: an edit of it is a validation error at its line", async () => {
    const file = path.join(work, draftFile);
    const original = await readFile(file, "utf8");
    await writeFile(file, original.replace("title: Crashes on launch", "title: Works fine"));
    const validated = await run(["validate"], work);
    assert.equal(validated.code, 1);
    assert.match(validated.stderr, new RegExp(`${draftFile.replaceAll("/", "\\/")}:\\d+:1: the quoted review is read-only`));
    await writeFile(file, original);
  });

  test("a person edits the draft and merges: the plan shows it, apply posts it once, the next plan has nothing for it", async () => {
    const file = path.join(work, draftFile);
    const edited = "Sorry, Sam! 2.4.0 fixes the crash on launch; it is in review now.";
    await writeFile(file, (await readFile(file, "utf8")).replace(/^reply:[\s\S]*$/m, `reply: "${edited}"\n`));
    // The French draft is emptied (nothing to do), the German one left as drafted.
    for (const name of await readdir(path.join(work, "reviews", "replies", "FRA"))) {
      const french = path.join(work, "reviews", "replies", "FRA", name);
      await writeFile(french, (await readFile(french, "utf8")).replace(/^reply:[\s\S]*$/m, 'reply: ""\n'));
    }
    const plan = await cli(["plan", "--json", ...TODAY]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.deepEqual(
      replyChanges(plan.stdout).map((change) => change.kind),
      ["review-reply", "review-reply"],
    );
    assert.ok(plan.stderr.includes(`+ reply to ★☆☆☆☆ USA "Crashes on launch" (${edited.length}/5970 characters, limit unconfirmed)`), plan.stderr);
    assert.match(plan.stderr, /Read live state with 9 GET/, "one read per reply file, besides the shared reads and build: latest's");

    const applied = await cli(["apply", ...TODAY]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout + applied.stderr, /reply to the 1-star review "Crashes on launch" \(USA\): posted \(PENDING_PUBLISH/);
    const api = apiClient(sandbox.ready);
    const response = await api.get(`/v1/customerReviews/${oneStar.id}/response`);
    assert.equal(response.body.data.attributes.responseBody, edited);

    const replanned = await cli(["plan", "--json", ...TODAY]);
    assert.deepEqual(replyChanges(replanned.stdout), []);
    const reapplied = await cli(["apply", ...TODAY]);
    assert.equal(reapplied.code, 0, reapplied.stdout + reapplied.stderr);
    assert.doesNotMatch(reapplied.stdout + reapplied.stderr, /reply to/, "posted once");
    assert.equal((await api.get(`/v1/customerReviews/${oneStar.id}/response`)).body.data.id, response.body.data.id);
  });

  test("removing reply: deletes the live response", async () => {
    const file = path.join(work, draftFile);
    await writeFile(file, (await readFile(file, "utf8")).replace(/^reply: .*\n/m, ""));
    const plan = await cli(["plan", "--json", ...TODAY]);
    assert.deepEqual(
      replyChanges(plan.stdout).map((change) => change.kind),
      ["review-reply-delete"],
    );
    const applied = await cli(["apply", ...TODAY]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.equal((await apiClient(sandbox.ready).get(`/v1/customerReviews/${oneStar.id}/response`)).status, 404);
  });

  test("a review that arrives later alerts on the next run, once", async () => {
    await sandbox.stop();
    const state = JSON.parse(await readFile(statePath(), "utf8"));
    const appId = state.customerReviews[0].appId;
    state.customerReviews.push({
      id: "new-review-1",
      appId,
      rating: 1,
      title: "Lost everything",
      body: "My history is gone.",
      reviewerNickname: "kim",
      createdDate: new Date(Date.now() - 60_000).toISOString(),
      territory: "GBR",
    });
    await writeFile(statePath(), JSON.stringify(state));
    sandbox = await startSandboxProcess(statePath());
    const next = JSON.parse((await cli(["reviews", "--json"])).stdout) as ReviewsJson;
    assert.deepEqual(
      next.alerts.map((alert) => [alert.id, alert.rating, alert.territory]),
      [["new-review-1", 1, "GBR"]],
    );
    const after = JSON.parse((await cli(["reviews", "--json"])).stdout) as ReviewsJson;
    assert.deepEqual(after.alerts, []);
  });

  test("--territory takes Apple's three-letter codes", async () => {
    const refused = await cli(["reviews", "--territory", "US"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--territory: "US" is not an App Store territory \(three letters, such as USA or GBR\)/);
  });
});

describe("customer reviews: automatic replies and a key that may not reply", () => {
  let work: string;
  let sandbox: SandboxProcess;
  after(async () => {
    await sandbox.stop();
    await removeFolder(work);
  });

  test("--auto-reply posts to five-star reviews without a pull request; refused 403, each becomes a draft and the run exits 1", async () => {
    work = await copyOfExample("asc-gitops-auto-reply-");
    await cp(path.join(ROOT, "reviews", "config.yml"), path.join(work, "reviews", "config.yml"));
    sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"), ["--processing-ms", "50", "--forbid-replies"]);
    const refused = await run(["reviews", "--auto-reply", "--write-drafts", "--json", "--api-url", sandbox.ready.url], work, sandbox.env);
    assert.equal(refused.code, 1, refused.stderr);
    const result = JSON.parse(refused.stdout) as ReviewsJson;
    assert.equal(result.autoReplies.length, 2, "the two five-star reviews");
    assert.ok(result.autoReplies.every((reply) => reply.status === "failed" && /403|FORBIDDEN|not allow/i.test(reply.error ?? "")));
    assert.equal(result.drafts.length, 5, "three selected drafts and the two replies that could not be posted");
    await sandbox.stop();

    await removeFolder(path.join(work, "reviews", "replies"));
    await removeFolder(path.join(work, "reviews", "state.yml"));
    sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"));
    const posted = await run(["reviews", "--auto-reply", "--json", "--api-url", sandbox.ready.url], work, sandbox.env);
    assert.equal(posted.code, 0, posted.stderr);
    const replies = (JSON.parse(posted.stdout) as ReviewsJson).autoReplies;
    assert.deepEqual(
      replies.map((reply) => reply.status),
      ["posted", "posted"],
    );
    const response = await apiClient(sandbox.ready).get(`/v1/customerReviews/${replies[0]!.reviewId}/response`);
    assert.match(response.body.data.attributes.responseBody, /^Thank you, .+! Reviews like yours keep Acme Fitness going\.$/);
  });
});
