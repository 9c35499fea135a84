import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { getOctokit } from "@actions/github";
import type { Octokit } from "../../src/github/comment.js";
import { commitReviewPull, fileOnBranch, findReviewPull, reviewsBranch, reviewsMarker } from "../../src/github/review-pull.js";
import { BOT, FakeGitHub } from "../helpers/fake-github.js";

const repository = { owner: "acme", repo: "fitness" };
const identity = { login: BOT, known: true };
const BRANCH = reviewsBranch("reviews");
const MARKER = reviewsMarker("reviews");

describe("the reviews pull request: one branch, one pull request of the token's own", () => {
  let github: FakeGitHub;
  let octokit: Octokit;
  before(async () => {
    github = await FakeGitHub.start();
    octokit = getOctokit("test-token", { baseUrl: github.url });
  });
  after(() => github.close());

  test("one branch per reviews folder, and a marker naming it", () => {
    assert.equal(BRANCH, "asc-gitops/review-replies");
    assert.equal(reviewsBranch("./reviews/"), BRANCH);
    assert.equal(reviewsBranch("apps/kids/reviews"), "asc-gitops/review-replies-apps-kids-reviews");
    assert.equal(reviewsMarker("x-->y"), "<!-- asc-gitops:reviews:x--&gt;y -->");
  });

  test("opened from the default branch, then updated on top of its own branch, keeping what a person committed there", async () => {
    github.setBranch("main", { "metadata/app.yml": "app: {}\n" });
    const update = { branch: BRANCH, base: "main", message: "drafts", title: "Reply to customer reviews", body: `${MARKER}\nfirst` };
    const opened = await commitReviewPull(octokit, repository, { ...update, files: [{ path: "reviews/replies/USA/1.yml", content: "reply: a\n" }] });
    assert.equal(opened.action, "created");
    assert.deepEqual([...github.branchFiles(BRANCH).keys()].sort(), ["metadata/app.yml", "reviews/replies/USA/1.yml"]);

    const own = await findReviewPull(octokit, repository, BRANCH, MARKER, identity);
    assert.equal(own?.number, opened.number);
    github.setBranch(BRANCH, { ...Object.fromEntries(github.branchFiles(BRANCH)), "reviews/replies/USA/1.yml": "reply: edited by a person\n" });
    const updated = await commitReviewPull(octokit, repository, {
      ...update,
      existing: own!,
      body: `${MARKER}\nsecond`,
      files: [{ path: "reviews/replies/GBR/2.yml", content: "reply: b\n" }],
    });
    assert.deepEqual([updated.action, updated.number], ["updated", opened.number]);
    assert.equal(github.branchFiles(BRANCH).get("reviews/replies/USA/1.yml"), "reply: edited by a person\n");
    assert.ok(github.branchFiles(BRANCH).has("reviews/replies/GBR/2.yml"));
    assert.equal(github.pulls.length, 1);
    assert.equal(github.pulls[0]!.body, `${MARKER}\nsecond`);
  });

  test("after the merge, the next pull request starts again from the default branch", async () => {
    github.mergePull(github.pulls[0]!.number);
    assert.equal(await findReviewPull(octokit, repository, BRANCH, MARKER, identity), undefined, "a merged one is not continued");
    github.setBranch("main", { ...Object.fromEntries(github.branchFiles("main")), "README.md": "changed after the merge\n" });
    const next = await commitReviewPull(octokit, repository, {
      branch: BRANCH,
      base: "main",
      message: "drafts",
      title: "t",
      body: MARKER,
      files: [{ path: "reviews/state.yml", content: "alerted: []\n" }],
    });
    assert.equal(next.action, "created");
    const files = github.branchFiles(BRANCH);
    assert.equal(files.get("README.md"), "changed after the merge\n");
    assert.equal(files.get("reviews/state.yml"), "alerted: []\n");
  });

  test("someone else's pull request from the branch, or one without the marker, is never taken for the action's own", async () => {
    const open = github.pulls.find((pull) => pull.state === "open")!;
    const { user, body } = open;
    open.user = { login: "mallory", type: "User" };
    assert.equal(await findReviewPull(octokit, repository, BRANCH, MARKER, identity), undefined);
    open.user = user;
    open.body = `not the marker\n${body}`;
    assert.equal(await findReviewPull(octokit, repository, BRANCH, MARKER, identity), undefined);
    open.body = body;
    assert.equal((await findReviewPull(octokit, repository, BRANCH, MARKER, identity))?.number, open.number);
  });

  test("a file on the branch is read within a size cap, and absent is undefined", async () => {
    assert.equal(await fileOnBranch(octokit, repository, BRANCH, "reviews/state.yml", 1024), "alerted: []\n");
    assert.equal(await fileOnBranch(octokit, repository, BRANCH, "reviews/none.yml", 1024), undefined);
    await assert.rejects(fileOnBranch(octokit, repository, BRANCH, "reviews/state.yml", 4), /larger than 4 bytes/);
  });
});
