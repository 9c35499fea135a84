/**
 * Copyright, release type, scheduled date and build of the managed version: one change
 * per setting that differs (apply sends them in one PATCH). Blocked, with why:
 * no version or one past editing; a date no longer ahead of the plan's clock;
 * a build that is not there, still PROCESSING, FAILED or INVALID, or expired
 * (only a VALID, unexpired build of this app, platform and version may be attached).
 */
import type { SharedLive } from "../../contracts/live-state.js";
import type { BlockedChange } from "../../contracts/plan.js";
import type { DiffResult } from "../../contracts/resource.js";
import { versionStateAllows } from "../../model/version-states.js";
import type { AppVersionChange, AppVersionField } from "./changes.js";
import type { DesiredAppVersion } from "./desired.js";
import type { LiveAppVersion, LiveBuild } from "./live.js";

/** The group app-level changes stand in. */
export const APP_GROUP = "app";

type Desired = NonNullable<DesiredAppVersion["appVersion"]>;

const usable = (build: LiveBuild) => build.processingState === "VALID" && !build.expired;

/** The build `wanted` names, or why none can be attached. */
export function chooseBuild(wanted: string, builds: readonly LiveBuild[], versionString: string): { build: LiveBuild } | { reason: string } {
  if (wanted === "latest") {
    const newest = builds.filter(usable).sort((a, b) => (b.uploadedDate ?? "").localeCompare(a.uploadedDate ?? ""))[0];
    if (newest) return { build: newest };
    const others = builds.map((build) => `${build.number ?? build.id} ${build.expired ? "expired" : build.processingState}`).join(", ");
    return {
      reason:
        `no VALID, unexpired build of version ${versionString} (${others || "none uploaded"}); ` +
        "upload one, or wait until App Store Connect has processed it",
    };
  }
  const build = builds.find((item) => item.number === wanted);
  if (!build) return { reason: `build ${wanted} not found among the builds of version ${versionString}; check build: in app.yml, or upload it` };
  if (build.expired) return { reason: `build ${wanted} has expired; upload a new build and name it in app.yml (or build: latest)` };
  if (build.processingState === "PROCESSING") return { reason: `build ${wanted} is PROCESSING; apply again once App Store Connect has processed it` };
  if (build.processingState !== "VALID")
    return { reason: `build ${wanted} is ${build.processingState ?? "in an unknown state"}; it cannot be attached: upload a new build` };
  return { build };
}

function versionBlockedReason(live: SharedLive): string | undefined {
  if (!live.version) return "the app has no version to set this on: create one in App Store Connect or set version: in app.yml";
  if (versionStateAllows(live.version.state).versionText) return undefined;
  return `version ${live.version.versionString} is ${live.version.state}; this changes with a new version: create one in App Store Connect`;
}

/** `now`: the plan's clock (an ISO instant), which a scheduled date must be ahead of. */
export function diffAppVersion(desired: Desired | undefined, live: SharedLive & LiveAppVersion, now: string): DiffResult<AppVersionChange> {
  const changes: AppVersionChange[] = [];
  const blocked: BlockedChange[] = [];
  if (!desired) return { changes, blocked };
  const current = live.appVersion;
  const source = (field: AppVersionField) => {
    const position = desired.sources.positions[field];
    return { file: desired.sources.file, ...(position ? { line: position.line, column: position.column } : {}) };
  };
  const making = live.versionToMake;
  // A version to create comes first, alone: apply makes it, then plans the rest again against it.
  if (making?.action === "create")
    changes.push({
      kind: "version-create",
      resource: "appVersion",
      locale: APP_GROUP,
      field: "versionString",
      versionId: "",
      before: null,
      after: making.versionString,
      ...(making.basis ? { basis: making.basis } : {}),
      source: source("versionString"),
    });
  const base = (field: AppVersionField) => ({ kind: "app-version-update", resource: "appVersion", locale: APP_GROUP, field, source: source(field) }) as const;
  const wanted: Array<{ field: AppVersionField; before: string | null; after: string; buildId?: string }> = [];
  if (making?.action === "rename") wanted.push({ field: "versionString", before: making.from, after: making.to });
  if (desired.copyright !== undefined && desired.copyright !== (current?.copyright ?? null))
    wanted.push({ field: "copyright", before: current?.copyright ?? null, after: desired.copyright });
  if (desired.releaseType && desired.releaseType !== current?.releaseType)
    wanted.push({ field: "releaseType", before: current?.releaseType ?? null, after: desired.releaseType });
  const date = desired.earliestReleaseDate;
  if (date && date !== current?.earliestReleaseDate) {
    if (Date.parse(date) <= Date.parse(now)) {
      const reason = `release.date ${date} is not in the future (now ${now}); set a later whole hour in app.yml`;
      blocked.push({ ...base("earliestReleaseDate"), reason });
      // A scheduled release needs its date: the type waits with it.
      const type = wanted.findIndex((item) => item.field === "releaseType");
      if (type >= 0) blocked.push({ ...base("releaseType"), reason: `${reason} (a scheduled release needs its date)` }), wanted.splice(type, 1);
    } else wanted.push({ field: "earliestReleaseDate", before: current?.earliestReleaseDate ?? null, after: date });
  }
  if (desired.build !== undefined && live.version) {
    const chosen = chooseBuild(desired.build, current?.builds ?? [], making?.action === "rename" ? making.to : live.version.versionString);
    if ("reason" in chosen) {
      // The build attached is the one named: nothing to change, whatever became of it.
      if (desired.build === "latest" || current?.build?.number !== desired.build) blocked.push({ ...base("build"), reason: chosen.reason });
    } else if (chosen.build.id !== current?.build?.id)
      wanted.push({ field: "build", before: current?.build?.number ?? null, after: chosen.build.number ?? chosen.build.id, buildId: chosen.build.id });
  } else if (desired.build !== undefined) blocked.push({ ...base("build"), reason: versionBlockedReason(live)! });
  if (wanted.length === 0) return { changes, blocked };
  const reason = versionBlockedReason(live);
  for (const item of wanted) {
    if (reason) blocked.push({ ...base(item.field), reason });
    else changes.push({ ...base(item.field), versionId: live.version!.id, ...item });
  }
  return { changes, blocked };
}
