import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { seededRandom } from "../../src/sandbox/faults.js";
import { clientFor, exampleDesired, readLive, ROOT } from "../helpers/apply-harness.js";
import { BIN, copyOfExample, run } from "../helpers/cli.js";
import { assertConverged } from "../helpers/states.js";
import type { UploadPartEvent } from "../../src/sandbox/index.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

function applyProcess(cwd: string, env: Record<string, string>, url: string) {
  return spawn(process.execPath, [BIN, "apply", "--api-url", url, "--today", "2026-11-24"], {
    cwd,
    env: { PATH: process.env.PATH!, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

describe("an apply killed at a random point (SIGKILL) and run again", () => {
  for (const seed of [11, 12, 13, 14]) {
    test(`converges without duplicates (seed ${seed})`, async () => {
      const { sandbox, dispose } = await startTestSandbox({ latencyMs: 15, processingMs: 150 });
      const repo = await copyOfExample("asc-gitops-kill-");
      try {
        const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };

        const random = seededRandom(seed);
        const child = applyProcess(repo, env, sandbox.url);
        let progress = "";
        child.stderr!.on("data", (chunk: Buffer) => (progress += chunk.toString()));
        // Kill once the apply has started writing, at a random number of progress lines in.
        const killAfterLines = 1 + Math.floor(random() * 8);
        const killed = await new Promise<boolean>((resolve) => {
          const check = () => {
            if (progress.split("\n").length - 1 > killAfterLines) {
              child.kill("SIGKILL");
              resolve(true);
            }
          };
          child.stderr!.on("data", check);
          child.once("exit", () => resolve(false));
        });
        await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve)));
        assert.ok(killed, `the first apply was killed mid-way, not ended by itself (${child.exitCode}):\n${progress}`);

        const rerun = await run(["apply", "--api-url", sandbox.url, "--today", "2026-11-24"], repo, env);
        assert.equal(rerun.code, 0, `${progress}\n--- re-run ---\n${rerun.stderr}\n${rerun.stdout}`);
        assert.match(rerun.stdout, /verified: App Store Connect now matches the repository/);

        const desired = await exampleDesired(repo);
        assertConverged(desired, await readLive(await clientFor(sandbox), desired), { strict: true });
        const again = await run(["apply", "--api-url", sandbox.url, "--today", "2026-11-24"], repo, env);
        assert.match(again.stdout, /applied 0 of 0 changes with 0 write requests/);
      } finally {
        await dispose();
        await rm(repo, { recursive: true, force: true });
      }
    });
  }
});

describe("an apply killed (SIGKILL) while its uploads are in flight, and run again", () => {
  for (const seed of [21, 22, 23]) {
    test(`removes the reservations it left, converges without duplicates, then has nothing to do (seed ${seed})`, async () => {
      // Every upload operation that arrives is counted; the chosen one is held unanswered while the apply is killed.
      const killAt = 1 + Math.floor(seededRandom(seed)() * 40);
      let arrivals = 0;
      let child: ChildProcess | undefined;
      let held: UploadPartEvent | undefined;
      let exited: Promise<unknown> = Promise.resolve();
      const onUploadPart = async (part: UploadPartEvent) => {
        arrivals++;
        if (arrivals === killAt && child) {
          held = part;
          child.kill("SIGKILL");
        }
        if (held) await exited;
      };
      // Empty: the apply creates every localization and set and uploads all 10 screenshots, in parts of 16 KiB.
      const { sandbox, api, dispose } = await startTestSandbox({ empty: true, latencyMs: 15, processingMs: 150, partSize: 16 * 1024, onUploadPart });
      const repo = await copyOfExample("asc-gitops-kill-upload-");
      try {
        const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
        child = applyProcess(repo, env, sandbox.url);
        let progress = "";
        child.stderr!.on("data", (chunk: Buffer) => (progress += chunk.toString()));
        const started = child;
        exited = new Promise((resolve) => started.once("exit", resolve));
        await exited;
        assert.ok(held, `the apply ended by itself (${child.exitCode}) before upload operation ${killAt} arrived (${arrivals} did):\n${progress}`);
        assert.equal(child.signalCode, "SIGKILL");
        const reservation = await api.get(`/v1/appScreenshots/${held.screenshotId}`);
        assert.equal(
          reservation.body.data.attributes.assetDeliveryState.state,
          "AWAITING_UPLOAD",
          "the killed apply left the held screenshot reserved and uncommitted",
        );

        const rerun = await run(["apply", "--api-url", sandbox.url, "--today", "2026-11-24"], repo, env);
        assert.equal(rerun.code, 0, `${progress}\n--- re-run ---\n${rerun.stderr}\n${rerun.stdout}`);
        assert.match(rerun.stdout, /verified: App Store Connect now matches the repository/);
        assert.equal((await api.get(`/v1/appScreenshots/${held.screenshotId}`)).status, 404, "the reservation the killed apply left is gone");

        const desired = await exampleDesired(repo);
        assertConverged(desired, await readLive(await clientFor(sandbox), desired), { strict: true });
        const again = await run(["apply", "--api-url", sandbox.url, "--today", "2026-11-24"], repo, env);
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /applied 0 of 0 changes with 0 write requests/);
      } finally {
        await dispose();
        await rm(repo, { recursive: true, force: true });
      }
    });
  }
});
