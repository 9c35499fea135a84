/**
 * release (type, date) and build in app.yml: the plan's changes and blocked
 * changes as a table, the errors validation gives at line and column, and the
 * words the plan shows.
 */
import assert from "node:assert/strict";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import type { SharedLive } from "../../src/contracts/live-state.js";
import { validateRepository } from "../../src/engine/validate/index.js";
import { appVersionDescribe } from "../../src/resources/app-version/describe.js";
import type { DesiredAppVersion } from "../../src/resources/app-version/desired.js";
import { diffAppVersion } from "../../src/resources/app-version/diff.js";
import type { LiveAppVersion, LiveBuild } from "../../src/resources/app-version/live.js";
import { planClock } from "../../src/util/utc-dates.js";
import { ROOT } from "../helpers/apply-harness.js";

type Desired = NonNullable<DesiredAppVersion["appVersion"]>;
const NOW = "2026-12-01T10:30:00.000Z";
const positions = {
  copyright: { line: 7, column: 12 },
  releaseType: { line: 12, column: 9 },
  earliestReleaseDate: { line: 13, column: 9 },
  build: { line: 10, column: 8 },
};
const desired = (values: Omit<Desired, "sources">): Desired => ({ ...values, sources: { file: "metadata/app.yml", positions } });

const build = (number: string, uploaded: number, processingState = "VALID", expired = false): LiveBuild => ({
  id: `b${number}`,
  number,
  processingState,
  expired,
  uploadedDate: `2026-11-${String(uploaded).padStart(2, "0")}T00:00:00.000Z`,
});
const BUILDS = [build("242", 30, "PROCESSING"), build("241", 29), build("240", 27), build("238", 1, "VALID", true), build("239", 2, "INVALID")];

function live(
  overrides: {
    state?: string;
    releaseType?: string;
    date?: string | null;
    attached?: string | null;
    builds?: LiveBuild[];
    noVersion?: boolean;
    copyright?: string | null;
  } = {},
) {
  const state = overrides.state ?? "PREPARE_FOR_SUBMISSION";
  const attached = overrides.attached === undefined ? "240" : overrides.attached;
  return {
    app: { id: "1", bundleId: "com.acme.fitness", platform: "IOS" },
    ...(overrides.noVersion ? {} : { version: { id: "v2", versionString: "2.4.0", state, editable: state === "PREPARE_FOR_SUBMISSION" } }),
    isFirstVersion: false,
    appVersion: {
      releaseType: overrides.releaseType ?? "MANUAL",
      copyright: overrides.copyright ?? "2025 Acme",
      earliestReleaseDate: overrides.date ?? null,
      build: attached === null ? null : (BUILDS.find((item) => item.number === attached) ?? null),
      builds: overrides.builds ?? BUILDS,
    },
  } as SharedLive & LiveAppVersion;
}

type Row = [string, Desired, SharedLive & LiveAppVersion, string[], string[]];

describe("version settings diff: release type, scheduled date, build", () => {
  const rows: Row[] = [
    ["same type: no change", desired({ releaseType: "MANUAL" }), live(), [], []],
    ["the copyright differs: one change, sent in the version's one PATCH", desired({ copyright: "2026 Acme" }), live(), ["copyright 2025 Acme→2026 Acme"], []],
    ["the same copyright: no change", desired({ copyright: "2025 Acme" }), live(), [], []],
    [
      "copyright and release type together: two changes of one version",
      desired({ copyright: "2026 Acme", releaseType: "AFTER_APPROVAL" }),
      live(),
      ["copyright 2025 Acme→2026 Acme", "releaseType MANUAL→AFTER_APPROVAL"],
      [],
    ],
    ["the copyright of a version in review is blocked", desired({ copyright: "2026 Acme" }), live({ state: "WAITING_FOR_REVIEW" }), [], ["copyright"]],
    ["another type", desired({ releaseType: "AFTER_APPROVAL" }), live(), ["releaseType MANUAL→AFTER_APPROVAL"], []],
    [
      "scheduled with a future date: the type and the date",
      desired({ releaseType: "SCHEDULED", earliestReleaseDate: "2027-01-15T17:00:00.000Z" }),
      live(),
      ["releaseType MANUAL→SCHEDULED", "earliestReleaseDate null→2027-01-15T17:00:00.000Z"],
      [],
    ],
    [
      "scheduled, same date live: no change",
      desired({ releaseType: "SCHEDULED", earliestReleaseDate: "2027-01-15T17:00:00.000Z" }),
      live({ releaseType: "SCHEDULED", date: "2027-01-15T17:00:00.000Z" }),
      [],
      [],
    ],
    [
      "a date that has passed blocks the date and the type that needs it",
      desired({ releaseType: "SCHEDULED", earliestReleaseDate: "2026-12-01T10:00:00.000Z" }),
      live(),
      [],
      ["earliestReleaseDate", "releaseType"],
    ],
    ["latest: the newest VALID unexpired build", desired({ build: "latest" }), live(), ["build 240→241 (b241)"], []],
    ["latest already attached: no change", desired({ build: "latest" }), live({ attached: "241" }), [], []],
    ["a build number", desired({ build: "240" }), live({ attached: null }), ["build null→240 (b240)"], []],
    ["a PROCESSING build is blocked", desired({ build: "242" }), live(), [], ["build"]],
    ["an expired build is blocked", desired({ build: "238" }), live(), [], ["build"]],
    ["an INVALID build is blocked", desired({ build: "239" }), live(), [], ["build"]],
    ["a build not uploaded is blocked", desired({ build: "999" }), live(), [], ["build"]],
    ["latest with no usable build is blocked", desired({ build: "latest" }), live({ builds: [build("242", 30, "PROCESSING")] }), [], ["build"]],
    ["the build named is attached, whatever became of it: no change", desired({ build: "238" }), live({ attached: "238" }), [], []],
    [
      "a version in review: every difference blocked",
      desired({ releaseType: "AFTER_APPROVAL", build: "latest" }),
      live({ state: "WAITING_FOR_REVIEW" }),
      [],
      ["releaseType", "build"],
    ],
    ["no version at all: blocked", desired({ releaseType: "AFTER_APPROVAL", build: "latest" }), live({ noVersion: true }), [], ["build", "releaseType"]],
  ];
  for (const [name, wanted, state, changes, blocked] of rows)
    test(name, () => {
      const result = diffAppVersion(wanted, state, NOW);
      assert.deepEqual(
        result.changes.map((change) => `${change.field} ${change.before}→${change.after}${change.buildId ? ` (${change.buildId})` : ""}`),
        changes,
      );
      assert.deepEqual(
        result.blocked.map((change) => change.field),
        blocked,
      );
      for (const change of [...result.changes, ...result.blocked]) assert.equal(change.source?.line, positions[change.field as keyof typeof positions].line);
    });

  test("a blocked build says which build and why", () => {
    const reasons = ["242", "238", "239", "999"].map((number) => diffAppVersion(desired({ build: number }), live(), NOW).blocked[0]!.reason);
    assert.match(reasons[0]!, /^build 242 is PROCESSING; apply again once App Store Connect has processed it/);
    assert.match(reasons[1]!, /^build 238 has expired/);
    assert.match(reasons[2]!, /^build 239 is INVALID/);
    assert.match(reasons[3]!, /^build 999 not found among the builds of version 2\.4\.0/);
    const none = diffAppVersion(desired({ build: "latest" }), live({ builds: [build("242", 30, "PROCESSING")] }), NOW).blocked[0]!.reason;
    assert.match(none, /no VALID, unexpired build of version 2\.4\.0 \(242 PROCESSING\)/);
  });

  test("a date that has passed names it and the clock", () => {
    const [blocked] = diffAppVersion(desired({ releaseType: "SCHEDULED", earliestReleaseDate: "2026-12-01T10:00:00.000Z" }), live(), NOW).blocked;
    assert.equal(blocked!.reason, `release.date 2026-12-01T10:00:00.000Z is not in the future (now ${NOW}); set a later whole hour in app.yml`);
  });

  test("the plan's clock is now, or the start of the day --today names", () => {
    const now = new Date(NOW);
    assert.equal(planClock("2026-12-01", now), NOW);
    assert.equal(planClock("2027-01-15", now), "2027-01-15T00:00:00.000Z");
  });

  test("the plan shows release types as app.yml writes them", () => {
    const [type, attach] = diffAppVersion(desired({ releaseType: "AFTER_APPROVAL", build: "latest" }), live(), NOW).changes;
    const pen = { app: {} as never, style: (_: string, text: string) => text, at: () => "  metadata/app.yml:12", maxDiffLines: 5 };
    assert.deepEqual(appVersionDescribe.text(type!, pen), ["  ~ release type: manual → after-approval  metadata/app.yml:12"]);
    assert.deepEqual(appVersionDescribe.text(attach!, pen), ["  ~ build: 240 → 241  metadata/app.yml:12"]);
  });
});

async function validateApp(lines: string[]) {
  const folder = await mkdtemp(path.join(tmpdir(), "asc-gitops-release-"));
  try {
    await cp(path.join(ROOT, "metadata"), path.join(folder, "metadata"), { recursive: true });
    await writeFile(path.join(folder, "metadata", "app.yml"), ["app:", "  bundleId: com.acme.fitness", 'version: "2.4.0"', ...lines, ""].join("\n"));
    const result = await validateRepository({ metadataDir: path.join(folder, "metadata"), screenshotsDir: path.join(folder, "screenshots") });
    return result.diagnostics.filter((item) => item.file.endsWith("app.yml")).map((item) => `${item.line}:${item.column} ${item.message}`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe("validating release and build in app.yml", () => {
  test("a scheduled release without a date, at the type", async () => {
    assert.deepEqual(await validateApp(["release:", "  type: scheduled"]), [
      "5:9 release.type is scheduled but release.date is missing; add date: 2027-01-15T17:00:00Z (a whole hour, UTC)",
    ]);
  });

  test("a date off the hour, a date without Z, a date without a scheduled release: each at the date", async () => {
    assert.deepEqual(await validateApp(["release:", "  type: scheduled", "  date: 2027-01-15T17:30:00Z"]), [
      '6:9 release.date "2027-01-15T17:30:00Z" is not on the whole hour; App Store Connect schedules releases by the hour: use 2027-01-15T17:00:00Z',
    ]);
    assert.deepEqual(await validateApp(["release:", "  type: scheduled", "  date: 2027-01-15 17:00"]), [
      '6:9 release.date "2027-01-15 17:00" is not a UTC date and time; write it as 2027-01-15T17:00:00Z (ISO 8601, ending in Z)',
    ]);
    assert.deepEqual(await validateApp(["release:", "  type: manual", "  date: 2027-01-15T17:00:00Z"]), [
      "6:9 release.date is set but release.type is manual; a date applies only to type: scheduled (set it, or remove the date)",
    ]);
  });

  test("an unknown release type and a build that is neither latest nor a number are schema errors at their value", async () => {
    const found = await validateApp(["build: newest", "release:", "  type: automatic"]);
    assert.equal(found.length, 2, found.join("\n"));
    assert.match(found[0]!, /^4:8 /);
    assert.match(found[1]!, /^6:9 .*manual, after-approval, scheduled/);
  });

  test("a good release and build pass", async () => {
    assert.deepEqual(await validateApp(["build: 123", "release:", "  type: scheduled", "  date: 2027-01-15T17:00:00Z"]), []);
    assert.deepEqual(await validateApp(["build: latest", "release:", "  type: after-approval"]), []);
  });
});
