import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ApplyReport } from "../../src/engine/apply/report.js";
import type { Diagnostic } from "../../src/contracts/diagnostics.js";
import { classifyDrift, driftFound } from "../../src/engine/drift.js";
import { diff } from "../../src/engine/diff.js";
import { describeChange } from "../../src/engine/render/describe.js";
import { applyMarkdown } from "../../src/report/markdown/apply.js";
import { driftIssueBody, driftMarkdown } from "../../src/report/markdown/drift.js";
import { validationMarkdown } from "../../src/report/markdown/validation.js";
import { applyHeadline } from "../../src/report/text.js";
import { desiredState, liveFromDesired, shot } from "../helpers/states.js";

const footer = { metadataPath: "metadata", sha: "0123456789abcdef", runUrl: "http://127.0.0.1/acme/fitness/actions/runs/1" };

function report(overrides: Partial<ApplyReport> = {}): ApplyReport {
  return {
    schemaVersion: 1,
    app: {
      id: "1",
      bundleId: "com.acme.fitness",
      name: "Acme Fitness",
      platform: "IOS",
      version: { id: "v", versionString: "2.4.0", state: "PREPARE_FOR_SUBMISSION", editable: true },
    },
    today: "2026-11-24",
    startedAt: "2026-11-24T12:00:00.000Z",
    finishedAt: "2026-11-24T12:00:05.000Z",
    planned: { changes: 2, blocked: 0, errors: 0, byKind: { "field-update": 1, "screenshot-upload": 1 }, locales: ["en-US"] },
    steps: [
      { kind: "field-update", locale: "en-US", field: "keywords", source: { file: "metadata/en-US.yml", line: 9, column: 11 }, status: "done" },
      { kind: "screenshot-upload", locale: "en-US", displayType: "APP_IPHONE_67", fileName: "01-home.png", status: "done" },
    ],
    blocked: [],
    requests: [{ at: "2026-11-24T12:00:01.000Z", method: "PATCH", path: "/v1/appStoreVersionLocalizations/abc", status: 200, attempt: 1, durationMs: 40 }],
    verification: { converged: true, partial: false, remaining: [], blocked: [], stillProcessing: 0, failedAssets: [] },
    success: true,
    ...overrides,
  };
}

const diagnostic = (severity: Diagnostic["severity"], message: string): Diagnostic => ({
  severity,
  rule: "rule",
  file: "metadata/ja.yml",
  line: 4,
  column: 11,
  message,
});

describe("what the summary and the comments say", () => {
  test("a converged apply says so; an apply with nothing to do says nothing was written", () => {
    assert.equal(applyHeadline(report()), "Applied 2 changes with 1 write request; verified: App Store Connect now matches the repository.");
    assert.equal(applyHeadline(report({ steps: [], requests: [] })), "No changes: App Store Connect already matched the repository; nothing was written.");
  });

  test("a failed step is listed with Apple's code, detail and pointer, and the way out", () => {
    const failed = report({
      success: false,
      steps: [
        {
          kind: "field-update",
          locale: "ja",
          field: "keywords",
          source: { file: "metadata/ja.yml", line: 4 },
          status: "failed",
          error: {
            message: "App Store Connect refused the keywords",
            status: 409,
            code: "ENTITY_ERROR.ATTRIBUTE.INVALID",
            detail: "keywords too long",
            pointer: "/data/attributes/keywords",
          },
        },
      ],
    });
    assert.equal(applyHeadline(failed), "Apply failed: 1 of 1 change failed (0 done, 1 write request).");
    const markdown = applyMarkdown(failed, { footer, target: "comment" });
    assert.match(
      markdown,
      new RegExp(
        /> - \*\*ja\*\* update keywords \(<code>metadata\/ja\.yml:4<\/code>\): App Store Connect refused the keywords /.source +
          /<sub>409 · ENTITY_ERROR\.ATTRIBUTE\.INVALID · keywords too long · at \/data\/attributes\/keywords<\/sub>/.source,
      ),
    );
    assert.match(markdown, /Run the workflow again to finish/);
    assert.ok(!markdown.includes("ApplyReport (JSON)"), "the JSON is for the summary, not the comment");
  });

  test("an apply that did not converge names what still differs", () => {
    const stuck = report({
      success: false,
      verification: {
        converged: false,
        partial: false,
        blocked: [],
        remaining: [
          {
            kind: "field-update",
            locale: "en-US",
            resource: "appStoreVersionLocalizations",
            target: "editable",
            localizationId: "x",
            field: "description",
            before: "a",
            after: "b",
          },
        ],
        stillProcessing: 1,
        failedAssets: [],
      },
    });
    assert.match(applyHeadline(stuck), /does not match the repository yet \(not converged\)/);
    const markdown = applyMarkdown(stuck, { footer, target: "summary" });
    assert.match(markdown, /still differs: \*\*en-US\*\* update description on version 2\.4\.0/);
    assert.match(markdown, /1 screenshot is still processing/);
    assert.match(markdown, /ApplyReport \(JSON\)/);
    assert.match(markdown, /PATCH \/v1\/appStoreVersionLocalizations\/abc/);
  });

  test("steps read as actions, with display types by their folder names", () => {
    assert.equal(describeChange({ kind: "screenshot-upload", displayType: "APP_IPHONE_67", fileName: "01-home.png" }), "upload 01-home.png to iphone-6.9");
    assert.equal(describeChange({ kind: "screenshot-reorder", displayType: "APP_IPAD_PRO_3GEN_129" }), "reorder ipad-13");
    assert.equal(describeChange({ kind: "field-update", field: "promotionalText" }), "update promotionalText");
  });

  test("steps say which localization and which version they changed", () => {
    const app = { ...report().app, liveVersion: { id: "l", versionString: "2.3.1", state: "READY_FOR_SALE" } };
    assert.equal(describeChange({ kind: "localization-create", resource: "appInfoLocalizations" }, app), "create the app info localization");
    assert.equal(describeChange({ kind: "localization-create", resource: "appStoreVersionLocalizations" }, app), "create the version 2.4.0 localization");
    assert.equal(
      describeChange({ kind: "field-update", field: "promotionalText", resource: "appStoreVersionLocalizations", target: "live" }, app),
      "update promotionalText on version 2.3.1 (on sale)",
    );
    assert.equal(
      describeChange({ kind: "field-update", field: "promotionalText", resource: "appStoreVersionLocalizations", target: "editable" }, app),
      "update promotionalText on version 2.4.0",
    );
    assert.equal(
      describeChange({ kind: "field-update", field: "subtitle", resource: "appInfoLocalizations", target: "editable" }, app),
      "update subtitle (app info)",
    );
  });

  test("a blocked change is not done: the headline says not converged and why, and never that it matches", () => {
    const blocked = {
      kind: "screenshot-set-create" as const,
      locale: "it",
      displayType: "APP_IPHONE_67",
      reason: "it does not exist in App Store Connect: add metadata/it.yml",
      source: { file: "screenshots/it/iphone-6.9" },
    };
    const stuck = report({
      steps: [],
      requests: [],
      success: false,
      blocked: [blocked],
      verification: { converged: false, partial: false, remaining: [], blocked: [blocked], stillProcessing: 0, failedAssets: [] },
    });
    const headline = applyHeadline(stuck);
    assert.equal(
      headline,
      "Not converged: 1 change is blocked, so App Store Connect does not match the repository (0 changes applied with 0 write requests). " +
        "Blocked: it: create the iphone-6.9 set: it does not exist in App Store Connect: add metadata/it.yml (screenshots/it/iphone-6.9)",
    );
    const markdown = applyMarkdown(stuck, { footer, target: "comment" });
    assert.doesNotMatch(markdown, /verified|matches the repository\./);
    assert.match(
      markdown,
      new RegExp(
        /> - blocked, so not done \(1 change\):\n/.source +
          />   - it: create the iphone-6\.9 set: it does not exist in App Store Connect: add metadata\/it\.yml \(screenshots\/it\/iphone-6\.9\)\n/.source,
      ),
    );
    assert.match(markdown, /> A blocked change is not done: make the change its line asks for \(a run again cannot unblock it\)\.\n/);
  });

  test("a skipped plan says why: forks get no secrets, or the repository has not passed them", () => {
    const fork = validationMarkdown({
      heading: "asc-gitops plan · skipped",
      diagnostics: [],
      skipped: { missing: ["issuer-id", "key-id", "private-key"], fromFork: true },
      footer,
      target: "comment",
    });
    assert.match(fork, /\*\*Plan skipped\*\*/);
    assert.match(fork, /pull requests from forks get no secrets/);
    assert.match(fork, /Validation passed/);
    const ours = validationMarkdown({
      heading: "asc-gitops plan · skipped",
      diagnostics: [],
      skipped: { missing: ["private-key"], fromFork: false },
      footer,
      target: "comment",
    });
    assert.match(ours, /<code>private-key<\/code>; the input is empty: pass it from the repository's secrets/);
  });

  test("validation errors are listed (HTML-safe), warnings folded, and long lists cut in the comment", () => {
    const diagnostics = [...Array.from({ length: 60 }, (_, index) => diagnostic("error", `error <${index}> | pipe`)), diagnostic("warning", "a warning")];
    const comment = validationMarkdown({ heading: "asc-gitops plan", diagnostics, footer, target: "comment" });
    assert.match(comment, /\*\*Validation failed\*\*: 60 errors, 1 warning/);
    assert.match(comment, /- <code>metadata\/ja\.yml:4:11<\/code> error &lt;0&gt; &#124; pipe/);
    assert.match(comment, /- … 10 more in the job summary and the log/);
    assert.match(comment, /<details><summary>1 warning<\/summary>/);
    assert.match(comment, /commit <code>0123456<\/code> · \[workflow run\]\(http:\/\/127\.0\.0\.1\/acme\/fitness\/actions\/runs\/1\)/);
    const summary = validationMarkdown({ heading: "asc-gitops plan", diagnostics, footer, target: "summary" });
    assert.ok(!summary.includes("more in"), "the summary lists them all");
  });

  test("a scheduled run with only a blocked change does not say No drift: it lists the change, and the drift issue stays open for it", () => {
    const desired = desiredState({ "en-US": { appInfo: { name: "Acme" } } }, [{ locale: "it", displayType: "APP_IPHONE_67", shots: [shot("1.png")] }]);
    const live = liveFromDesired(desiredState({ "en-US": { appInfo: { name: "Acme" } } }), "2026-11-24");
    const found = classifyDrift(diff(desired, live, { today: "2026-11-24" }), desired);
    assert.deepEqual([found.drift.length, found.rotations.length, found.blocked.length], [0, 0, 1]);
    assert.equal(driftFound(found), true);
    const summary = driftMarkdown({ found, remaining: [], report: report({ steps: [], requests: [] }), onDrift: "report", footer });
    assert.doesNotMatch(summary, /No drift/);
    assert.match(summary, /\*\*no drift · 1 change blocked\*\*/);
    assert.match(
      summary,
      new RegExp(
        /> App Store Connect differs from the repository in 1 change that apply cannot make now:\n/.source +
          /> - it: create the iphone-6\.9 set: it does not exist in App Store Connect/.source,
      ),
    );
    const issue = driftIssueBody(found, [], footer);
    assert.match(issue, /A \*\*blocked\*\* change cannot be made by any run/);
    assert.match(issue, /it: create the iphone-6\.9 set: it does not exist in App Store Connect/);
  });
});
