/**
 * Trying the tool on your own files: `plan --sandbox` in a fresh repository of
 * another app than the demo makes that app in the sandbox (and says so), plans
 * creating what the repository holds, and apply makes it so. The sandbox's
 * folder, with its private key, stays out of git.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { removeFolder, run } from "../helpers/cli.js";

const git = (cwd: string, ...args: string[]) => promisify(execFile)("git", args, { cwd, env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: "1", HOME: cwd } });

describe("plan --sandbox on a repository of your own app", () => {
  let repo: string;
  before(async () => {
    repo = await mkdtemp(path.join(tmpdir(), "asc-gitops-own-app-"));
    await git(repo, "init", "-q");
    await mkdir(path.join(repo, "metadata"));
    await writeFile(path.join(repo, "metadata", "app.yml"), 'app:\n  bundleId: com.example.mine\n  platform: IOS\nversion: "3.1"\n');
    await writeFile(
      path.join(repo, "metadata", "en-US.yml"),
      [
        "name: Mine",
        "subtitle: My very own app",
        "privacyPolicyUrl: https://mine.example/privacy",
        "description: Mine does what I need, every day.",
        "keywords: [notes, lists, daily]",
        "whatsNew: Better lists.",
        "supportUrl: https://mine.example/support",
        "",
      ].join("\n"),
    );
  });
  after(() => removeFolder(repo));

  test("the sandbox makes the app, says so once, and the plan creates the repository's locale", async () => {
    const planned = await run(["plan", "--sandbox", "--json", "--detailed-exitcode"], repo);
    assert.equal(planned.code, 2, planned.stderr);
    assert.match(
      planned.stderr,
      /The sandbox had no app com\.example\.mine: it now has one \(version 3\.1 being prepared, 1\.0 on sale; no localizations or screenshots yet\)/,
    );
    const plan = JSON.parse(planned.stdout) as {
      app: { bundleId: string; version?: { versionString: string } };
      changes: { kind: string; locale: string; resource?: string }[];
      blocked: unknown[];
    };
    assert.equal(plan.app.bundleId, "com.example.mine");
    assert.equal(plan.app.version?.versionString, "3.1");
    assert.deepEqual(
      plan.changes.map((change) => [change.kind, change.locale, change.resource]),
      [
        ["localization-create", "en-US", "appInfoLocalizations"],
        ["localization-create", "en-US", "appStoreVersionLocalizations"],
      ],
    );
    assert.deepEqual(plan.blocked, [], "whatsNew is accepted: the app has a version on sale");

    const again = await run(["plan", "--sandbox"], repo);
    assert.doesNotMatch(again.stderr, /had no app/, "made once, found after");
  });

  test("apply makes it so, and a plan after it is empty", async () => {
    const applied = await run(["apply", "--sandbox"], repo);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /verified/);
    const after = await run(["plan", "--sandbox", "--detailed-exitcode"], repo);
    assert.equal(after.code, 0, after.stdout + after.stderr);
  });

  test(".asc-sandbox/ holds a .gitignore, so git never lists the sandbox's private key", async () => {
    assert.match(await readFile(path.join(repo, ".asc-sandbox", ".gitignore"), "utf8"), /^\*$/m);
    const { stdout } = await git(repo, "status", "--porcelain", "--untracked-files=all");
    assert.match(stdout, /metadata\/en-US\.yml/);
    assert.doesNotMatch(stdout, /\.asc-sandbox/);
    assert.doesNotMatch(stdout, /\.p8/);
  });
});
