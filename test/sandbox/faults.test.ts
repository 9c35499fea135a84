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
  test("--latency holds every answer that long after its request arrived", async () => {
    // A clock that stands still: whatever the work costs, each answer waits exactly the latency.
    const waits: number[] = [];
    const latencyTimers = { now: () => 1_000, sleep: async (ms: number) => void waits.push(ms) };
    const run = await startTestSandbox({ latencyMs: 150, latencyTimers });
    try {
      assert.equal((await run.api.get("/v1/apps")).status, 200);
      assert.equal((await run.api.get("/v1/apps/none")).status, 404);
      assert.deepEqual(waits, [150, 150]);
    } finally {
      await run.dispose();
    }
  });

  test("--latency: the work is done as the request arrives, and only the answer waits (a server farm does not queue)", async () => {
    // The next wait is held until released; other answers wait for nothing.
    let holdNext = false;
    let release = () => {};
    let heldReached = () => {};
    const held = new Promise<void>((resolve) => (heldReached = resolve));
    const latencyTimers = {
      now: () => 0,
      sleep: () => {
        if (!holdNext) return Promise.resolve();
        holdNext = false;
        heldReached();
        return new Promise<void>((resolve) => (release = resolve));
      },
    };
    const run = await startTestSandbox({ latencyMs: 400, latencyTimers });
    try {
      const ids = await demoIds(run.api);
      const id = ids.localizationOf(ids.editableVersionId, "en-US")!;
      holdNext = true;
      let answered = false;
      const answer = run.api.patch(`/v1/appStoreVersionLocalizations/${id}`, {
        data: { type: "appStoreVersionLocalizations", id, attributes: { keywords: "early,commit" } },
      });
      void answer.then(() => (answered = true));
      await held;
      const read = await run.api.get(`/v1/appStoreVersionLocalizations/${id}`);
      assert.equal(read.body.data.attributes.keywords, "early,commit", "the change is stored while its answer still waits");
      assert.equal(answered, false, "the PATCH's answer waits for its latency");
      release();
      assert.equal((await answer).status, 200);
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
    // The sandbox's clock (Date.now) stands still and moves only when the test says.
    const realNow = Date.now;
    let now = realNow();
    Date.now = () => now;
    const run = await startTestSandbox({ processingMs: 400 });
    try {
      const ids = await demoIds(run.api);
      const sets = await run.api.get(
        `/v1/appStoreVersionLocalizations/${ids.localizationOf(ids.editableVersionId, "de-DE")}/appScreenshotSets?filter[screenshotDisplayType]=APP_IPHONE_67`,
      );
      const { id } = await uploadScreenshot(run.api, sets.body.data[0].id, "04-extra.png", await drawPng(1320, 2868, 9));
      const state = async () => (await run.api.get(`/v1/appScreenshots/${id}`)).body.data.attributes.assetDeliveryState.state;
      assert.equal(await state(), "UPLOAD_COMPLETE");
      now += 399;
      assert.equal(await state(), "UPLOAD_COMPLETE", "still processing 1 ms before the time is up");
      now += 1;
      assert.equal(await state(), "COMPLETE");
    } finally {
      await run.dispose();
      Date.now = realNow;
    }
  });
});
