import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { seededRandom } from "../../src/sandbox/faults.js";
import { clientFor, exampleDesired, readLive, ROOT } from "../helpers/apply-harness.js";
import { BIN, copyOfExample, run } from "../helpers/cli.js";
import { assertConverged } from "../helpers/states.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";



function applyProcess(cwd: string, env: Record<string, string>, url: string) {
  return spawn(process.execPath, [BIN, "apply", "--api-url", url, "--today", "2026-11-24"], { cwd, env: { PATH: process.env.PATH!, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
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
