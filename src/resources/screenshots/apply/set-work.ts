/**
 * The work of one screenshot set in an apply: the plan's changes of the set
 * grouped by what happens to them, and what the run learns as it goes.
 */
import type { AppScreenshot } from "../../../asc/types.js";
import { displayName } from "../../../model/display-types.js";
import type { ScreenshotChange, ScreenshotDelete, ScreenshotReorder, ScreenshotSetCreate, ScreenshotUpload } from "../changes.js";
import type { DesiredScreenshot, DesiredScreenshotSet } from "../desired.js";
import { setKey, type ScreenshotRun } from "../run.js";

export interface SetWork {
  locale: string;
  displayType: string;
  create?: ScreenshotSetCreate;
  cleanup: ScreenshotDelete[];
  uploads: ScreenshotUpload[];
  reorder?: ScreenshotReorder;
  deletes: ScreenshotDelete[];
  /** The repository's folder for this set (absent for a set being pruned). */
  desired?: DesiredScreenshotSet;
  /** Live screenshots an earlier run left processing (no checksum yet), with the file each stands for. */
  pending: Array<{ id: string; file: DesiredScreenshot }>;
  /** Filled in phase 1. */
  setId?: string;
  /** Uploads committed by this run -> the screenshot's id (the latest, for one uploaded again). */
  uploaded: Map<ScreenshotUpload, string>;
  failedUploads: Set<ScreenshotUpload>;
  /** Deleted in phase 1 to make room. */
  deletedEarly: Set<ScreenshotDelete>;
  /** Stuck screenshots whose new upload was committed: deleted with the rest. */
  stuck: ScreenshotDelete[];
  /** A stuck screenshot was uploaded again: its new one lands last, so the set needs ordering. */
  reuploaded: boolean;
}

export type Watched = "own" | "earlier";

export const alias = displayName;
export const stateOf = (shot: AppScreenshot): string => shot.attributes?.assetDeliveryState?.state ?? "AWAITING_UPLOAD";
export const isContent = (shot: AppScreenshot) => stateOf(shot) === "COMPLETE" || stateOf(shot) === "UPLOAD_COMPLETE";

export function groupBySet(changes: readonly ScreenshotChange[]): Map<string, SetWork> {
  const sets = new Map<string, SetWork>();
  for (const change of changes) {
    if (change.kind === "screenshot-set-delete") continue;
    const work = workFor(sets, change.locale, change.displayType);
    if (change.kind === "screenshot-set-create") work.create = change;
    else if (change.kind === "screenshot-upload") work.uploads.push(change);
    else if (change.kind === "screenshot-reorder") work.reorder = change;
    else if (change.kind === "screenshot-delete")
      (change.reason === "stale-reservation" || change.reason === "failed-processing" ? work.cleanup : work.deletes).push(change);
  }
  return sets;
}

function workFor(sets: Map<string, SetWork>, locale: string, displayType: string): SetWork {
  const key = setKey(locale, displayType);
  let work = sets.get(key);
  if (!work) {
    work = {
      locale,
      displayType,
      cleanup: [],
      uploads: [],
      deletes: [],
      pending: [],
      uploaded: new Map(),
      failedUploads: new Set(),
      deletedEarly: new Set(),
      stuck: [],
      reuploaded: false,
    };
    sets.set(key, work);
  }
  return work;
}

/** Screenshots of an earlier run still processing in the repository's sets: each stands for the file of its name and size (as diff matched it). */
export function addPendingScreenshots(run: ScreenshotRun, sets: Map<string, SetWork>): void {
  for (const desired of run.desired.screenshotSets) {
    const live = run.live.screenshotSets.find((set) => set.locale === desired.locale && set.displayType === desired.displayType);
    if (!live) continue;
    const going = new Set(sets.get(setKey(desired.locale, desired.displayType))?.deletes.map((change) => change.screenshotId) ?? []);
    const pending = live.screenshots.flatMap((shot) => {
      if (shot.checksum !== null || (shot.state !== "UPLOAD_COMPLETE" && shot.state !== "COMPLETE") || going.has(shot.id)) return [];
      const file = desired.screenshots.find((item) => item.fileName === shot.fileName && item.fileSize === shot.fileSize);
      return file ? [{ id: shot.id, file }] : [];
    });
    if (pending.length) workFor(sets, desired.locale, desired.displayType).pending.push(...pending);
  }
}
