import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { getOctokit } from "@actions/github";
import {
  ACTIONS_BOT,
  commentBody,
  commentMarker,
  describeGitHubError,
  findMergedPullRequest,
  tokenIdentity,
  upsertComment,
  type Octokit,
  type TokenIdentity,
} from "../../src/github/comment.js";
import { DRIFT_LABEL, driftMarker, syncDriftIssue } from "../../src/github/drift-issue.js";
import { GITHUB_COMMENT_LIMIT } from "../../src/engine/render/markdown.js";
import { BOT, FakeGitHub } from "../helpers/fake-github.js";

const REPO = { owner: "acme", repo: "fitness" };
/** The default GITHUB_TOKEN's account. */
const OWN: TokenIdentity = { login: BOT, known: true };

describe("the sticky pull request comment", () => {
  let github: FakeGitHub;
  let octokit: Octokit;

  before(async () => {
    github = await FakeGitHub.start();
    octokit = getOctokit("test-token", { baseUrl: github.url });
  });
  after(() => github.close());
  beforeEach(() => {
    github.comments.length = 0;
    github.requests.length = 0;
    github.refuseCommentWrites = false;
    github.refuseGraphql = false;
    github.viewer = { login: BOT, type: "Bot" };
    github.issues.length = 0;
  });

  test("the marker names the metadata folder, so two apps keep two comments", () => {
    assert.equal(commentMarker("plan", "metadata"), "<!-- asc-gitops:metadata -->");
    assert.equal(commentMarker("plan", "./apps/watch/metadata/"), "<!-- asc-gitops:apps/watch/metadata -->");
    assert.equal(commentMarker("apply", "metadata"), "<!-- asc-gitops:apply:metadata -->");
    assert.ok(!commentMarker("plan", "odd-->name").slice(4, -3).includes("-->"), "a path cannot end the HTML comment early");
  });

  test("the first push creates one comment and the second push edits it in place", async () => {
    const marker = commentMarker("plan", "metadata");
    const first = await upsertComment(octokit, REPO, 7, marker, "### plan\n\n3 changes\n", OWN);
    assert.equal(first.action, "created");
    const second = await upsertComment(octokit, REPO, 7, marker, "### plan\n\n4 changes\n", OWN);
    assert.equal(second.action, "updated");
    assert.equal(second.id, first.id);
    const comments = github.commentsOn(7);
    assert.equal(comments.length, 1);
    assert.equal(comments[0]!.body, `${marker}\n### plan\n\n4 changes\n`);
    assert.deepEqual(
      github.requests.map((request) => request.method),
      ["GET", "POST", "GET", "PATCH"],
    );
  });

  test("the same text again sends no edit", async () => {
    const marker = commentMarker("plan", "metadata");
    await upsertComment(octokit, REPO, 7, marker, "same\n", OWN);
    const again = await upsertComment(octokit, REPO, 7, marker, "same\n", OWN);
    assert.equal(again.action, "unchanged");
    assert.equal(github.requests.filter((request) => request.method !== "GET").length, 1);
  });

  test("the comment is found on the third page of a long conversation", async () => {
    const marker = commentMarker("plan", "metadata");
    for (let index = 0; index < 230; index++) github.addComment(7, `comment ${index}`);
    const ours = github.addComment(7, `${marker}\nold plan`, "github-actions[bot]");
    for (let index = 0; index < 20; index++) github.addComment(7, `later ${index}`);
    const result = await upsertComment(octokit, REPO, 7, marker, "new plan", OWN);
    assert.equal(result.action, "updated");
    assert.equal(result.id, ours.id);
    assert.equal(github.commentsOn(7).length, 251, "no comment was added");
    const pages = github.requests.filter((request) => request.method === "GET").map((request) => request.query.get("page") ?? "1");
    assert.deepEqual(pages, ["1", "2", "3"]);
    assert.ok(
      github.requests.every((request) => request.method !== "GET" || request.query.get("per_page") === "100"),
      "pages of 100, the most GitHub gives",
    );
  });

  test("a comment that only quotes the marker is not taken for ours", async () => {
    const marker = commentMarker("plan", "metadata");
    github.addComment(7, `Why does the bot write ${marker} in its comments?`);
    await upsertComment(octokit, REPO, 7, marker, "plan", OWN);
    assert.equal(github.commentsOn(7).length, 2);
  });

  test("two apps in one repository keep separate comments", async () => {
    await upsertComment(octokit, REPO, 7, commentMarker("plan", "apps/phone/metadata"), "phone plan v1", OWN);
    await upsertComment(octokit, REPO, 7, commentMarker("plan", "apps/watch/metadata"), "watch plan v1", OWN);
    await upsertComment(octokit, REPO, 7, commentMarker("plan", "apps/phone/metadata"), "phone plan v2", OWN);
    const bodies = github.commentsOn(7).map((comment) => comment.body);
    assert.deepEqual(bodies, ["<!-- asc-gitops:apps/phone/metadata -->\nphone plan v2", "<!-- asc-gitops:apps/watch/metadata -->\nwatch plan v1"]);
  });

  test("a stranger's comment that starts with the marker is never edited: the action posts its own", async () => {
    const marker = commentMarker("plan", "metadata");
    const stranger = github.addComment(7, `${marker}\n### asc-gitops plan\n\nNo changes. Merge away!`, "mallory");
    const impostor = github.addComment(7, `${marker}\nfrom another app`, "other-app[bot]");
    const first = await upsertComment(octokit, REPO, 7, marker, "the real plan", OWN);
    assert.equal(first.action, "created");
    const second = await upsertComment(octokit, REPO, 7, marker, "the real plan, updated", OWN);
    assert.equal(second.action, "updated");
    assert.equal(second.id, first.id, "the action's own comment is the one edited");
    assert.equal(stranger.body, `${marker}\n### asc-gitops plan\n\nNo changes. Merge away!`, "the stranger's comment is untouched");
    assert.equal(impostor.body, `${marker}\nfrom another app`);
    const edits = github.requests.filter((request) => request.method === "PATCH").map((request) => request.path);
    assert.deepEqual(edits, [`/repos/acme/fitness/issues/comments/${first.id}`]);
  });

  test("the token's account comes from GraphQL's viewer; a personal token's own comments are found by its login", async () => {
    assert.deepEqual(await tokenIdentity(octokit), { login: BOT, known: true });
    github.viewer = { login: "release-robot", type: "User" };
    const identity = await tokenIdentity(octokit);
    assert.deepEqual(identity, { login: "release-robot", known: true });
    const marker = commentMarker("plan", "metadata");
    const own = github.addComment(7, `${marker}\nold`, "release-robot");
    const result = await upsertComment(octokit, REPO, 7, marker, "new", identity);
    assert.equal(result.id, own.id);
    // GraphQL may name a bot without "[bot]": REST's "name[bot]" of type Bot is the same account.
    const bot = github.addComment(8, `${marker}\nold`, "asc-app[bot]");
    assert.equal((await upsertComment(octokit, REPO, 8, marker, "new", { login: "asc-app", known: true })).id, bot.id);
  });

  test("when the account cannot be asked, only github-actions[bot] is trusted", async () => {
    github.refuseGraphql = true;
    const identity = await tokenIdentity(octokit);
    assert.equal(identity.login, ACTIONS_BOT);
    assert.equal(identity.known, false);
    assert.match(identity.problem ?? "", /GitHub answered 502/);
    const marker = commentMarker("plan", "metadata");
    const personal = github.addComment(7, `${marker}\nposted with a personal token`, "release-robot");
    const result = await upsertComment(octokit, REPO, 7, marker, "new", identity);
    assert.equal(result.action, "created", "a new comment rather than a guess");
    assert.equal(personal.body, `${marker}\nposted with a personal token`);
  });

  test("a drift issue someone else opened with the label and the marker is never edited or closed", async () => {
    const marker = driftMarker("metadata");
    const stranger = github.addIssue({ title: "App Store Connect differs", body: `${marker}\nfake drift`, labels: [{ name: DRIFT_LABEL }] }, "mallory");
    const update = { marker, title: "App Store Connect differs from metadata (asc-gitops drift)", resolvedComment: "closing", identity: OWN };
    const opened = await syncDriftIssue(octokit, REPO, { ...update, body: "real drift", drifted: true });
    assert.equal(opened.action, "opened");
    assert.notEqual(opened.number, stranger.number);
    const closed = await syncDriftIssue(octokit, REPO, { ...update, body: "", drifted: false });
    assert.deepEqual(closed, { action: "closed", number: opened.number });
    assert.equal(stranger.state, "open", "the stranger's issue is not closed");
    assert.equal(stranger.body, `${marker}\nfake drift`);
    assert.ok(
      !github.requests.some((request) => request.path.endsWith(`/issues/${stranger.number}`) || request.path.endsWith(`/issues/${stranger.number}/comments`)),
      "nothing was sent about it",
    );
  });

  test("a token that may not comment fails with GitHub's reason, ready for the log", async () => {
    github.refuseCommentWrites = true;
    await assert.rejects(upsertComment(octokit, REPO, 7, commentMarker("plan", "metadata"), "plan", OWN), (error: unknown) => {
      assert.equal(describeGitHubError(error), "GitHub answered 403: Resource not accessible by integration");
      return true;
    });
  });

  test("the merged pull request of a commit is found", async () => {
    github.pullsByCommit.set("abc123", [
      { number: 3, state: "open", merged_at: null, merge_commit_sha: "fff" },
      { number: 9, state: "closed", merged_at: "2026-11-24T10:00:00Z", merge_commit_sha: "abc123" },
    ]);
    assert.equal(await findMergedPullRequest(octokit, REPO, "abc123"), 9);
    assert.equal(await findMergedPullRequest(octokit, REPO, "def456"), undefined);
    assert.match(github.requests.at(-1)!.path, /^\/repos\/acme\/fitness\/commits\/def456\/pulls$/);
  });

  test("a body over GitHub's limit is cut with a note, and keeps its marker", () => {
    const marker = commentMarker("plan", "metadata");
    const body = commentBody(marker, "x".repeat(GITHUB_COMMENT_LIMIT + 10));
    assert.ok(body.length <= GITHUB_COMMENT_LIMIT);
    assert.ok(body.startsWith(`${marker}\n`));
    assert.match(body, /cut to fit GitHub's limit/);
  });
});
