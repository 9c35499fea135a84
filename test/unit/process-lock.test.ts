import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { tryLock } from "../../src/util/process-lock.js";

const MODULE = fileURLToPath(new URL("../../src/util/process-lock.ts", import.meta.url));

async function lockFolder(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "asc-gitops-lock-test-"));
}

describe("process locks", () => {
  test("a second taker is told who holds the lock (pid, host, since, what); once released it is free", async () => {
    const folder = await lockFolder();
    try {
      const file = path.join(folder, "app.lock");
      const first = await tryLock(file, "apply of com.acme.fitness on the sandbox");
      assert.equal(first.acquired, true);
      const second = await tryLock(file, "another apply");
      assert.equal(second.acquired, false);
      if (second.acquired) return;
      assert.equal(second.holder?.pid, process.pid);
      assert.equal(second.holder?.host, hostname());
      assert.equal(second.holder?.what, "apply of com.acme.fitness on the sandbox");
      assert.ok(Date.parse(second.holder!.since) <= Date.now());
      if (first.acquired) await first.release();
      const third = await tryLock(file, "a third apply");
      assert.equal(third.acquired, true);
      if (third.acquired) await third.release();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test("a lock left by a process that was killed is taken over, naming the process", async () => {
    const folder = await lockFolder();
    try {
      const file = path.join(folder, "app.lock");
      // A real process takes the lock, says so, and is killed without a chance to release it.
      const script =
        `import(${JSON.stringify(MODULE)}).then((m) => m.tryLock(${JSON.stringify(file)}, "killed apply"))` +
        ".then((r) => { console.log(r.acquired); setInterval(() => {}, 1000); });";
      const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
      assert.equal(line, "true");
      const held = await tryLock(file, "while it runs");
      assert.equal(held.acquired, false);
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
      assert.equal(JSON.parse(await readFile(file, "utf8")).pid, child.pid, "the lock is still there");

      const after = await tryLock(file, "the next apply");
      assert.equal(after.acquired, true);
      if (!after.acquired) return;
      assert.equal(after.tookOver?.pid, child.pid);
      assert.equal(after.tookOver?.what, "killed apply");
      assert.equal(JSON.parse(await readFile(file, "utf8")).pid, process.pid);
      await after.release();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
