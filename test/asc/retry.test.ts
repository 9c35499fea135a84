import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backoffDelay, decideRetry, DEFAULT_RETRY, parseRetryAfter, type AttemptOutcome } from "../../src/asc/retry.js";

const half = () => 0.5;

describe("which failures are retried", () => {
  const cases: [string, string, AttemptOutcome, string][] = [
    ["GET", "5xx", { status: 500 }, "retry"],
    ["GET", "502", { status: 502 }, "retry"],
    ["GET", "429", { status: 429 }, "retry"],
    ["GET", "dropped connection", { network: "dropped" }, "retry"],
    ["GET", "timeout", { network: "timeout" }, "retry"],
    ["GET", "an untrusted certificate", { network: "tls" }, "fail"],
    ["POST", "an untrusted certificate", { network: "tls" }, "fail"],
    ["GET", "409 conflict", { status: 409 }, "fail"],
    ["GET", "401", { status: 401 }, "fail"],
    ["GET", "501", { status: 501 }, "fail"],
    ["PATCH", "503", { status: 503 }, "retry"],
    ["PATCH", "dropped connection", { network: "dropped" }, "retry"],
    ["DELETE", "500", { status: 500 }, "retry"],
    ["PUT", "timeout", { network: "timeout" }, "retry"],
    ["POST", "429", { status: 429 }, "retry"],
    ["POST", "408", { status: 408 }, "retry"],
    ["POST", "503 with Retry-After", { status: 503, retryAfterSeconds: 2 }, "retry"],
    ["POST", "connection refused", { network: "connect" }, "retry"],
    ["POST", "503 without Retry-After", { status: 503 }, "ambiguous"],
    ["POST", "500", { status: 500 }, "ambiguous"],
    ["POST", "504", { status: 504 }, "ambiguous"],
    ["POST", "dropped connection", { network: "dropped" }, "ambiguous"],
    ["POST", "timeout", { network: "timeout" }, "ambiguous"],
    ["POST", "409", { status: 409 }, "fail"],
    ["POST", "422", { status: 422 }, "fail"],
  ];
  for (const [method, what, outcome, expected] of cases) {
    test(`${method} after ${what}: ${expected}`, () => {
      assert.equal(decideRetry(method, outcome, 1, DEFAULT_RETRY, half).action, expected);
    });
  }

  test("no retry once the attempts are used up", () => {
    assert.deepEqual(decideRetry("GET", { status: 500 }, 5, DEFAULT_RETRY, half), { action: "fail" });
    assert.deepEqual(decideRetry("POST", { status: 429 }, 5, DEFAULT_RETRY, half), { action: "fail" });
  });
});

describe("how long to wait", () => {
  test("backoff doubles per attempt, is capped, and is scaled by the jitter source (full jitter)", () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy, () => 0.999999)),
      [99, 199, 399, 799, 999, 999],
    );
    assert.equal(
      backoffDelay(3, policy, () => 0),
      0,
    );
    assert.equal(
      backoffDelay(3, policy, () => 0.25),
      100,
    );
  });

  test("Retry-After is honoured exactly on 429 and 503, not jittered", () => {
    assert.deepEqual(decideRetry("GET", { status: 429, retryAfterSeconds: 7 }, 1, DEFAULT_RETRY, half), { action: "retry", delayMs: 7000 });
    assert.deepEqual(decideRetry("POST", { status: 503, retryAfterSeconds: 1.5 }, 2, DEFAULT_RETRY, half), { action: "retry", delayMs: 1500 });
  });

  test("a Retry-After longer than the policy allows fails now instead of hanging", () => {
    assert.deepEqual(decideRetry("GET", { status: 429, retryAfterSeconds: 3600 }, 1, DEFAULT_RETRY, half), { action: "fail" });
  });

  test("Retry-After as seconds or as an HTTP date", () => {
    const now = Date.UTC(2026, 10, 24, 12, 0, 0);
    assert.equal(parseRetryAfter("12", now), 12);
    assert.equal(parseRetryAfter("Tue, 24 Nov 2026 12:00:30 GMT", now), 30);
    assert.equal(parseRetryAfter("soon", now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});
