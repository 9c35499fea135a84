/**
 * Content rights (apps.contentRightsDeclaration), compared as written. The
 * copyright is read here for pull, but planned and sent by appVersion, in the
 * version's one PATCH with its other settings.
 */
import type { SharedLive } from "../../contracts/live-state.js";
import { APP_GROUP, type BlockedChange } from "../../contracts/plan.js";
import type { DiffResult } from "../../contracts/resource.js";
import { versionStateAllows } from "../../model/version-states.js";
import { sourceOf } from "../localization-diff.js";
import type { AppDetailChange, AppDetailField } from "./changes.js";
import type { ContentRightsDeclaration, DesiredAppDetails } from "./desired.js";

/** The app details resource's slice of the LiveState. */
export interface LiveAppDetails {
  /** Absent: not read (a live state made by hand). */
  appDetails?: { copyright: string | null; contentRights: ContentRightsDeclaration | null };
}

/** The group app-level changes stand in, where localization changes stand under their locale (one rule: contracts/plan.ts). */
export { APP_GROUP };

// The copyright is the version's: appVersion sends it in the version's one PATCH; this resource still reads it for pull.
export const APP_DETAIL_FIELDS: readonly AppDetailField[] = ["contentRights"];

function copyrightBlockedReason(live: SharedLive): string | undefined {
  if (!live.version) return "the app has no version to set the copyright on: create one in App Store Connect or set version: in app.yml";
  if (versionStateAllows(live.version.state).versionText) return undefined;
  return `version ${live.version.versionString} is ${live.version.state}; the copyright changes with a new version: create one in App Store Connect`;
}

export function diffAppDetails(desired: DesiredAppDetails["appDetails"], live: SharedLive & LiveAppDetails): DiffResult<AppDetailChange> {
  const changes: AppDetailChange[] = [];
  const blocked: BlockedChange[] = [];
  if (!desired) return { changes, blocked };
  for (const field of APP_DETAIL_FIELDS) {
    const after = desired[field];
    if (after === undefined) continue;
    const before = live.appDetails?.[field] ?? null;
    if (before === after) continue;
    const source = sourceOf(desired.sources, field);
    const base = { kind: "app-detail-update", resource: "appDetails", locale: APP_GROUP, field, source } as const;
    if (field === "copyright") {
      const reason = copyrightBlockedReason(live);
      if (reason) {
        blocked.push({ ...base, reason });
        continue;
      }
      changes.push({ ...base, on: "version", targetId: live.version!.id, before, after });
    } else changes.push({ ...base, on: "app", targetId: live.app.id, before, after });
  }
  return { changes, blocked };
}
