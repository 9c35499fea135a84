import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEFAULT_PACING, Pacer, paceInterval, parseRateLimit } from "../../src/asc/rate-limit.js";
import { fakeTime } from "./helpers/fake-time.js";

describe("Apple's X-Rate-Limit budget", () => {
  test("the header gives the hourly limit and the remainder", () => {
    assert.deepEqual(parseRateLimit("user-hour-lim:3600;user-hour-rem:3599;"), { limit: 3600, remaining: 3599 });
    assert.deepEqual(parseRateLimit(" user-hour-rem:12 ; user-hour-lim:3600 "), { limit: 3600, remaining: 12 });
    assert.equal(parseRateLimit("garbage"), undefined);
    assert.equal(parseRateLimit(null), undefined);
  });

  test("full speed while plenty remains; from the 10% reserve on, requests are spaced, wider as it shrinks", () => {
    const at = (remaining: number) => paceInterval({ limit: 3600, remaining }, DEFAULT_PACING);
    assert.equal(at(3599), 0);
    assert.equal(at(361), 0);
    assert.equal(at(360), 1000, "at the reserve: the refill rate, one request per hour/limit");
    assert.equal(at(180), 2000);
    assert.equal(at(36), 10_000);
    assert.equal(at(1), 60_000, "capped");
    assert.equal(at(0), 60_000);
  });

  test("the pacer spaces consecutive requests by the interval and counts requests in flight against the budget", async () => {
    const time = fakeTime();
    const pacer = new Pacer(time.clock, time.sleep);
    assert.equal(await pacer.turn(), 0, "no budget seen yet: no wait");
    pacer.observe("user-hour-lim:3600;user-hour-rem:361;");
    assert.equal(await pacer.turn(), 0, "361 remaining: above the reserve; now 360");
    assert.equal(await pacer.turn(), 0, "the first paced request goes at once");
    const waits = [await pacer.turn(), await pacer.turn(), await pacer.turn()];
    assert.ok(
      waits.every((wait) => wait >= 1000),
      `spaced: ${waits.join(", ")}`,
    );
    assert.ok(waits[2]! > waits[0]!, "wider as the remainder shrinks");
    assert.deepEqual(pacer.state, { limit: 3600, remaining: 356 });
  });
});
