/**
 * The GitHub Action end to end: `node dist/index.js` (the committed bundle and
 * its vendored sharp, copied alone to a folder with no node_modules around it,
 * as a runner checks an action out) with the environment a runner gives a step (INPUT_*,
 * GITHUB_EVENT_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP…),
 * against a sandbox App Store Connect in this process and a fake GitHub API.
 * Every run's output is kept, and the last test searches all of it for the
 * key, the issuer id and the tokens.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";
import type { ApplyReport } from "../../src/engine/apply/report.js";
import type { Plan } from "../../src/engine/plan/plan.js";
import { startSandbox, type SandboxHandle } from "../../src/sandbox/index.js";
import { BOT, FakeGitHub } from "../helpers/fake-github.js";
import { liveConstructs } from "../helpers/live-markdown.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const GITHUB_TOKEN = "ghs_fakeGitHubTokenForTheActionTests";
const PLAN_MARKER = "<!-- asc-gitops:metadata -->";
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
/** The links the action writes itself: the workflow run (GITHUB_SERVER_URL below). */
/** The run's link, and the thumbnails: the head commit's files and the sandbox's renditions. */
const OWN_MARKDOWN = { ownLinks: ["http://127.0.0.1/acme/fitness/actions/runs/"], ownPictures: ["http://127.0.0.1/acme/fitness/blob/", "http://127.0.0.1:"] };

/** action.yml's defaults: the runner sets every input, given or not. */
const ACTION_DEFAULTS: Record<string, string> = (() => {
  const action = load(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, { default?: string }> };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, input.default === "${{ github.token }}" ? GITHUB_TOKEN : (input.default ?? "")]),
  );
})();

interface ActionRun {
  name: string;
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as the runner shows it: without the ::add-mask:: commands it consumes. */
  shown: string;
  /** Values registered with ::add-mask::. */
  masks: string[];
  summary: string;
  outputs: Record<string, string>;
  /** Text of the files the outputs point at (plan and report JSON). */
  files: string;
  /** The private-key input of the run ("" without secrets). */
  key: string;
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n?\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

const unmask = (value: string) => value.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");

interface Step {
  name: string;
  event: "pull_request" | "pull_request_target" | "push" | "schedule" | "workflow_dispatch";
  payload: Record<string, unknown>;
  sha: string;
  ref: string;
  inputs?: Record<string, string>;
  /** Credentials passed as inputs (default: yes). */
  secrets?: boolean;
  repo?: string;
  /** More of the runner's environment (HTTPS_PROXY on a self-hosted runner). */
  env?: Record<string, string>;
}

describe("the GitHub Action, run as the runner runs it, against the sandbox and a fake GitHub", () => {
  let work: string;
  let repo: string;
  /** The action as a runner checks it out: action.yml and dist/, with no node_modules around it. */
  let entry: string;
  let sandbox: SandboxHandle;
  let proxy: Server;
  let apiUrl: string;
  let github: FakeGitHub;
  let privateKey: string;
  /** Every bearer token App Store Connect (the sandbox) received. */
  const tokensSeen = new Set<string>();
  /** Requests that reached the sandbox, by method. */
  const sandboxRequests: string[] = [];
  const runs: ActionRun[] = [];

  async function runAction(step: Step): Promise<ActionRun> {
    const folder = await mkdtemp(path.join(work, "run-"));
    const eventPath = path.join(folder, "event.json");
    const outputPath = path.join(folder, "output.txt");
    const summaryPath = path.join(folder, "summary.md");
    const runnerTemp = path.join(folder, "runner-temp");
    await mkdir(runnerTemp);
    await writeFile(eventPath, JSON.stringify(step.payload));
    await writeFile(outputPath, "");
    await writeFile(summaryPath, "");
    const secrets: Record<string, string> = step.secrets === false ? {} : { "issuer-id": sandbox.issuerId, "key-id": sandbox.keyId, "private-key": privateKey };
    const inputs: Record<string, string> = { ...ACTION_DEFAULTS, "api-url": apiUrl, ...secrets, ...step.inputs };
    const cwd = step.repo ?? repo;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      NO_COLOR: "1",
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_EVENT_NAME: step.event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: "acme/fitness",
      GITHUB_SHA: step.sha,
      GITHUB_REF: step.ref,
      GITHUB_WORKSPACE: cwd,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: "http://127.0.0.1",
      GITHUB_RUN_ID: "4242",
      RUNNER_TEMP: runnerTemp,
      ...step.env,
      // The runner's naming: upper case, dashes kept.
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, "_").toUpperCase()}`, value])),
    };
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [entry], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: out, stderr: err }),
      );
    });
    const lines = stdout.split("\n");
    const outputs = parseOutputs(await readFile(outputPath, "utf8"));
    let files = "";
    for (const name of ["plan-json", "report-json", "report-html"]) if (outputs[name]) files += await readFile(outputs[name]!, "utf8");
    const result: ActionRun = {
      name: step.name,
      code,
      stdout,
      stderr,
      shown: lines.filter((line) => !line.startsWith("::add-mask::")).join("\n"),
      masks: lines.filter((line) => line.startsWith("::add-mask::")).map((line) => unmask(line.slice("::add-mask::".length))),
      summary: await readFile(summaryPath, "utf8"),
      outputs,
      files,
      key: inputs["private-key"] ?? "",
    };
    runs.push(result);
    return result;
  }

  const repository = { full_name: "acme/fitness", name: "fitness", owner: { login: "acme" }, default_branch: "main" };
  const pullRequestEvent = (number: number, sha: string, fork = false) => ({
    action: "synchronize",
    number,
    pull_request: {
      number,
      head: { sha, ref: "listing", repo: { full_name: fork ? "someone/fitness" : "acme/fitness", fork } },
      base: { ref: "main", repo: { full_name: "acme/fitness" } },
    },
    repository,
  });
  const pushEvent = (sha: string) => ({ ref: "refs/heads/main", after: sha, repository });
  const explain = (result: ActionRun) => `exit ${result.code}\n--- stdout\n${result.shown}\n--- stderr\n${result.stderr}\n--- summary\n${result.summary}`;

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "asc-gitops-action-"));
    await cp(path.join(ROOT, "dist"), path.join(work, "action", "dist"), { recursive: true });
    await cp(path.join(ROOT, "action.yml"), path.join(work, "action", "action.yml"));
    entry = path.join(work, "action", "dist", "index.js");
    repo = path.join(work, "repo");
    await mkdir(path.join(repo, ".git"), { recursive: true });
    await cp(path.join(ROOT, "metadata"), path.join(repo, "metadata"), { recursive: true });
    await cp(path.join(ROOT, "screenshots"), path.join(repo, "screenshots"), { recursive: true });
    sandbox = await startSandbox({ statePath: path.join(work, "sandbox", "state.json"), port: 0, processingMs: 50, log: () => {} });
    privateKey = await readFile(sandbox.privateKeyPath, "utf8");
    // Between the action and the sandbox: records the tokens that reach App Store Connect.
    proxy = createServer((incoming, outgoing) => {
      const authorization = incoming.headers.authorization;
      if (authorization) tokensSeen.add(authorization.replace(/^Bearer /, ""));
      sandboxRequests.push(incoming.method ?? "GET");
      const upstream = httpRequest(`${sandbox.url}${incoming.url}`, { method: incoming.method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      upstream.on("error", () => outgoing.destroy());
      incoming.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    apiUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    github = await FakeGitHub.start();
  });

  after(async () => {
    proxy?.closeAllConnections();
    await new Promise((resolve) => proxy?.close(resolve));
    await github?.close();
    await sandbox?.close();
    await rm(work, { recursive: true, force: true });
  });

  test("a pull request run posts one plan comment, and the next push to it updates that comment", async () => {
    const writesBefore = sandboxRequests.filter((method) => method !== "GET").length;
    const first = await runAction({
      name: "PR #7, first push",
      event: "pull_request",
      payload: pullRequestEvent(7, "a".repeat(40)),
      sha: "a".repeat(40),
      ref: "refs/pull/7/merge",
    });
    assert.equal(first.code, 0, explain(first));
    let comments = github.commentsOn(7);
    assert.equal(comments.length, 1);
    assert.ok(comments[0]!.body.startsWith(`${PLAN_MARKER}\n### asc-gitops plan`), comments[0]!.body.slice(0, 200));
    assert.match(comments[0]!.body, /commit <code>aaaaaaa<\/code>/);
    assert.equal(first.outputs["has-changes"], "true");
    const plan = JSON.parse(await readFile(first.outputs["plan-json"]!, "utf8")) as Plan;
    assert.equal(plan.schemaVersion, 1);
    assert.equal(first.outputs["change-count"], String(plan.changes.length));
    assert.ok(plan.changes.length > 0);
    assert.match(first.summary, /### asc-gitops plan/);
    // Screenshots as pictures: the head commit's file beside Apple's rendition; every change in the HTML report, pictures embedded.
    const blob = `http://127.0.0.1/acme/fitness/blob/${"a".repeat(40)}/screenshots/`;
    assert.ok(comments[0]!.body.includes(`<img src="${blob}`) && comments[0]!.body.includes('?raw=true" width="100"'), comments[0]!.body);
    assert.match(comments[0]!.body, /\| moved from 2 \|/);
    const html = await readFile(first.outputs["report-html"]!, "utf8");
    assert.ok(html.startsWith("<!DOCTYPE html>") && html.includes("data:image/jpeg;base64,"), "the HTML report embeds the pictures");
    assert.match(
      first.summary,
      /the HTML report \(`report-html` output, plan\.html\), in \[this run's artifacts\]\(http:\/\/127\.0\.0\.1\/acme\/fitness\/actions\/runs\/4242#artifacts/,
    );
    assert.equal(sandboxRequests.filter((method) => method !== "GET").length, writesBefore, "a plan writes nothing to App Store Connect");

    await writeFile(
      path.join(repo, "metadata", "en-US.yml"),
      (await readFile(path.join(repo, "metadata", "en-US.yml"), "utf8")).replace(/^promotionalText: .*$/m, "promotionalText: Now with streaks."),
    );
    const second = await runAction({
      name: "PR #7, second push",
      event: "pull_request",
      payload: pullRequestEvent(7, "b".repeat(40)),
      sha: "b".repeat(40),
      ref: "refs/pull/7/merge",
    });
    assert.equal(second.code, 0, explain(second));
    comments = github.commentsOn(7);
    assert.equal(comments.length, 1, "still one comment");
    assert.match(comments[0]!.body, /commit <code>bbbbbbb<\/code>/);
    assert.match(comments[0]!.body, /Now with streaks\./);
    // GraphQL is asked who the token is (a read); everything else that is not a GET is a write.
    const writes = github.requests
      .filter((request) => request.method !== "GET" && request.path !== "/graphql")
      .map((request) => `${request.method} ${request.path}`);
    assert.deepEqual(writes, ["POST /repos/acme/fitness/issues/7/comments", `PATCH /repos/acme/fitness/issues/comments/${comments[0]!.id}`]);
    assert.ok(
      github.requests.every((request) => request.headers.authorization === `token ${GITHUB_TOKEN}`),
      "GitHub is called with the github-token input",
    );
  });

  test("a stranger's comment that starts with the plan marker is left alone: the plan gets the bot's own comment", async () => {
    const forged = `${PLAN_MARKER}\n### asc-gitops plan\n\n**No changes: App Store Connect matches the repository.**`;
    const stranger = github.addComment(17, forged, "mallory");
    for (const sha of ["7".repeat(40), "8".repeat(40)]) {
      const result = await runAction({
        name: `PR #17, ${sha.slice(0, 1)}`,
        event: "pull_request",
        payload: pullRequestEvent(17, sha),
        sha,
        ref: "refs/pull/17/merge",
      });
      assert.equal(result.code, 0, explain(result));
    }
    assert.equal(stranger.body, forged, "the stranger's comment is untouched");
    const own = github.commentsOn(17).filter((comment) => comment.user.login === BOT);
    assert.equal(own.length, 1, "one comment of the bot's, edited in place on the second push");
    assert.match(own[0]!.body, /commit <code>8888888<\/code>/);
    assert.ok(!github.requests.some((request) => request.method === "PATCH" && request.path.endsWith(`/comments/${stranger.id}`)));
  });

  test("two apps in one repository keep separate comments", async () => {
    await cp(path.join(repo, "metadata"), path.join(repo, "apps", "copy", "metadata"), { recursive: true });
    await cp(path.join(repo, "screenshots"), path.join(repo, "apps", "copy", "screenshots"), { recursive: true });
    const copy = { "metadata-path": "apps/copy/metadata", "screenshots-path": "apps/copy/screenshots" };
    for (const [name, inputs] of [
      ["main app", {}],
      ["second app", copy],
      ["second app again", copy],
    ] as const) {
      const result = await runAction({
        name: `PR #8, ${name}`,
        event: "pull_request",
        payload: pullRequestEvent(8, "c".repeat(40)),
        sha: "c".repeat(40),
        ref: "refs/pull/8/merge",
        inputs,
      });
      assert.equal(result.code, 0, explain(result));
    }
    const markers = github.commentsOn(8).map((comment) => comment.body.split("\n", 1)[0]);
    assert.deepEqual(markers, [PLAN_MARKER, "<!-- asc-gitops:apps/copy/metadata -->"]);
    await rm(path.join(repo, "apps"), { recursive: true });
  });

  test("a fork pull request validates and comments without secrets, and never calls App Store Connect", async () => {
    const before = sandboxRequests.length;
    const result = await runAction({
      name: "fork PR #9",
      event: "pull_request",
      payload: pullRequestEvent(9, "d".repeat(40), true),
      sha: "d".repeat(40),
      ref: "refs/pull/9/merge",
      secrets: false,
    });
    assert.equal(result.code, 0, explain(result));
    assert.equal(sandboxRequests.length, before, "no request to App Store Connect");
    const [comment] = github.commentsOn(9);
    assert.ok(comment?.body.startsWith(`${PLAN_MARKER}\n`));
    assert.match(comment!.body, /Plan skipped/);
    assert.match(comment!.body, /pull requests from forks get no secrets/);
    assert.match(comment!.body, /Validation passed/);
    assert.equal(result.outputs["has-changes"], "false");
    assert.match(result.summary, /Plan skipped/);
  });

  test("a fork whose token may not comment still passes, with the plan note in the job summary", async () => {
    github.refuseCommentWrites = true;
    try {
      const result = await runAction({
        name: "fork PR #10, read-only token",
        event: "pull_request",
        payload: pullRequestEvent(10, "e".repeat(40), true),
        sha: "e".repeat(40),
        ref: "refs/pull/10/merge",
        secrets: false,
      });
      assert.equal(result.code, 0, explain(result));
      assert.match(result.shown, /::warning::Could not comment on #10 \(GitHub answered 403: Resource not accessible by integration\)/);
      assert.match(result.summary, /Plan skipped/);
      assert.match(result.summary, /could not be posted on #10/);
      assert.equal(github.commentsOn(10).length, 0);
    } finally {
      github.refuseCommentWrites = false;
    }
  });

  test("validation errors fail the check, as annotations at the file and line, and in the comment", async () => {
    const broken = path.join(work, "broken");
    await cp(repo, broken, { recursive: true });
    const ja = path.join(broken, "metadata", "ja.yml");
    const text = await readFile(ja, "utf8");
    await writeFile(ja, text.replace(/^keywords: .*$/m, `keywords: [${Array.from({ length: 30 }, (_, index) => `keyword${index}`).join(", ")}]`));
    const line = text.split("\n").findIndex((entry) => entry.startsWith("keywords:")) + 1;
    const result = await runAction({
      name: "PR #11, broken",
      event: "pull_request",
      payload: pullRequestEvent(11, "f".repeat(40)),
      sha: "f".repeat(40),
      ref: "refs/pull/11/merge",
      repo: broken,
    });
    assert.equal(result.code, 1, explain(result));
    assert.match(
      result.shown,
      new RegExp(`^::error title=asc-gitops%3A [\\w.]+,file=metadata/ja\\.yml,line=${line},col=\\d+::keywords is \\d+ characters`, "m"),
    );
    assert.match(result.shown, /^::error::validation failed with 1 error$/m);
    assert.match(github.commentsOn(11)[0]!.body, /Validation failed/);
  });

  /** Lines of a run's log that the runner would take for a workflow command, other than the action's own. */
  const forgedCommands = (stdout: string) =>
    stdout.split("\n").filter((line) => {
      if (line.includes("##[")) return true;
      const command = /^\s*::([\w-]+)(?: ([^:]*))?::/.exec(line);
      if (!command) return false;
      const [, name, properties = ""] = command;
      if (name === "add-mask" || name === "debug") return false;
      return !["error", "warning", "notice"].includes(name!) || (properties !== "" && !properties.startsWith("title=asc-gitops"));
    });
  /** Control characters the runner's log must never get raw (line feeds end lines; everything else is shown as \u…). */
  const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  test("a hostile file name or YAML key with line breaks and escapes forges no workflow command, and the action's annotations still work", async () => {
    const hostile = path.join(work, "hostile-names");
    await cp(repo, hostile, { recursive: true });
    const forgedKey = "x\u001b]0;pwned\u0007\n::stop-commands::pause\r::error title=injected::forged key\u202e";
    const en = path.join(hostile, "metadata", "en-US.yml");
    await writeFile(en, `${await readFile(en, "utf8")}${JSON.stringify(forgedKey)}: 1\n`);
    const forgedFile = "04-x\n::error title=injected::forged file\n\u001b[2J.png";
    await writeFile(path.join(hostile, "screenshots", "en-US", "iphone-6.9", forgedFile), "");
    const result = await runAction({
      name: "PR #15, hostile names",
      event: "pull_request",
      payload: pullRequestEvent(15, "5".repeat(40)),
      sha: "5".repeat(40),
      ref: "refs/pull/15/merge",
      repo: hostile,
    });
    assert.equal(result.code, 1, explain(result));
    assert.deepEqual(forgedCommands(result.stdout), [], "no line of the log is a command the action did not write");
    assert.doesNotMatch(result.stdout, RAW_CONTROL, "no raw control character in the log");
    assert.match(result.stdout, /^::error title=asc-gitops[^,]*,file=metadata\/en-US\.yml,line=\d+,col=\d+::/m, "the key's error is annotated at its line");
    assert.match(result.stdout, /^::error title=asc-gitops[^,]*,file=screenshots\/en-US\/iphone-6\.9\/04-x/m, "the file's error is annotated at the file");
    assert.match(result.stdout, /^::error::validation failed with \d+ errors?$/m, "the step still fails with its own message");
    assert.deepEqual(liveConstructs(github.commentsOn(15)[0]!.body, OWN_MARKDOWN), [], "the comment quotes the names as text");
  });

  test("hostile values, file names and keywords render as text in the plan comment and the job summary", async () => {
    const hostile = path.join(work, "hostile-values");
    await cp(repo, hostile, { recursive: true });
    const en = path.join(hostile, "metadata", "en-US.yml");
    const text = (await readFile(en, "utf8"))
      .replace(/^subtitle: .*$/m, 'subtitle: "![x](https://t.example/p.png)"')
      .replace(/^promotionalText: .*$/m, "promotionalText: '<img src=\"https://tracker.example/q.png\"> @octocat #1'")
      .replace(/^keywords: .*$/m, 'keywords: [gym, "@octocat", "[link](x)", "<b>bold</b>"]')
      .replace(
        /^whatsNew: \|\n/m,
        "whatsNew: |\n  <details open><summary>pwned</summary>\n  [link](https://phish.example) ![x](https://tracker.example/p.png)\n",
      );
    await writeFile(en, text);
    await cp(
      path.join(repo, "screenshots", "de-DE", "iphone-6.9", "01-today.png"),
      path.join(hostile, "screenshots", "en-US", "iphone-6.9", "04-<img src=x> @octocat [link](x).png"),
    );
    const result = await runAction({
      name: "PR #16, hostile values",
      event: "pull_request",
      payload: pullRequestEvent(16, "6".repeat(40)),
      sha: "6".repeat(40),
      ref: "refs/pull/16/merge",
      repo: hostile,
    });
    assert.equal(result.code, 0, explain(result));
    const [comment] = github.commentsOn(16);
    assert.match(comment!.body, /04-&lt;img src=x&gt; @\u200boctocat &#91;link&#93;\(x\)\.png/, "the file name is in the comment, as text");
    assert.deepEqual(liveConstructs(comment!.body, OWN_MARKDOWN), [], "the comment holds nothing live from the repository");
    assert.deepEqual(liveConstructs(result.summary, OWN_MARKDOWN), [], "nor does the job summary");
  });

  test("command: apply on a pull request is refused before anything is read or written, saying to plan there", async () => {
    const before = sandboxRequests.length;
    const result = await runAction({
      name: "PR #18, command apply",
      event: "pull_request",
      payload: pullRequestEvent(18, "a".repeat(40)),
      sha: "a".repeat(40),
      ref: "refs/pull/18/merge",
      inputs: { command: "apply" },
    });
    assert.equal(result.code, 1, explain(result));
    assert.match(result.shown, /^::error::apply runs on push to the default branch main; on a pull request use plan \(command: auto or plan\)/m);
    assert.match(result.summary, /apply runs on push to the default branch main/);
    assert.equal(sandboxRequests.length, before, "App Store Connect was not called");
    const pushElsewhere = await runAction({
      name: "push to a branch, command apply",
      event: "push",
      payload: { ...pushEvent("b".repeat(40)), ref: "refs/heads/listing" },
      sha: "b".repeat(40),
      ref: "refs/heads/listing",
      inputs: { command: "apply" },
    });
    assert.equal(pushElsewhere.code, 1, explain(pushElsewhere));
    assert.match(pushElsewhere.shown, /this run is on refs\/heads\/listing: use command: plan there, or merge first/);
    assert.equal(sandboxRequests.length, before, "App Store Connect was not called");
  });

  test("pull_request_target validates offline and never uses the credentials, whatever the command", async () => {
    const before = sandboxRequests.length;
    const target = { ...pullRequestEvent(19, "c".repeat(40), true) };
    const planned = await runAction({
      name: "pull_request_target #19",
      event: "pull_request_target",
      payload: target,
      sha: "c".repeat(40),
      ref: "refs/heads/main",
    });
    assert.equal(planned.code, 0, explain(planned));
    assert.match(
      github.commentsOn(19)[0]!.body,
      /Plan skipped\*\*: on pull_request_target the base repository's secrets sit beside a pull request's files, so asc-gitops does not use them/,
    );
    const applied = await runAction({
      name: "pull_request_target #19, apply",
      event: "pull_request_target",
      payload: target,
      sha: "c".repeat(40),
      ref: "refs/heads/main",
      inputs: { command: "apply" },
    });
    assert.equal(applied.code, 1, explain(applied));
    assert.match(applied.shown, /on a pull request use plan/);
    assert.equal(sandboxRequests.length, before, "App Store Connect was not called");
  });

  test("a push to the default branch applies, converges, comments on the merged pull request; a second push writes nothing", async () => {
    const sha = "1".repeat(40);
    github.mergedPull(sha, 7);
    const applied = await runAction({ name: "push, apply", event: "push", payload: pushEvent(sha), sha, ref: "refs/heads/main" });
    assert.equal(applied.code, 0, explain(applied));
    const report = JSON.parse(await readFile(applied.outputs["report-json"]!, "utf8")) as ApplyReport;
    assert.equal(report.success, true);
    assert.equal(report.verification?.converged, true);
    assert.ok(report.requests.length > 0);
    assert.equal(applied.outputs["has-changes"], "true");
    assert.match(applied.summary, /### asc-gitops apply/);
    assert.match(applied.summary, /verified: App Store Connect now matches the repository/);
    assert.match(applied.summary, /ApplyReport \(JSON\)/);
    const result = github.commentsOn(7).find((comment) => comment.body.startsWith("<!-- asc-gitops:apply:metadata -->\n"));
    assert.ok(result, "the result is on the merged pull request");
    assert.equal(result.user.login, BOT);
    assert.match(result.body, /Applied \d+ changes? with \d+ write requests?; verified/);

    const writesBefore = sandboxRequests.filter((method) => method !== "GET").length;
    const again = await runAction({
      name: "push, nothing to apply",
      event: "push",
      payload: pushEvent("2".repeat(40)),
      sha: "2".repeat(40),
      ref: "refs/heads/main",
    });
    assert.equal(again.code, 0, explain(again));
    const second = JSON.parse(await readFile(again.outputs["report-json"]!, "utf8")) as ApplyReport;
    assert.equal(second.requests.length, 0);
    assert.equal(again.outputs["has-changes"], "false");
    assert.equal(again.outputs["change-count"], "0");
    assert.equal(sandboxRequests.filter((method) => method !== "GET").length, writesBefore, "no write reached App Store Connect");
    assert.match(again.summary, /No changes: App Store Connect already matched the repository; nothing was written\./);

    const settled = await runAction({
      name: "PR #13, nothing to change",
      event: "pull_request",
      payload: pullRequestEvent(13, "3".repeat(40)),
      sha: "3".repeat(40),
      ref: "refs/pull/13/merge",
    });
    assert.equal(settled.code, 0, explain(settled));
    assert.equal(settled.outputs["has-changes"], "false");
    assert.match(github.commentsOn(13)[0]!.body, /\*\*No changes: App Store Connect matches the repository\.\*\*/);
  });

  test("a blocked change is a difference: the plan says it will not be applied, and the apply on push fails naming it", async () => {
    const blocked = path.join(work, "blocked");
    await cp(repo, blocked, { recursive: true });
    await cp(path.join(blocked, "screenshots", "en-US", "iphone-6.9"), path.join(blocked, "screenshots", "it", "iphone-6.9"), { recursive: true });
    const why =
      "it: create the iphone-6.9 set: it does not exist in App Store Connect and the repository has no metadata file for it: " +
      "add metadata/it.yml (with at least name) to create the locale";

    const planned = await runAction({
      name: "PR #15, blocked",
      event: "pull_request",
      payload: pullRequestEvent(15, "5".repeat(40)),
      sha: "5".repeat(40),
      ref: "refs/pull/15/merge",
      repo: blocked,
    });
    assert.equal(planned.code, 0, explain(planned));
    assert.equal(planned.outputs["has-changes"], "true", "live differs from the repository");
    assert.equal(planned.outputs["change-count"], "0", "though apply can make none of it");
    const comment = github.commentsOn(15)[0]!.body;
    assert.match(comment, /\*\*No change can be made now: 1 change is blocked, so App Store Connect still differs from the repository\.\*\*/);
    assert.ok(
      comment.includes(
        "> **1 change is blocked**: apply cannot make it now, so App Store Connect will still differ from the repository.\n" +
          `> - ${why} (screenshots/it/iphone-6.9)\n`,
      ),
      comment,
    );
    assert.doesNotMatch(comment, /No changes: App Store Connect matches/);

    const sha = "6".repeat(40);
    github.mergedPull(sha, 15);
    const applied = await runAction({ name: "push, blocked", event: "push", payload: pushEvent(sha), sha, ref: "refs/heads/main", repo: blocked });
    assert.equal(applied.code, 1, explain(applied));
    assert.ok(
      applied.shown.includes(
        "::error::Not converged: 1 change is blocked, so App Store Connect does not match the repository " +
          `(0 changes applied with 0 write requests). Blocked: ${why}`,
      ),
      explain(applied),
    );
    assert.equal(applied.outputs["has-changes"], "true");
    const report = JSON.parse(await readFile(applied.outputs["report-json"]!, "utf8")) as ApplyReport;
    assert.equal(report.success, false);
    assert.equal(report.verification?.converged, false);
    assert.deepEqual(
      report.verification?.blocked.map((item) => `${item.kind} ${item.locale}`),
      ["screenshot-set-create it"],
    );
    for (const text of [applied.shown, applied.summary]) assert.doesNotMatch(text, /verified|now matches|already matched/);
    assert.match(applied.summary, /A blocked change is not done: make the change its line asks for/);
    const result = github.commentsOn(15).find((item) => item.body.startsWith("<!-- asc-gitops:apply:metadata -->\n"));
    assert.match(result!.body, /:x: Not converged: 1 change is blocked/);
  });

  test(
    "a screenshots-path input naming a folder that does not exist fails the run, " + "naming the input and the folder, before App Store Connect is read",
    async () => {
      const before = sandboxRequests.length;
      const result = await runAction({
        name: "PR #16, missing screenshots folder",
        event: "pull_request",
        payload: pullRequestEvent(16, "7".repeat(40)),
        sha: "7".repeat(40),
        ref: "refs/pull/16/merge",
        inputs: { "screenshots-path": "screenshot" },
      });
      assert.equal(result.code, 1, explain(result));
      const message =
        "no such folder, and the screenshots-path input names it: fix the path, or create the folder " +
        "(without the screenshots-path input, an absent screenshots folder leaves every screenshot set unmanaged)";
      assert.match(result.shown, new RegExp(`^::error title=asc-gitops%3A screenshots\\.folder,file=screenshot::${message.replace(/[()]/g, "\\$&")}$`, "m"));
      assert.match(result.shown, /^::error::validation failed with 1 error$/m);
      assert.ok(result.summary.includes(message), result.summary);
      assert.equal(sandboxRequests.length, before, "nothing was read from App Store Connect");
    },
  );

  test("a scheduled run keeps one drift issue: opened when live is edited by hand, updated as drift changes, closed once corrected", async () => {
    const scheduleEvent = { schedule: "0 6 * * *", repository };
    const schedule = (name: string, inputs: Record<string, string> = {}) =>
      runAction({ name, event: "schedule", payload: scheduleEvent, sha: "f".repeat(40), ref: "refs/heads/main", inputs });
    const driftIssues = () => github.issuesLabelled("asc-drift");

    const clean = await schedule("schedule, no drift");
    assert.equal(clean.code, 0, explain(clean));
    assert.match(clean.summary, /No drift: App Store Connect matches the repository\./);
    assert.deepEqual(driftIssues(), []);

    // Someone edits the listing in the App Store Connect web UI.
    const { AscClient } = await import("../../src/asc/client.js");
    const { loadCredentials } = await import("../../src/asc/credentials.js");
    const client = new AscClient({
      baseUrl: sandbox.url,
      credentials: await loadCredentials({ issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath }),
    });
    const apps = await client.get<{ data: { id: string }[] }>("/v1/apps", { "filter[bundleId]": "com.acme.fitness" });
    const versions = await client.getAll<{ data: { id: string }[]; included: { id: string; type: string; attributes: { locale: string } }[] }>(
      `/v1/apps/${apps.data[0]!.id}/appStoreVersions`,
      {
        "filter[versionString]": "2.4.0",
        include: ["appStoreVersionLocalizations"],
      },
    );
    const localization = (locale: string) =>
      versions.included.find((item) => item.type === "appStoreVersionLocalizations" && item.attributes.locale === locale)!.id;
    const edit = (locale: string, attributes: Record<string, string>) =>
      client.patch(`/v1/appStoreVersionLocalizations/${localization(locale)}`, {
        data: { type: "appStoreVersionLocalizations", id: localization(locale), attributes },
      });

    await edit("en-US", { description: "Edited by hand in the web UI." });
    const drifted = await schedule("schedule, drift appears");
    assert.equal(drifted.code, 0, explain(drifted));
    let issues = driftIssues();
    assert.equal(issues.length, 1, "one issue opened");
    assert.equal(issues[0]!.state, "open");
    assert.ok(issues[0]!.body.startsWith("<!-- asc-gitops:drift:metadata -->\n"), issues[0]!.body.slice(0, 100));
    assert.match(issues[0]!.body, /en-US/);
    assert.match(issues[0]!.body, /Edited by hand in the web UI\./);
    assert.match(drifted.summary, /1 drifted change found/);
    assert.equal(drifted.outputs["has-changes"], "true");

    await edit("de-DE", { keywords: "hand,edited" });
    const more = await schedule("schedule, drift changes");
    assert.equal(more.code, 0, explain(more));
    issues = driftIssues();
    assert.equal(issues.length, 1, "the same issue, never a second one");
    assert.match(issues[0]!.body, /de-DE/);
    const patches = () =>
      github.requests.filter((request) => request.method === "PATCH" && request.path === `/repos/acme/fitness/issues/${issues[0]!.number}`).length;
    const patchesBefore = patches();
    const same = await schedule("schedule, same drift");
    assert.equal(same.code, 0, explain(same));
    assert.equal(patches(), patchesBefore, "an unchanged report edits nothing");

    const corrected = await schedule("schedule, on-drift apply", { "on-drift": "apply" });
    assert.equal(corrected.code, 0, explain(corrected));
    issues = driftIssues();
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.state, "closed");
    assert.match(github.commentsOn(issues[0]!.number).at(-1)!.body, /App Store Connect matches the repository again/);
    const after = await schedule("schedule, after the correction");
    assert.match(after.summary, /No drift/);
    assert.equal(driftIssues().length, 1);
  });

  test("a malformed key fails the run naming the input, without repeating the key", async () => {
    const broken = privateKey.replace(/\n[A-Za-z0-9+/]{20}/, "\n!!!!");
    const result = await runAction({
      name: "PR #12, malformed key",
      event: "pull_request",
      payload: pullRequestEvent(12, "9".repeat(40)),
      sha: "9".repeat(40),
      ref: "refs/pull/12/merge",
      inputs: { "private-key": broken },
    });
    assert.equal(result.code, 1, explain(result));
    assert.match(result.shown, /::error::The plan could not be made: the private-key input is not/);
  });

  test("a key App Store Connect refuses (401) fails the run naming the inputs to check, without repeating the key", async () => {
    const otherKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const result = await runAction({
      name: "PR #13, a key App Store Connect does not know",
      event: "pull_request",
      payload: pullRequestEvent(13, "8".repeat(40)),
      sha: "8".repeat(40),
      ref: "refs/pull/13/merge",
      inputs: { "private-key": otherKey },
    });
    assert.equal(result.code, 1, explain(result));
    assert.match(result.shown, /::error::The plan could not be made: 401 NOT_AUTHORIZED/);
    assert.match(result.shown, /did not accept the API key: check the inputs issuer-id, key-id and private-key/);
    assert.doesNotMatch(result.shown, /ASC_ISSUER_ID/, "the action names its inputs, not the command line's variables");
    assert.match(result.summary, /issuer-id, key-id and private-key/);
  });

  test("an invalid input fails the step naming it, in the log and the job summary", async () => {
    const result = await runAction({
      name: "PR #14, bad input",
      event: "pull_request",
      payload: pullRequestEvent(14, "4".repeat(40)),
      sha: "4".repeat(40),
      ref: "refs/pull/14/merge",
      inputs: { command: "deploy", comment: "yes" },
    });
    assert.equal(result.code, 1, explain(result));
    assert.match(
      result.shown,
      new RegExp(
        /^::error::2 inputs are invalid:%0A- input "command" must be one of auto, validate, plan, apply, drift, analytics, reviews; got "deploy"/.source +
          /%0A- input "comment" must be true or false; got "yes"$/.source,
        "m",
      ),
    );
    assert.match(result.summary, /input &quot;command&quot;|input "command"/);
    assert.equal(github.commentsOn(14).length, 0);
  });

  test(
    "an App Store Connect that echoes the token in its 401, part by part, " + "and a proxy that echoes its credentials in its 407: nothing of them is shown",
    async () => {
      const tokens = new Set<string>();
      const echo = createServer((request, response) => {
        const token = String(request.headers.authorization ?? "").replace(/^Bearer /, "");
        if (token) tokens.add(token);
        const [header, payload, signature] = token.split(".");
        const detail =
          "Provide a properly configured and signed bearer token, and make sure that it has not expired. " +
          `Got ${token}; ${header}; ${payload}; ${signature}`;
        response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ status: "401", code: "NOT_AUTHORIZED", detail }] }));
      });
      const proxy407 = createServer((_request, response) => response.writeHead(405).end());
      proxy407.on("connect", (request, socket: import("node:net").Socket) => {
        const authorization = String(request.headers["proxy-authorization"] ?? "");
        socket.end(
          `HTTP/1.1 407 Refused ${Buffer.from(authorization.replace(/^Basic /, ""), "base64").toString()} ${authorization}\r\nContent-Length: 0\r\n\r\n`,
        );
      });
      await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
      await new Promise<void>((resolve) => proxy407.listen(0, "127.0.0.1", resolve));
      const proxyPort = (proxy407.address() as AddressInfo).port;
      const everything = (result: ActionRun, issue: number) =>
        [result.shown, result.stderr, result.summary, ...github.commentsOn(issue).map((comment) => comment.body)].join("\n");
      try {
        const refused = await runAction({
          name: "PR #20, 401 echoing the token",
          event: "pull_request",
          payload: pullRequestEvent(20, "d".repeat(40)),
          sha: "d".repeat(40),
          ref: "refs/pull/20/merge",
          inputs: { "api-url": `http://127.0.0.1:${(echo.address() as AddressInfo).port}` },
        });
        assert.equal(refused.code, 1, explain(refused));
        assert.match(refused.shown, /401 NOT_AUTHORIZED/);
        assert.ok(tokens.size > 0);
        const output = everything(refused, 20);
        for (const token of tokens)
          for (const [index, part] of [token, ...token.split(".")].entries()) {
            assert.ok(!output.includes(part), `part ${index} of a token is in the output`);
            assert.ok(refused.masks.includes(part), `part ${index} of a token is masked`);
          }

        const credentials: [string, string, string[]][] = [
          [
            "user and password",
            `http://buildbot:s3cret%2Bpass@127.0.0.1:${proxyPort}`,
            ["s3cret%2Bpass", "s3cret+pass", Buffer.from("buildbot:s3cret+pass").toString("base64")],
          ],
          ["a user name only", `http://tok-9f8e7d6c5b4a@127.0.0.1:${proxyPort}`, ["tok-9f8e7d6c5b4a", Buffer.from("tok-9f8e7d6c5b4a:").toString("base64")]],
        ];
        for (const [index, [what, url, secrets]] of credentials.entries()) {
          const issue = 21 + index;
          const result = await runAction({
            name: `PR #${issue}, proxy 407 with ${what}`,
            event: "pull_request",
            payload: pullRequestEvent(issue, "e".repeat(40)),
            sha: "e".repeat(40),
            ref: `refs/pull/${issue}/merge`,
            inputs: { "api-url": "https://api.asc-gitops.test" },
            env: { HTTPS_PROXY: url },
          });
          assert.equal(result.code, 1, explain(result));
          assert.match(result.shown, /answered 407/, what);
          for (const secret of [url, ...secrets]) assert.ok(!everything(result, issue).includes(secret), `${what}: a credential of the proxy is in the output`);
          assert.ok(result.masks.includes(secrets[0]!), `${what}: the credential is masked`);
        }

        const malformed = await runAction({
          name: "PR #23, a % that starts no escape in the proxy password",
          event: "pull_request",
          payload: pullRequestEvent(23, "f".repeat(40)),
          sha: "f".repeat(40),
          ref: "refs/pull/23/merge",
          inputs: { "api-url": "https://api.asc-gitops.test" },
          env: { HTTPS_PROXY: `http://buildbot:50%zzoff@127.0.0.1:${proxyPort}` },
        });
        assert.equal(malformed.code, 1, explain(malformed));
        assert.match(unmask(malformed.shown), /HTTPS_PROXY's user name or password holds a % that starts no %-escape: write a % in them as %25/);
        assert.doesNotMatch(everything(malformed, 23), /URIError|URI malformed|50%zzoff/);
      } finally {
        for (const server of [echo, proxy407]) {
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
        }
      }
    },
  );

  test("the demo-password input: masked before anything runs, the plan says where it comes from, apply sends it, and it is in no output", async () => {
    const own = path.join(work, "repo-demo-account");
    await mkdir(path.join(own, ".git"), { recursive: true });
    await cp(path.join(ROOT, "metadata"), path.join(own, "metadata"), { recursive: true });
    await writeFile(
      path.join(own, "metadata", "review.yml"),
      "demoAccount:\n  required: true\n  name: review@acme.example\n  password: { env: ASC_DEMO_PASSWORD }\n",
    );
    const password = "demo-account-pass-7Q";
    const step = (name: string, command: string) => ({
      name,
      event: "workflow_dispatch" as const,
      payload: { ref: "refs/heads/main", repository },
      sha: "9".repeat(40),
      ref: "refs/heads/main",
      inputs: { command, "demo-password": password },
      repo: own,
    });
    const plan = await runAction(step("dispatch: plan with a demo password", "plan"));
    assert.equal(plan.code, 0, explain(plan));
    assert.ok(plan.masks.includes(password), "the password is masked");
    assert.match(plan.summary, /demo account password \| \(not shown\) \| \(from ASC_DEMO_PASSWORD, changed\)/);
    const applied = await runAction(step("dispatch: apply with a demo password", "apply"));
    assert.equal(applied.code, 0, explain(applied));
    const again = await runAction(step("dispatch: plan after the apply", "plan"));
    assert.doesNotMatch(again.summary, /demo account password/, "App Store Connect holds it now");
    for (const run of [plan, applied, again])
      assert.ok(
        ![run.shown, run.stderr, run.summary, JSON.stringify(run.outputs), run.files].join("\n").includes(password),
        `${run.name}: the password is shown`,
      );
    assert.ok(!github.sentText().includes(password), "the password was sent to GitHub");
  });

  test("secrets never appear in any output: log, summary, outputs, files, comments", () => {
    const keyLines = privateKey.split("\n").filter((line) => line && !line.startsWith("-----"));
    assert.ok(tokensSeen.size > 0, "tokens reached App Store Connect");
    const withSecrets = runs.filter((run) => run.key !== "");
    for (const run of runs) {
      const everything = [run.shown, run.stderr, run.summary, JSON.stringify(run.outputs), run.files].join("\n");
      const ownLines = run.key.split("\n").filter((line) => line && !line.startsWith("-----"));
      for (const line of [...keyLines, ...ownLines]) assert.ok(!everything.includes(line), `${run.name}: a line of the key is in the output`);
      assert.ok(!everything.includes(sandbox.issuerId), `${run.name}: the issuer id is in the output`);
      for (const token of tokensSeen) assert.ok(!everything.includes(token), `${run.name}: a token is in the output`);
      assert.ok(!JWT.test(everything), `${run.name}: something like a JWT is in the output`);
    }
    for (const run of withSecrets) {
      const lines = run.key.split("\n").filter((line) => line && !line.startsWith("-----"));
      assert.ok(lines.length > 0);
      for (const line of lines) assert.ok(run.masks.includes(line), `${run.name}: each line of the key is masked`);
      assert.ok(run.masks.includes(sandbox.issuerId), `${run.name}: the issuer id is masked`);
    }
    const masked = new Set(runs.flatMap((run) => run.masks));
    for (const token of tokensSeen) assert.ok(masked.has(token), "every token App Store Connect received was masked first");
    const sent = github.sentText();
    for (const line of keyLines) assert.ok(!sent.includes(line), "the key was sent to GitHub");
    assert.ok(!sent.includes(sandbox.issuerId) && !JWT.test(sent), "the issuer id or a token was sent to GitHub");
  });
});
