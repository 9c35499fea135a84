import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { NotifyConfig } from "../../src/notify/config.js";
import { realDependencies, type DeliveryPolicy } from "../../src/notify/deliver.js";
import type { NotificationEvent } from "../../src/notify/events.js";
import { notify } from "../../src/notify/notify.js";
import { startSlackStandIn, startWebhookReceiver, TEST_SECRET, type Receiver } from "../helpers/notify-receivers.js";

const APP = { id: "1234567890", bundleId: "com.acme.fitness", name: "Acme Fitness", platform: "IOS" };
const DRIFT: NotificationEvent = { type: "drift.found", app: APP, drift: [{ where: "en-US", what: "update subtitle" }], more: 0, rotations: 0, blocked: 0 };
const REVIEW: NotificationEvent = {
  type: "review.low_rating",
  app: APP,
  threshold: 2,
  review: { id: "r1", rating: 1, territory: "GBR", title: "Meh", body: "<!channel>", nickname: "n", date: "2026-12-01T00:00:00Z", appName: "Acme Fitness" },
};

/** Fast retries for tests; the waits are recorded instead of slept. */
function harness(policy: Partial<DeliveryPolicy> = {}) {
  const waits: number[] = [];
  const warnings: string[] = [];
  const infos: string[] = [];
  return {
    waits,
    warnings,
    infos,
    log: { warning: (text: string) => warnings.push(text), info: (text: string) => infos.push(text) },
    options: {
      policy: { attempts: 4, baseDelayMs: 100, maxDelayMs: 400, maxRetryAfterMs: 2000, timeoutMs: 3000, ...policy },
      dependencies: {
        ...realDependencies(),
        sleep: async (ms: number) => {
          waits.push(ms);
        },
        random: () => 1,
      },
    },
  };
}

const receivers: Receiver[] = [];
const track = <T extends Receiver>(receiver: T) => (receivers.push(receiver), receiver);
after(async () => {
  for (const receiver of receivers) await receiver.close();
});

describe("notification deliveries", () => {
  it("the webhook receiver verifies the Standard Webhooks signature of the event it gets", async () => {
    const hook = track(await startWebhookReceiver(TEST_SECRET));
    const { log, options, warnings } = harness();
    const results = await notify([DRIFT], { webhook: { url: `${hook.url}/hooks/asc`, secret: TEST_SECRET } }, log, options);
    assert.deepEqual(results, [{ target: "webhook", event: "drift.found", ok: true, attempts: 1 }]);
    assert.equal(hook.received.length, 1);
    const [delivery] = hook.received;
    assert.equal(delivery!.verified, true);
    assert.match(String(delivery!.headers["webhook-id"]), /^msg_[0-9a-f]{32}$/);
    assert.match(String(delivery!.headers["webhook-signature"]), /^v1,[A-Za-z0-9+/]+=*$/);
    const body = JSON.parse(delivery!.body);
    assert.equal(body.type, "drift.found");
    assert.ok(!Number.isNaN(Date.parse(body.timestamp)));
    assert.deepEqual(body.data.drift, [{ where: "en-US", what: "update subtitle" }]);
    assert.deepEqual(warnings, []);
  });

  it("a signature made with another secret is refused by the receiver (the check can fail)", async () => {
    const hook = track(await startWebhookReceiver(TEST_SECRET));
    const other = `whsec_${Buffer.from("another-secret-another-secret-32").toString("base64")}`;
    const { log, options } = harness();
    await notify([DRIFT], { webhook: { url: hook.url, secret: other } }, log, options);
    assert.equal(hook.received[0]!.verified, false);
  });

  it("5xx and a timeout are retried with backoff under the same webhook-id, each attempt signed afresh", async () => {
    const hook = track(await startWebhookReceiver(TEST_SECRET, [{ status: 500 }, "hang", { status: 503 }]));
    const { log, options, waits, warnings } = harness();
    const results = await notify([DRIFT], { webhook: { url: hook.url, secret: TEST_SECRET } }, log, options);
    assert.deepEqual(results, [{ target: "webhook", event: "drift.found", ok: true, attempts: 4 }]);
    assert.equal(hook.received.length, 4);
    assert.equal(new Set(hook.received.map((request) => request.headers["webhook-id"])).size, 1);
    assert.ok(hook.received.every((request) => request.verified));
    assert.equal(new Set(hook.received.map((request) => request.body)).size, 1, "the same bytes every time");
    // Full jitter with random() = 1: the ceiling, doubling.
    assert.deepEqual(waits, [100, 200, 400]);
    assert.deepEqual(warnings, []);
  });

  it("429 waits as Retry-After says (capped)", async () => {
    const slack = track(
      await startSlackStandIn([
        { status: 429, headers: { "retry-after": "1" } },
        { status: 429, headers: { "retry-after": "3600" } },
      ]),
    );
    const { log, options, waits } = harness();
    const [result] = await notify([REVIEW], { slack: `${slack.url}/services/T1/B1/abc` }, log, options);
    assert.equal(result!.ok, true);
    assert.deepEqual(waits, [1000, 2000]);
    assert.equal(slack.received.length, 3);
  });

  it("a 4xx is never retried; the failure is a warning naming the target kind, never its URL, and notify does not throw", async () => {
    const slack = track(await startSlackStandIn([{ status: 404, body: "no_service" }]));
    const { log, options, warnings, waits } = harness();
    const url = `${slack.url}/services/T000/B000/secret-token-in-the-path`;
    const results = await notify([REVIEW], { slack: url }, log, options);
    assert.deepEqual(results, [{ target: "Slack", event: "review.low_rating", ok: false, attempts: 1, reason: "HTTP 404" }]);
    assert.equal(slack.received.length, 1);
    assert.deepEqual(waits, []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /review\.low_rating notification could not be delivered to the Slack target \(HTTP 404\)/);
    assert.ok(!warnings[0]!.includes("secret-token") && !warnings[0]!.includes("127.0.0.1"));
  });

  it("a target that keeps failing is given up after the bounded attempts and reported; the other target still gets it", async () => {
    const slack = track(await startSlackStandIn([{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }]));
    const hook = track(await startWebhookReceiver(TEST_SECRET));
    const { log, options, warnings } = harness();
    const config: NotifyConfig = { slack: slack.url, webhook: { url: hook.url, secret: TEST_SECRET } };
    const results = await notify([DRIFT], config, log, options);
    assert.deepEqual(
      results.map((result) => [result.target, result.ok, result.attempts, result.reason]),
      [
        ["Slack", false, 4, "HTTP 500 after 4 attempts"],
        ["webhook", true, 1, undefined],
      ],
    );
    assert.equal(slack.received.length, 4);
    assert.equal(warnings.length, 1);
  });

  it("a target that is down gets nothing more in this run: one warning counts what it did not get; the other target gets everything", async () => {
    const slack = track(await startSlackStandIn([], { status: 500 }));
    const hook = track(await startWebhookReceiver(TEST_SECRET));
    const { log, options, warnings } = harness();
    const reviews = Array.from({ length: 5 }, (_, index) => ({
      ...REVIEW,
      review: { ...(REVIEW as { review: object }).review, id: `r${index}` },
    })) as NotificationEvent[];
    const results = await notify(reviews, { slack: slack.url, webhook: { url: hook.url, secret: TEST_SECRET } }, log, options);
    assert.equal(slack.received.length, 4, "one round of retries, not five");
    assert.equal(hook.received.length, 5);
    assert.deepEqual(
      results.filter((result) => result.target === "Slack").map((result) => result.skipped ?? false),
      [false, true, true, true, true],
    );
    assert.deepEqual(warnings.slice(1), ["4 more notifications were not sent to the Slack target: it failed earlier in this run."]);
  });

  it("nothing unreachable hangs the run: a refused connection is reported after its attempts", async () => {
    const closed = await startSlackStandIn();
    await closed.close();
    const { log, options, warnings } = harness({ attempts: 2 });
    const [result] = await notify([DRIFT], { slack: closed.url }, log, options);
    assert.equal(result!.ok, false);
    assert.equal(result!.reason, "the connection could not be made after 2 attempts");
    assert.equal(warnings.length, 1);
  });

  it("a review's alert keeps one webhook-id across runs, so a receiver can drop a repeat", async () => {
    const hook = track(await startWebhookReceiver(TEST_SECRET));
    const { log, options } = harness();
    const config = { webhook: { url: hook.url, secret: TEST_SECRET } };
    await notify([REVIEW], config, log, options);
    await notify([REVIEW, DRIFT, DRIFT], config, log, options);
    const ids = hook.received.map((request) => String(request.headers["webhook-id"]));
    assert.equal(ids[0], ids[1]);
    assert.equal(new Set(ids).size, 3, "each drift event is a new message");
  });

  it("no target configured: nothing is sent and nothing is said", async () => {
    const { log, options, warnings, infos } = harness();
    assert.deepEqual(await notify([DRIFT], {}, log, options), []);
    assert.deepEqual(await notify([DRIFT], undefined, log, options), []);
    assert.deepEqual([...warnings, ...infos], []);
  });
});
