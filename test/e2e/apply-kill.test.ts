import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { clientFor, exampleDesired, readLive, ROOT } from "../helpers/apply-harness.js";
import { assertConverged } from "../helpers/states.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

const BIN = path.join(ROOT, "bin", "asc-gitops.js");

function applyProcess(cwd: string, env: Record<string, string>, url: string) {
  return spawn(process.execPath, [BIN, "apply", "--api-url", url, "--today", "2026-11-24"], { cwd, env: { PATH: process.env.PATH!, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

function runToEnd(cwd: string, env: Record<string, string>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH!, NO_COLOR: "1", ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A small deterministic generator, so a failing seed can be replayed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("an apply killed at a random point (SIGKILL) and run again", () => {
  for (const seed of [11, 12, 13, 14]) {
    test(`converges without duplicates (seed ${seed})`, async () => {
      const { sandbox, dispose } = await startTestSandbox({ latencyMs: 15, processingMs: 150 });
      const repo = await mkdtemp(path.join(tmpdir(), "asc-gitops-kill-"));
      try {
        await mkdir(path.join(repo, ".git"));
        await cp(path.join(ROOT, "metadata"), path.join(repo, "metadata"), { recursive: true });
        await cp(path.join(ROOT, "screenshots"), path.join(repo, "screenshots"), { recursive: true });
        const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };

        const random = mulberry32(seed);
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

        const rerun = await runToEnd(repo, env, ["apply", "--api-url", sandbox.url, "--today", "2026-11-24"]);
        assert.equal(rerun.code, 0, `${progress}\n--- re-run ---\n${rerun.stderr}\n${rerun.stdout}`);
        assert.match(rerun.stdout, /verified: App Store Connect now matches the repository/);

        const desired = await exampleDesired(repo);
        assertConverged(desired, await readLive(await clientFor(sandbox), desired), { strict: true });
        const again = await runToEnd(repo, env, ["apply", "--api-url", sandbox.url, "--today", "2026-11-24"]);
        assert.match(again.stdout, /applied 0 of 0 changes with 0 write requests/);
      } finally {
        await dispose();
        await rm(repo, { recursive: true, force: true });
      }
    });
  }
});
