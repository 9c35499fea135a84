/**
 * Two applies of one app at once on one machine: the second waits for the
 * first (the app's apply lock), so nothing is uploaded twice.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, test } from "node:test";
import { applyLockFile } from "../../src/pipeline/apply-lock.js";
import { runApply } from "../../src/pipeline/apply.js";
import { failureLines } from "../../src/report/text.js";
import { tryLock } from "../../src/util/process-lock.js";
import { clientFor, exampleDesired, readLive } from "../helpers/apply-harness.js";
import { BIN, copyOfExample, removeFolder, run } from "../helpers/cli.js";
import { assertConverged } from "../helpers/states.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

const APP = { bundleId: "com.acme.fitness", platform: "IOS" } as const;
const TODAY = ["--today", "2026-11-24"];

function credentials(sandbox: { issuerId: string; keyId: string; privateKeyPath: string }) {
  return { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
}

describe("one apply at a time per app", () => {
  test("an apply started while another holds the app's lock waits for it, then applies", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    const repo = await copyOfExample("asc-gitops-lock-");
    try {
      const held = await tryLock(applyLockFile({ connection: { sandbox: false, apiUrl: sandbox.url }, app: APP }), "apply of com.acme.fitness in this test");
      assert.equal(held.acquired, true);
      if (!held.acquired) return;
      const child = spawn(process.execPath, [BIN, "apply", "--api-url", sandbox.url, ...TODAY], {
        cwd: repo,
        env: { PATH: process.env.PATH!, NO_COLOR: "1", ...credentials(sandbox) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      let stdout = "";
      child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
      const waiting = await new Promise<boolean>((resolve) => {
        child.stderr!.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes("Waiting for another apply")) resolve(true);
        });
        void exit.then(() => resolve(false));
      });
      assert.ok(waiting, `the second apply waited for the lock instead of going ahead:\n${stderr}`);
      const line = stderr.split("\n").find((item) => item.startsWith("Waiting for another apply"));
      assert.match(
        line!,
        new RegExp(
          `^Waiting for another apply of com\\.acme\\.fitness on ${sandbox.url.replace(/\./g, "\\.")} ` +
            `\\(pid ${process.pid} on .+, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\) to finish, 1 minute at most…$`,
        ),
      );
      assert.equal(child.exitCode, null, "it is still waiting");
      await held.release();
      assert.equal(await exit, 0, stderr);
      assert.match(stdout, /verified: App Store Connect now matches the repository/);
    } finally {
      await dispose();
      await removeFolder(repo);
    }
  });

  test("while the lock stays held, apply refuses naming its holder, and changes nothing", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    const repo = await copyOfExample("asc-gitops-lock-");
    try {
      const held = await tryLock(applyLockFile({ connection: { sandbox: false, apiUrl: sandbox.url }, app: APP }), "apply of com.acme.fitness in this test");
      assert.equal(held.acquired, true);
      const lines: string[] = [];
      const result = await runApply(
        {
          metadataDir: `${repo}/metadata`,
          screenshotsDir: `${repo}/screenshots`,
          today: "2026-11-24",
          lockWaitMs: 0,
          connection: { sandbox: false, apiUrl: sandbox.url, env: credentials(sandbox) },
        },
        { progress: (line) => lines.push(line) },
      );
      if (held.acquired) await held.release();
      assert.equal(result.failure?.stage, "apply");
      assert.equal(result.report, undefined);
      // What the command prints of the failure: apply exits 1 with this line.
      const refusal = failureLines("apply", result.failure).find((line) => line.startsWith("✗ another apply"));
      assert.match(
        refusal ?? lines.join("\n"),
        new RegExp(
          `^✗ another apply of com\\.acme\\.fitness on \\S+ is running \\(pid ${process.pid} on .+, since .+ UTC\\); nothing was changed\\. ` +
            `Run apply again once it has finished \\(it completes what is left\\)\\. ` +
            `If no such process is running, delete .+apply-[0-9a-f]{32}\\.lock$`,
        ),
      );
      const desired = await exampleDesired(repo);
      const plan = (await import("../../src/engine/diff.js")).diff(desired, await readLive(await clientFor(sandbox), desired), { today: "2026-11-24" });
      assert.ok(plan.changes.length > 0, "the demo app still differs: nothing was applied");
    } finally {
      await dispose();
      await removeFolder(repo);
    }
  });

  test("a temporary folder that cannot hold the lock is said once, and apply goes on", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    const repo = await copyOfExample("asc-gitops-lock-");
    try {
      // TMPDIR names a file: no folder can be made in it.
      const notAFolder = path.join(repo, "metadata", "app.yml");
      const result = await run(["apply", "--api-url", sandbox.url, ...TODAY], repo, { ...credentials(sandbox), TMPDIR: notAFolder });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /^! could not take the apply lock \(.+\); going on without it$/m);
      assert.match(result.stdout, /verified: App Store Connect now matches the repository/);
    } finally {
      await dispose();
      await removeFolder(repo);
    }
  });

  test("two applies started at once: both succeed, and every screenshot is there once", async () => {
    const { sandbox, dispose } = await startTestSandbox({ latencyMs: 5 });
    const repo = await copyOfExample("asc-gitops-lock-");
    try {
      const args = ["apply", "--api-url", sandbox.url, ...TODAY];
      const [first, second] = await Promise.all([run(args, repo, credentials(sandbox)), run(args, repo, credentials(sandbox))]);
      for (const result of [first, second]) {
        assert.equal(result.code, 0, `${first.stderr}\n--- the other ---\n${second.stderr}`);
        assert.match(result.stdout, /verified: App Store Connect now matches the repository/);
      }
      const desired = await exampleDesired(repo);
      assertConverged(desired, await readLive(await clientFor(sandbox), desired), { strict: true });
    } finally {
      await dispose();
      await removeFolder(repo);
    }
  });
});
