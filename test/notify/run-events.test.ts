import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ApplyReport } from "../../src/engine/apply/report.js";
import type { DriftReport } from "../../src/engine/drift.js";
import type { Plan } from "../../src/engine/plan/plan.js";
import { driftEvents } from "../../src/github/flows/drift.js";
import { applyEvents } from "../../src/notify/run-events.js";
import { webhookBody } from "../../src/notify/standard-webhooks.js";
import { hostileReview as review } from "../helpers/notify-events.js";

const APP = {
  id: "1",
  bundleId: "com.acme.fitness",
  name: "Acme Fitness",
  platform: "IOS",
  version: { id: "v", versionString: "2.5.0", state: "X", editable: true },
};
const SUMMARY = { changes: 0, blocked: 0, errors: 0, byKind: {}, locales: [] };
const plan = {
  schemaVersion: 1,
  today: "2026-12-01",
  app: APP,
  blocked: [],
  changes: [],
  errors: [],
  pending: [],
  upcomingRotations: [],
  summary: SUMMARY,
} as Plan;
const report = (overrides: Partial<ApplyReport>): ApplyReport => ({
  schemaVersion: 1,
  app: APP,
  today: "2026-12-01",
  startedAt: "",
  finishedAt: "",
  planned: SUMMARY,
  steps: [],
  blocked: [],
  requests: [],
  verification: { converged: true, partial: false, remaining: [], blocked: [], stillProcessing: 0, failedAssets: [] },
  success: true,
  ...overrides,
});

describe("the events a run gives", () => {
  it("an apply with nothing to do tells nothing; one that applied tells it succeeded", () => {
    assert.deepEqual(applyEvents({ diagnostics: [], report: report({}) }), []);
    const step = { kind: "whatever", locale: "en-US", status: "done" as const };
    const [event] = applyEvents({ diagnostics: [], report: report({ steps: [step] }) }, "https://github.com/acme/app/actions/runs/9");
    assert.equal(event!.type, "apply.succeeded");
    assert.deepEqual(event!.app, { id: "1", bundleId: "com.acme.fitness", name: "Acme Fitness", platform: "IOS", version: "2.5.0" });
    assert.equal(event!.link, "https://github.com/acme/app/actions/runs/9");
  });

  it("a submission that was sent tells the version's new state; one that failed or was not made tells none", () => {
    const submit = {
      kind: "submit",
      resource: "submission",
      locale: "app",
      versionId: "v",
      versionString: "2.5.0",
      before: "PREPARE_FOR_SUBMISSION",
      after: "WAITING_FOR_REVIEW",
    };
    const applied = { ...plan, changes: [submit] } as unknown as Plan;
    const sent = applyEvents({ diagnostics: [], plan: applied, report: report({ steps: [{ kind: "submit", locale: "app", status: "done" }] }) });
    assert.deepEqual(
      sent.map((event) => event.type),
      ["apply.succeeded", "submission.state_changed"],
    );
    assert.deepEqual(
      { ...sent[1], app: undefined },
      { type: "submission.state_changed", app: undefined, version: "2.5.0", from: "PREPARE_FOR_SUBMISSION", to: "WAITING_FOR_REVIEW" },
    );
    const failed = report({ success: false, steps: [{ kind: "submit", locale: "app", status: "failed" }] });
    assert.deepEqual(
      applyEvents({ diagnostics: [], plan: applied, report: failed }).map((event) => event.type),
      ["apply.failed"],
    );
  });

  it("an apply stopped by the files' errors tells what failed, at file:line:column", () => {
    const diagnostic = {
      severity: "error" as const,
      rule: "keywords.length",
      file: "metadata/ja.yml",
      line: 4,
      column: 11,
      message: "keywords is 112 characters; the App Store allows 100",
    };
    const [event] = applyEvents({ diagnostics: [diagnostic], failure: { stage: "validate", messages: [] } });
    assert.ok(event && event.type === "apply.failed");
    assert.equal(event.headline, "Nothing was applied: the repository's files did not validate.");
    assert.deepEqual(event.failures, [{ where: "validation", what: "metadata/ja.yml:4:11: keywords is 112 characters; the App Store allows 100" }]);
  });

  it("drift is told when the drift issue opens or changes, not while it stays the same; resolved when it closes or this run restored it", () => {
    const blocked = { kind: "x", locale: "", reason: "the version is in review" };
    const drifted: DriftReport = { drift: [], rotations: [], blocked: [blocked], plan };
    assert.deepEqual(
      driftEvents(drifted, [], "opened").map((event) => event.type),
      ["drift.found"],
    );
    assert.deepEqual(
      driftEvents(drifted, [], undefined).map((event) => event.type),
      ["drift.found"],
      "no issue to remember it: told",
    );
    assert.deepEqual(driftEvents(drifted, [], "unchanged"), []);
    const clean: DriftReport = { drift: [], rotations: [], blocked: [], plan };
    assert.deepEqual(driftEvents(clean, [], "none"), []);
    const [resolved] = driftEvents(clean, [], "closed");
    assert.deepEqual(resolved, {
      type: "drift.resolved",
      app: { id: "1", bundleId: "com.acme.fitness", name: "Acme Fitness", platform: "IOS", version: "2.5.0" },
      corrected: 0,
    });
  });

  it("a review alert's webhook body carries the review as App Store Connect gave it (escaping is the receiver's business)", () => {
    const body = JSON.parse(webhookBody(review(), new Date("2026-12-01T10:00:00Z")));
    assert.equal(body.type, "review.low_rating");
    assert.equal(body.timestamp, "2026-12-01T10:00:00.000Z");
    assert.deepEqual(Object.keys(body.data.review).sort(), ["appName", "body", "date", "id", "nickname", "rating", "territory", "title"]);
    assert.equal(body.data.review.body, "<!channel> *bold* <@U123> & <https://evil.example|click>");
    assert.equal(body.data.threshold, 2);
  });
});
