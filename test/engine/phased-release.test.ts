/** release.phased in app.yml: what the plan makes of it against each live state, and what Apple would refuse, as blocked changes that say why. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { SharedLive } from "../../src/contracts/live-state.js";
import type { DesiredPhasedRelease } from "../../src/resources/phased-release/desired.js";
import { diffPhasedRelease, type LivePhasedRelease } from "../../src/resources/phased-release/diff.js";

const source = { file: "metadata/app.yml", line: 14, column: 3 };
const want = (state: "ACTIVE" | "PAUSED" | null): DesiredPhasedRelease["phasedRelease"] => ({ state, source });
function live(state: string, phased: { state: string; startDate?: string } | null, isFirstVersion = false) {
  return {
    app: { id: "1", bundleId: "com.acme.fitness", platform: "IOS" },
    version: { id: "v2", versionString: "2.4.0", state, editable: state === "PREPARE_FOR_SUBMISSION" },
    isFirstVersion,
    phasedRelease: phased ? { id: "p1", state: phased.state, startDate: phased.startDate ?? null } : null,
  } as SharedLive & LivePhasedRelease;
}

type Row = [string, DesiredPhasedRelease["phasedRelease"], SharedLive & LivePhasedRelease, string[], RegExp[]];
const PREPARED = "PREPARE_FOR_SUBMISSION";
const ON_SALE = "READY_FOR_DISTRIBUTION";

describe("phased release diff", () => {
  const rows: Row[] = [
    ["true and none: set up, ACTIVE", want("ACTIVE"), live(PREPARED, null), ["phased-release-create null→ACTIVE"], []],
    ["true and one: no change", want("ACTIVE"), live(PREPARED, { state: "ACTIVE" }), [], []],
    [
      "true and an INACTIVE one (fastlane's): made ACTIVE",
      want("ACTIVE"),
      live(PREPARED, { state: "INACTIVE" }),
      ["phased-release-update INACTIVE→ACTIVE"],
      [],
    ],
    ["false and one not started: cancelled", want(null), live(PREPARED, { state: "ACTIVE" }), ["phased-release-delete ACTIVE→null"], []],
    ["false and none: no change", want(null), live(PREPARED, null), [], []],
    [
      "false once the rollout started: blocked",
      want(null),
      live(ON_SALE, { state: "ACTIVE", startDate: "2026-11-30T00:00:00Z" }),
      [],
      [/has started \(ACTIVE\)/],
    ],
    [
      "paused on a released rollout: paused",
      want("PAUSED"),
      live(ON_SALE, { state: "ACTIVE", startDate: "2026-11-30T00:00:00Z" }),
      ["phased-release-update ACTIVE→PAUSED"],
      [],
    ],
    [
      "active on a paused rollout: resumed",
      want("ACTIVE"),
      live(ON_SALE, { state: "PAUSED", startDate: "2026-11-30T00:00:00Z" }),
      ["phased-release-update PAUSED→ACTIVE"],
      [],
    ],
    ["paused before release: blocked", want("PAUSED"), live(PREPARED, { state: "ACTIVE" }), [], [/paused only once 2\.4\.0 is released/]],
    ["paused on a COMPLETE rollout: blocked, it is final", want("PAUSED"), live(ON_SALE, { state: "COMPLETE" }), [], [/COMPLETE .*final/]],
    ["active on a COMPLETE rollout: nothing left to do", want("ACTIVE"), live(ON_SALE, { state: "COMPLETE" }), [], []],
    ["on a first version: blocked, saying why", want("ACTIVE"), live(PREPARED, null, true), [], [/not available for an app's first version/]],
    ["unmanaged: nothing", undefined, live(PREPARED, { state: "ACTIVE" }), [], []],
  ];
  for (const [name, desired, state, changes, reasons] of rows)
    test(name, () => {
      const result = diffPhasedRelease(desired, state);
      assert.deepEqual(
        result.changes.map((change) => `${change.kind} ${change.before}→${change.after}`),
        changes,
      );
      assert.equal(result.blocked.length, reasons.length);
      reasons.forEach((reason, index) => assert.match(result.blocked[index]!.reason, reason));
      for (const change of [...result.changes, ...result.blocked]) assert.deepEqual(change.source, source);
    });
});
