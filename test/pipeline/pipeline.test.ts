/**
 * The pipeline returns data: a plan, an apply report, a drift report, or
 * where and why it stopped. Nothing here reads printed text: what a caller
 * shows comes from the result (and the events, as they happen).
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import type { Diagnostic } from "../../src/contracts/diagnostics.js";
import { driftFound } from "../../src/engine/drift.js";
import { checkDrift, correctDrift } from "../../src/pipeline/drift.js";
import type { RunOptions } from "../../src/pipeline/options.js";
import { makePlan } from "../../src/pipeline/plan.js";
import { failureLines } from "../../src/report/text.js";
import { copyOfExample, removeFolder } from "../helpers/cli.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

const TODAY = "2026-11-24";

function optionsFor(repo: string, sandbox: { url: string; issuerId: string; keyId: string; privateKeyPath: string }): RunOptions {
  const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
  return {
    metadataDir: path.join(repo, "metadata"),
    screenshotsDir: path.join(repo, "screenshots"),
    today: TODAY,
    connection: { sandbox: false, apiUrl: sandbox.url, env },
  };
}

async function withDemo(work: (options: RunOptions, repo: string) => Promise<void>): Promise<void> {
  const { sandbox, dispose } = await startTestSandbox();
  const repo = await copyOfExample("asc-gitops-pipeline-");
  try {
    await work(optionsFor(repo, sandbox), repo);
  } finally {
    await dispose();
    await removeFolder(repo);
  }
}

describe("the pipeline returns what happened, as data", () => {
  test("plan answers the plan with the requests it read, and says what validation found as it happens", async () => {
    await withDemo(async (options) => {
      const seen: (readonly Diagnostic[])[] = [];
      const result = await makePlan(options, { validated: (diagnostics) => seen.push(diagnostics) });
      assert.equal(result.failure, undefined);
      assert.equal(seen.length, 1, "validation is reported once, before anything is read");
      assert.deepEqual(seen[0], result.diagnostics);
      assert.ok(result.plan && result.plan.changes.length > 0, "the demo app differs from the example repository");
      assert.ok((result.requests.GET ?? 0) > 0);
      assert.equal(result.plan.today, TODAY);
    });
  });

  test("a plan that cannot find the app says where it stopped and why, in its result", async () => {
    await withDemo(async (options, repo) => {
      const appFile = path.join(repo, "metadata", "app.yml");
      await writeFile(appFile, (await readFile(appFile, "utf8")).replace("com.acme.fitness", "com.acme.missing"));
      const result = await makePlan(options);
      assert.equal(result.plan, undefined);
      assert.equal(result.failure?.stage, "read");
      assert.match(result.failure.messages.join("\n"), /com\.acme\.missing/);
      assert.deepEqual(
        failureLines("plan", result.failure),
        result.failure.messages.map((message) => `✗ ${message}`),
      );
    });
  });

  test("files that fail validation stop the run before any request, and the failure carries the validation result", async () => {
    await withDemo(async (options, repo) => {
      await writeFile(path.join(repo, "metadata", "app.yml"), "app: [\n");
      const result = await makePlan(options);
      assert.equal(result.failure?.stage, "validate");
      assert.deepEqual(result.requests, {});
      assert.ok(result.failure.validation?.diagnostics.some((diagnostic) => diagnostic.severity === "error"));
      assert.deepEqual(failureLines("apply", result.failure), ["✗ validation failed: fix the errors above; nothing was changed"]);
    });
  });

  test("the scheduled run's drift comes back in its result: on-drift: report applies the rotations alone, on-drift: apply the drift too", async () => {
    await withDemo(async (options) => {
      const before = await checkDrift(options);
      assert.ok(before.drift && before.drift.drift.length > 0, "the demo app was edited by hand");

      const reported = await correctDrift(options, "report");
      assert.ok(reported.report && reported.found, reported.failure?.messages.join("\n"));
      assert.deepEqual(reported.remaining, reported.found.drift, "with on-drift: report the drift stays");
      assert.equal(reported.report.steps.length, reported.found.rotations.length, "only the rotations were applied");
      assert.equal(reported.report.verification?.partial, true);
      assert.equal(reported.planned, reported.found.plan, "the drift is read from the whole fresh plan, not the narrowed one");
      assert.ok((await checkDrift(options)).drift!.drift.length > 0, "nothing but rotations was changed");

      const corrected = await correctDrift(options, "apply");
      assert.ok(corrected.report?.success, corrected.report ? JSON.stringify(corrected.report.verification) : corrected.failure?.messages.join("\n"));
      assert.deepEqual(corrected.remaining, []);
      const after = await checkDrift(options);
      assert.ok(after.drift);
      assert.equal(driftFound(after.drift), false, "App Store Connect matches the repository");
    });
  });
});
