/** `asc-gitops sandbox` as a user runs it: one ready line, signed requests answered, a clean stop. */
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { sandboxOptionsFromFlags } from "../../src/commands/sandbox.js";
import { spawnSandbox } from "./helpers/process.js";
import { apiClient, tempFolder } from "./helpers/sandbox.js";

describe("asc-gitops sandbox", () => {
  test("prints exactly one JSON ready line; a request signed with the printed key is answered; SIGTERM stops it cleanly", async () => {
    const folder = await tempFolder();
    try {
      const run = await spawnSandbox(["--state", path.join(folder, "state.json"), "--port", "0", "--processing-ms", "10"]);
      assert.deepEqual(Object.keys(run.ready).sort(), ["issuerId", "keyId", "privateKeyPath", "url"]);
      assert.match(run.ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(await readFile(run.ready.privateKeyPath, "utf8"), /BEGIN PRIVATE KEY/);
      const answer = await apiClient(run.ready).get("/v1/apps?filter[bundleId]=com.acme.fitness");
      assert.equal(answer.status, 200);
      assert.equal(answer.body.data[0].attributes.name, "Acme Fitness");
      run.child.kill("SIGTERM");
      const exit = await run.exited;
      assert.equal(exit.code, 0, run.stderr());
      assert.equal(run.stdoutLines.length, 1, "nothing but the ready line on stdout");
      assert.match(run.stderr(), /stopped \(SIGTERM\)/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test("SIGINT stops it too", async () => {
    const folder = await tempFolder();
    try {
      const run = await spawnSandbox(["--state", path.join(folder, "state.json")]);
      run.child.kill("SIGINT");
      assert.equal((await run.exited).code, 0);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test("flags are checked, and an error names the flag", () => {
    assert.deepEqual(
      sandboxOptionsFromFlags({
        port: "8080",
        "fail-rate": "0.1",
        "drop-rate": "0",
        empty: true,
        "processing-ms": "50",
        seed: "7",
        latency: "20",
        "rate-limit-rate": "1",
      }),
      {
        port: 8080,
        failRate: 0.1,
        dropRate: 0,
        empty: true,
        processingMs: 50,
        seed: 7,
        latency: 20,
        rateLimitRate: 1,
      },
    );
    assert.throws(() => sandboxOptionsFromFlags({ "fail-rate": "1.5" }), /--fail-rate must be a rate between 0 and 1/);
    assert.throws(() => sandboxOptionsFromFlags({ port: "http" }), /--port must be a whole number/);
    assert.throws(() => sandboxOptionsFromFlags({ latency: "-5" }), /--latency/);
  });
});
