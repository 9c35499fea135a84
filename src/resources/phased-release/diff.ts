/**
 * The phased release against the managed version's (read through the versions
 * read's appStoreVersionPhasedRelease include). Apple's rules (capabilities.md
 * §2b): not on an app's first version; cancelled (DELETE) only before it has
 * started; paused and resumed once the version is released; COMPLETE is final.
 * Whatever Apple would refuse is a blocked change that says why.
 */
import type { SharedLive } from "../../contracts/live-state.js";
import type { BlockedChange } from "../../contracts/plan.js";
import type { DiffResult } from "../../contracts/resource.js";
import { isOnSaleState, versionStateAllows } from "../../model/version-states.js";
import type { PhasedReleaseChange } from "./changes.js";
import type { DesiredPhasedRelease } from "./desired.js";

export const RESOURCE = "appStoreVersionPhasedReleases";
const APP_GROUP = "app";

export interface LivePhasedRelease {
  /** Absent: not read. null: the version has none. */
  phasedRelease?: { id: string; state: string; startDate: string | null } | null;
}

export function diffPhasedRelease(desired: DesiredPhasedRelease["phasedRelease"], live: SharedLive & LivePhasedRelease): DiffResult<PhasedReleaseChange> {
  const changes: PhasedReleaseChange[] = [];
  const blocked: BlockedChange[] = [];
  if (!desired) return { changes, blocked };
  const current = live.phasedRelease ?? null;
  const wanted = desired.state;
  const base = { resource: RESOURCE, locale: APP_GROUP, field: "phased", source: desired.source } as const;
  const block = (kind: PhasedReleaseChange["kind"], reason: string) => blocked.push({ kind, ...base, reason });
  const version = live.version;
  if (!version) {
    if (wanted !== null) block("phased-release-create", "the app has no version to release in phases: create one, or set version: in app.yml");
    return { changes, blocked };
  }
  const released = isOnSaleState(version.state);
  const editable = versionStateAllows(version.state).versionText;
  const common = { ...base, versionId: version.id };
  if (wanted === null) {
    if (!current) return { changes, blocked };
    if (current.startDate || released || (current.state !== "INACTIVE" && current.state !== "ACTIVE"))
      block(
        "phased-release-delete",
        `the phased release of ${version.versionString} has started (${current.state}); App Store Connect cancels only one that has not`,
      );
    else changes.push({ kind: "phased-release-delete", ...common, id: current.id, before: current.state, after: null });
    return { changes, blocked };
  }
  if (!current) {
    if (live.isFirstVersion)
      block("phased-release-create", "a phased release is not available for an app's first version, only for later ones: remove release.phased");
    else if (wanted === "PAUSED") block("phased-release-create", `a phased release can be paused only once ${version.versionString} is released`);
    else if (!editable)
      block("phased-release-create", `version ${version.versionString} is ${version.state}; a phased release is set up before the version is released`);
    else changes.push({ kind: "phased-release-create", ...common, before: null, after: "ACTIVE" });
    return { changes, blocked };
  }
  if (current.state === wanted || (current.state === "COMPLETE" && wanted === "ACTIVE")) return { changes, blocked };
  if (current.state === "COMPLETE") block("phased-release-update", "the phased release is COMPLETE (every user has the version): that is final");
  else if (wanted === "PAUSED" && !released) block("phased-release-update", `a phased release can be paused only once ${version.versionString} is released`);
  else changes.push({ kind: "phased-release-update", ...common, id: current.id, before: current.state, after: wanted });
  return { changes, blocked };
}
