/** Each fault knob, with a fixed seed, so that a run can be replayed exactly. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { RequestRecord, SandboxOptions } from "../../src/sandbox/index.js";
import { drawPng } from "./helpers/images.js";
import { demoIds, startTestSandbox, uploadScreenshot } from "./helpers/sandbox.js";

/** Sends `count` reads one after another; answers each status, or "dropped". */
async function outcomes(options: SandboxOptions, count = 24): Promise<Array<number | "dropped">> {
  const run = await startTestSandbox(options);
  try {
    const result: Array<number | "dropped"> = [];
    for (let index = 0; index < count; index++) {
      try {
        const answer = await run.api.get("/v1/apps?filter[bundleId]=com.acme.fitness");
        result.push(answer.status);
        if (answer.status >= 500) {
          assert.ok(["UNEXPECTED_ERROR", "SERVICE_UNAVAILABLE"].includes(answer.body.errors[0].code));
          assert.ok(answer.headers.get("x-rate-limit"));
        }
        if (answer.status === 429) {
          assert.equal(answer.body.errors[0].code, "RATE_LIMIT_EXCEEDED");
          assert.ok(!/user-hour-rem:0;/.test(answer.headers.get("x-rate-limit")!), "an early 429 comes with budget left");
        }
      } catch (error) {
        assert.match(String((error as Error).message), /fetch failed/);
        result.push("dropped");
      }
    }
    return result;
  } finally {
    await run.dispose();
  }
}

describe("fault knobs", () => {
  test("--latency delays every answer by that much", async () => {
    const run = await startTestSandbox({ latencyMs: 150 });
    try {
      await run.api.get("/v1/apps"); // signs the token first
      const started = performance.now();
      await run.api.get("/v1/apps");
      assert.ok(performance.now() - started >= 145, "the answer came after the latency");
    } finally {
      await run.dispose();
    }
  });

  test("--latency: the work is done as the request arrives, and only the answer waits (a server farm does not queue)", async () => {
    const run = await startTestSandbox({ latencyMs: 400 });
    try {
      const ids = await demoIds(run.api);
      const id = ids.localizationOf(ids.editableVersionId, "en-US")!;
      const writesBefore = run.sandbox.stateWrites();
      const started = performance.now();
      const answer = run.api.patch(`/v1/appStoreVersionLocalizations/${id}`, { data: { type: "appStoreVersionLocalizations", id, attributes: { keywords: "early,commit" } } });
      while (run.sandbox.stateWrites() === writesBefore && performance.now() - started < 380) await new Promise((resolve) => setTimeout(resolve, 5));
      const committedAfter = performance.now() - started;
      assert.ok(committedAfter < 300, `the change was stored ${Math.round(committedAfter)} ms after it was sent, before the latency ran out`);
      assert.equal((await answer).status, 200);
      assert.ok(performance.now() - started >= 395, "the answer still came after the latency");
    } finally {
      await run.dispose();
    }
  });

  test("--fail-rate answers 500s and 503s in the same places for the same seed", async () => {
    const first = await outcomes({ failRate: 0.4, seed: 42 });
    const again = await outcomes({ failRate: 0.4, seed: 42 });
    const other = await outcomes({ failRate: 0.4, seed: 43 });
    assert.deepEqual(again, first);
    assert.notDeepEqual(other, first);
    assert.ok(first.includes(200));
    assert.ok(first.some((status) => status === 500 || status === 503));
    assert.ok(first.every((status) => [200, 500, 503].includes(status as number)));
  });

  test("--rate-limit-rate answers 429 RATE_LIMIT_EXCEEDED before the budget is spent, reproducibly", async () => {
    const first = await outcomes({ rateLimitRate: 0.4, seed: 7 });
    assert.deepEqual(await outcomes({ rateLimitRate: 0.4, seed: 7 }), first);
    assert.ok(first.includes(429));
    assert.ok(first.includes(200));
  });

  test("--drop-rate closes connections without an answer, reproducibly", async () => {
    const first = await outcomes({ dropRate: 0.4, seed: 3 });
    assert.deepEqual(await outcomes({ dropRate: 0.4, seed: 3 }), first);
    assert.ok(first.includes("dropped"));
    assert.ok(first.includes(200));
  });

  test("onRequest hears every request: its operation, status, and the knob that decided it", async () => {
    const records: RequestRecord[] = [];
    const run = await startTestSandbox({ dropRate: 0.5, seed: 3, onRequest: (record) => records.push(record) });
    try {
      for (let index = 0; index < 10; index++) await run.api.get("/v1/apps").catch(() => undefined);
      assert.equal(records.length, 10);
      assert.ok(records.every((record) => record.operationId === "apps_getCollection" && record.status === 200));
      assert.ok(records.some((record) => record.dropped && record.injected === "drop"));
      assert.ok(records.some((record) => !record.dropped));
    } finally {
      await run.dispose();
    }
  });

  test("the hourly budget: X-Rate-Limit counts down, then 429 RATE_LIMIT_EXCEEDED", async () => {
    const run = await startTestSandbox({ hourlyLimit: 3 });
    try {
      const headers: string[] = [];
      for (let index = 0; index < 3; index++) {
        const answer = await run.api.get("/v1/apps");
        assert.equal(answer.status, 200);
        headers.push(answer.headers.get("x-rate-limit")!);
      }
      assert.deepEqual(headers, ["user-hour-lim:3;user-hour-rem:2;", "user-hour-lim:3;user-hour-rem:1;", "user-hour-lim:3;user-hour-rem:0;"]);
      const refused = await run.api.get("/v1/apps");
      assert.equal(refused.status, 429);
      assert.equal(refused.body.errors[0].code, "RATE_LIMIT_EXCEEDED");
      assert.equal(refused.headers.get("x-rate-limit"), "user-hour-lim:3;user-hour-rem:0;");
    } finally {
      await run.dispose();
    }
  });

  test("--processing-ms keeps a committed screenshot UPLOAD_COMPLETE that long, then COMPLETE", async () => {
    const run = await startTestSandbox({ processingMs: 400 });
    try {
      const ids = await demoIds(run.api);
      const sets = await run.api.get(`/v1/appStoreVersionLocalizations/${ids.localizationOf(ids.editableVersionId, "de-DE")}/appScreenshotSets?filter[screenshotDisplayType]=APP_IPHONE_67`);
      const bytes = await drawPng(1320, 2868, 9);
      const committedAt = performance.now();
      const { id } = await uploadScreenshot(run.api, sets.body.data[0].id, "04-extra.png", bytes);
      let state = "";
      while (state !== "COMPLETE") {
        state = (await run.api.get(`/v1/appScreenshots/${id}`)).body.data.attributes.assetDeliveryState.state;
        if (state !== "COMPLETE") {
          assert.equal(state, "UPLOAD_COMPLETE");
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
      assert.ok(performance.now() - committedAt >= 390, "processing took the configured time");
    } finally {
      await run.dispose();
    }
  });
});
