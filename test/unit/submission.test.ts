/**
 * The submission's plan, as a table of what a user sees: every blocker of the
 * pre-flight at once, each at its file; another submission in the way named
 * with its state; nothing to do for a version in review; a rejection sent
 * again; the release of an approved version; and the drift issue's word on it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DriftReport } from "../../src/engine/drift.js";
import { driftIssueBody } from "../../src/report/markdown/drift.js";
import { diffSubmission } from "../../src/resources/submission/diff.js";
import type { PreflightDesired, PreflightLive } from "../../src/resources/submission/preflight.js";
import { REQUIRED_AGE_RATING_ATTRIBUTES } from "../../src/model/submission-requirements.js";

/** Every question the submission needs answered, answered. */
const ANSWERED = { id: "ard", answers: Object.fromEntries(REQUIRED_AGE_RATING_ATTRIBUTES.map((name) => [name, "NONE"])) };

const CONTEXT = { today: "2026-11-24", prune: false, managedLocales: new Set<string>() };

function desired(overrides: Partial<NonNullable<PreflightDesired["submission"]>> = {}): PreflightDesired {
  return {
    submission: {
      submit: true,
      releaseNow: false,
      sources: { file: "metadata/app.yml", positions: { version: { line: 5, column: 1 }, submit: { line: 10, column: 1 } } },
      screenshotsDir: "screenshots",
      hasPrimaryCategory: true,
      ...overrides,
    },
    versionLocalizations: [
      {
        locale: "en-US",
        fields: { description: "Workouts that stick.", supportUrl: "https://acme.example/support" },
        rotations: [],
        sources: { file: "metadata/en-US.yml", positions: {} },
      },
    ],
    appDetails: { contentRights: "DOES_NOT_USE_THIRD_PARTY_CONTENT", sources: { file: "metadata/app.yml", positions: {} } },
  };
}

function live(overrides: Partial<PreflightLive> = {}, state = "PREPARE_FOR_SUBMISSION"): PreflightLive {
  return {
    app: { id: "1", bundleId: "com.acme.fitness", primaryLocale: "en-US", platform: "IOS" },
    version: { id: "v-2.4.0", versionString: "2.4.0", state, editable: true },
    isFirstVersion: false,
    submission: {
      build: { id: "b1", version: "101", processingState: "VALID", usesNonExemptEncryption: false, expired: false },
      primaryCategory: "HEALTH_AND_FITNESS",
      submissions: [],
    },
    versionLocalizations: [{ id: "vl-en", locale: "en-US", fields: { description: "Old text.", supportUrl: null } }],
    appInfoLocalizations: [{ id: "al-en", locale: "en-US", fields: { privacyPolicyUrl: "https://acme.example/privacy" } }],
    screenshotSets: [
      {
        id: "set",
        locale: "en-US",
        localizationId: "vl-en",
        displayType: "APP_IPHONE_67",
        screenshots: [{ id: "s", fileName: "01.png", fileSize: 1, checksum: "x", state: "COMPLETE" }],
      },
    ],
    ageRatingDeclaration: { id: "ard", answers: {} },
    appDetails: { copyright: null, contentRights: null },
    ...overrides,
  };
}

const reasons = (result: ReturnType<typeof diffSubmission>) => result.blocked.map((item) => `${item.source?.file}:${item.source?.line ?? ""} ${item.reason}`);

test("a version ready for review, as live will be once the plan is applied, is one submit change", () => {
  const result = diffSubmission(desired(), live({ ageRatingDeclaration: ANSWERED }), CONTEXT);
  assert.deepEqual(reasons(result), []);
  assert.deepEqual(
    result.changes.map((change) => [change.kind, change.versionString, change.before, change.after]),
    [["submit", "2.4.0", "PREPARE_FOR_SUBMISSION", "WAITING_FOR_REVIEW"]],
  );
});

test("every blocker is listed at once, each at the file to fix", () => {
  const wanted = desired({ hasPrimaryCategory: false });
  wanted.appDetails = { sources: { file: "metadata/app.yml", positions: {} } };
  wanted.versionLocalizations![0]!.fields = {};
  const result = diffSubmission(
    wanted,
    live({
      submission: { build: { id: "b1", version: "101", processingState: "PROCESSING", usesNonExemptEncryption: null, expired: false }, primaryCategory: null },
      versionLocalizations: [
        { id: "vl-en", locale: "en-US", fields: { description: "Old text.", supportUrl: null } },
        { id: "vl-de", locale: "de-DE", fields: { description: null, supportUrl: null } },
      ],
      appInfoLocalizations: [{ id: "al-en", locale: "en-US", fields: { privacyPolicyUrl: null } }],
      screenshotSets: [{ id: "set", locale: "en-US", localizationId: "vl-en", displayType: "APP_IPAD_PRO_3GEN_129", screenshots: [] }],
    }),
    CONTEXT,
  );
  assert.equal(result.changes.length, 0);
  const shown = reasons(result);
  const expected = [
    /^metadata\/app\.yml:5 build 101 is PROCESSING, not VALID/,
    /^metadata\/app\.yml:5 build 101 has no export compliance answer \(usesNonExemptEncryption\)/,
    /^metadata\/de-DE\.yml: description and supportUrl missing in de-DE: create metadata\/de-DE\.yml/,
    /^metadata\/en-US\.yml: supportUrl missing in en-US: add supportUrl:/,
    /^metadata\/en-US\.yml: privacyPolicyUrl missing in en-US/,
    /^screenshots\/en-US: no screenshots for .*6\.9.* or .*6\.5.* in en-US/,
    /^metadata\/age-rating\.yml: age rating questions unanswered: advertising, ageAssurance, /,
    /^metadata\/app\.yml: no primary category/,
    /^metadata\/app\.yml: content rights undeclared/,
  ];
  assert.equal(shown.length, expected.length, shown.join("\n"));
  expected.forEach((pattern, index) => assert.match(shown[index]!, pattern));
});

test("no build attached: the blocker points at app.yml's version line; a build: key there leaves it to its own resource", () => {
  const noBuild = live({ submission: { build: null, submissions: [] } });
  assert.match(reasons(diffSubmission(desired(), noBuild, CONTEXT)).join("\n"), /metadata\/app\.yml:5 no build is attached to version 2\.4\.0/);
  const withKey = desired();
  withKey.submission!.sources.positions.build = { line: 6, column: 1 };
  assert.doesNotMatch(reasons(diffSubmission(withKey, noBuild, CONTEXT)).join("\n"), /no build/);
});

test("another submission in progress is named with its state; an open empty one is reused; one holding other items is refused", () => {
  const answered = ANSWERED;
  const withSubmissions = (submissions: NonNullable<PreflightLive["submission"]>["submissions"]) =>
    live({ ageRatingDeclaration: answered, submission: { ...live().submission, submissions } });
  const busy = diffSubmission(desired(), withSubmissions([{ id: "rs-9", state: "IN_REVIEW", versionIds: ["v-2.3.2"], items: 1 }]), CONTEXT);
  assert.match(reasons(busy).join("\n"), /another review submission \(rs-9\) of this app is IN_REVIEW/);
  const open = diffSubmission(desired(), withSubmissions([{ id: "rs-1", state: "READY_FOR_REVIEW", versionIds: [], items: 0 }]), CONTEXT);
  assert.deepEqual(open.changes[0]?.kind === "submit" && open.changes[0].reuse, { id: "rs-1", state: "READY_FOR_REVIEW", holdsVersion: false });
  const foreign = diffSubmission(desired(), withSubmissions([{ id: "rs-2", state: "READY_FOR_REVIEW", versionIds: [], items: 2 }]), CONTEXT);
  assert.match(reasons(foreign).join("\n"), /review submission rs-2 \(READY_FOR_REVIEW\) holds 2 items asc-gitops does not manage/);
  const cancelled = diffSubmission(desired(), withSubmissions([{ id: "rs-3", state: "CANCELING", versionIds: ["v-2.4.0"], items: 1 }]), CONTEXT);
  assert.equal(cancelled.changes.length, 1, "a cancelled submission still holding the version does not block: apply retries the add");
});

test("blocked changes of the resources before it hold the submission back", () => {
  const answered = live({ ageRatingDeclaration: ANSWERED });
  const result = diffSubmission(desired(), answered, { ...CONTEXT, blockedBefore: [{ kind: "field-update", locale: "ja", reason: "…" }] });
  assert.equal(result.changes.length, 0);
  assert.match(reasons(result)[0]!, /1 other change is blocked \(listed above\): it is submitted once they are resolved/);
});

test("a version in review or past it needs nothing; an approved one with release.now is released", () => {
  for (const state of ["WAITING_FOR_REVIEW", "IN_REVIEW", "PENDING_DEVELOPER_RELEASE", "READY_FOR_DISTRIBUTION"])
    assert.deepEqual(diffSubmission(desired(), live({}, state), CONTEXT), { changes: [], blocked: [] }, state);
  const released = diffSubmission(desired({ releaseNow: true }), live({}, "PENDING_DEVELOPER_RELEASE"), CONTEXT);
  assert.deepEqual(
    released.changes.map((change) => [change.kind, change.before, change.source?.line]),
    [["release", "PENDING_DEVELOPER_RELEASE", undefined]],
  );
});

test("the drift issue shows a rejection as the resubmission it needs, with the version's state", () => {
  const plan = {
    schemaVersion: 1,
    today: "2026-11-24",
    app: { id: "1", bundleId: "com.acme.fitness", platform: "IOS", version: { id: "v", versionString: "2.4.0", state: "REJECTED", editable: true } },
    blocked: [],
    changes: [
      {
        kind: "submit",
        resource: "submission",
        locale: "app",
        versionId: "v",
        versionString: "2.4.0",
        before: "REJECTED",
        after: "WAITING_FOR_REVIEW",
        source: { file: "metadata/app.yml", line: 10 },
      },
    ],
    errors: [],
    pending: [],
    upcomingRotations: [],
    summary: { changes: 1, blocked: 0, errors: 0, byKind: { submit: 1 }, locales: ["app"] },
  } as unknown as DriftReport["plan"];
  const body = driftIssueBody({ drift: plan.changes, rotations: [], blocked: [], plan }, plan.changes, { version: "0.1.0" } as never);
  assert.match(body, /resubmit 2\.4\.0 for review \(App Review: REJECTED\)/);
  assert.match(body, /Version 2\.4\.0 is `REJECTED` in App Store Connect\./);
});
