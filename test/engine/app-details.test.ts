import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { SharedLive } from "../../src/contracts/live-state.js";
import { diffAppDetails, type LiveAppDetails } from "../../src/resources/app-details/diff.js";
import type { DesiredAppDetails } from "../../src/resources/app-details/desired.js";
import { appDetailsDescribe } from "../../src/resources/app-details/describe.js";

const sources = { file: "metadata/app.yml", positions: { copyright: { line: 6, column: 12 }, contentRights: { line: 8, column: 26 } } };
const shared = (state: string): SharedLive => ({
  app: { id: "1", bundleId: "com.acme.fitness", platform: "IOS" },
  version: { id: "v2", versionString: "2.4.0", state, editable: state === "PREPARE_FOR_SUBMISSION" },
  isFirstVersion: false,
});
const live = (state: string, copyright: string | null, contentRights: LiveAppDetails["appDetails"] extends infer T ? T : never) =>
  ({ ...shared(state), appDetails: { copyright, ...(contentRights as object) } }) as SharedLive & LiveAppDetails;

type Row = [string, NonNullable<DesiredAppDetails["appDetails"]>, SharedLive & LiveAppDetails, string[], string[]];

describe("app details diff: content rights on the app (the copyright is appVersion's); absent keys unmanaged", () => {
  const rights = (value: string | null) => ({ contentRights: value }) as never;
  const rows: Row[] = [
    ["both absent: unmanaged", { sources }, live("PREPARE_FOR_SUBMISSION", "2025 Acme", rights(null)), [], []],
    [
      "same values: no change",
      { copyright: "2026 Acme", contentRights: "DOES_NOT_USE_THIRD_PARTY_CONTENT", sources },
      live("PREPARE_FOR_SUBMISSION", "2026 Acme", rights("DOES_NOT_USE_THIRD_PARTY_CONTENT")),
      [],
      [],
    ],
    [
      "copyright differs: not this resource's change (appVersion sends it in the version's one PATCH)",
      { copyright: "2026 Acme", sources },
      live("PREPARE_FOR_SUBMISSION", "2025 Acme", rights(null)),
      [],
      [],
    ],
    [
      "content rights never declared",
      { contentRights: "DOES_NOT_USE_THIRD_PARTY_CONTENT", sources },
      live("WAITING_FOR_REVIEW", null, rights(null)),
      ["app contentRights null→DOES_NOT_USE_THIRD_PARTY_CONTENT"],
      [],
    ],
    [
      "content rights change on a version in review too",
      { copyright: "2026 Acme", contentRights: "USES_THIRD_PARTY_CONTENT", sources },
      live("WAITING_FOR_REVIEW", "2025 Acme", rights("DOES_NOT_USE_THIRD_PARTY_CONTENT")),
      ["app contentRights DOES_NOT_USE_THIRD_PARTY_CONTENT→USES_THIRD_PARTY_CONTENT"],
      [],
    ],
  ];
  for (const [name, desired, state, changes, blocked] of rows)
    test(name, () => {
      const result = diffAppDetails(desired, state);
      assert.deepEqual(
        result.changes.map((change) => `${change.on} ${change.field} ${change.before}→${change.after}`),
        changes,
      );
      assert.deepEqual(
        result.blocked.map((change) => change.field),
        blocked,
      );
      for (const change of result.changes) assert.equal(change.source?.line, change.field === "copyright" ? 6 : 8);
    });

  test("content rights are shown as app.yml writes them", () => {
    const [change] = diffAppDetails(
      { contentRights: "DOES_NOT_USE_THIRD_PARTY_CONTENT", sources },
      live("PREPARE_FOR_SUBMISSION", null, rights("USES_THIRD_PARTY_CONTENT")),
    ).changes;
    const pen = { app: {} as never, style: (_: string, text: string) => text, at: () => "  metadata/app.yml:8", maxDiffLines: 5 };
    assert.deepEqual(appDetailsDescribe.text(change!, pen), [
      "  ~ contentRights: usesThirdPartyContent: true → usesThirdPartyContent: false  metadata/app.yml:8",
    ]);
  });
});
