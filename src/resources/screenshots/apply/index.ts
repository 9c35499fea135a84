/**
 * Applying screenshot changes, set by set, so that no set is ever emptier
 * than it must be and nothing is uploaded twice:
 *   phase 1 (per set): create the set (looking before repeating), remove
 *     reservations left AWAITING_UPLOAD and FAILED assets (not content), then
 *     upload (upload.ts). A full set (10) makes room as room.ts allows.
 *   phase 2 (per set): wait until the uploads, and the screenshots an earlier
 *     run left processing, are processed. One still UPLOAD_COMPLETE when the
 *     wait ends is stuck (as a few of Apple's are for good, fastlane issue
 *     20619): its file is uploaded again, once per run, and it goes once the
 *     new one is committed. Then the set is ordered (the PATCH names every
 *     screenshot in it), and only then is deleted what is to go; an old
 *     screenshot whose replacement failed is kept.
 */
import { SCREENSHOTS_PER_SET } from "../../../model/fields.js";
import { mapWithConcurrency } from "../../../util/concurrency.js";
import type { ScreenshotChange, ScreenshotDelete, ScreenshotSetDelete } from "../changes.js";
import { RoomGate } from "../room.js";
import { setKey, type ScreenshotRun } from "../run.js";
import { finish } from "./finish.js";
import { alias, addPendingScreenshots, groupBySet, type SetWork } from "./set-work.js";
import { deleteScreenshot } from "./steps.js";
import { prepareAndUpload } from "./upload-phase.js";
/**
 * Every screenshot change of the plan. With `settlePending` (a whole plan,
 * not a scoped one), sets whose only news is a screenshot an earlier run left
 * processing are waited for too, so a stuck one is uploaded again.
 */
export async function applyScreenshotChanges(
  run: ScreenshotRun,
  changes: readonly ScreenshotChange[],
  options: { settlePending?: boolean } = {},
): Promise<void> {
  const sets = groupBySet(changes);
  if (options.settlePending) addPendingScreenshots(run, sets);
  const folders = new Map(run.desired.screenshotSets.map((set) => [setKey(set.locale, set.displayType), set]));
  const work = [...sets.entries()].map(([key, set]) => Object.assign(set, { desired: folders.get(key) }));
  // Sets that can only make room by deleting a replaced screenshot go last: by then other uploads have proven the way.
  const liveCount = (set: SetWork) =>
    run.live.screenshotSets.find((item) => item.locale === set.locale && item.displayType === set.displayType)?.screenshots.length ?? 0;
  const needsReplacedRoom = (set: SetWork) =>
    liveCount(set) - set.cleanup.length - set.deletes.filter((change) => change.reason !== "replaced").length + set.uploads.length > SCREENSHOTS_PER_SET.max;
  work.sort((a, b) => Number(needsReplacedRoom(a)) - Number(needsReplacedRoom(b)));
  const room = new RoomGate();
  await mapWithConcurrency(work, run.options.concurrency, (set) => prepareAndUpload(run, set, room));
  // Waiting for processing is mostly idle time: wait for many sets at once (the client still bounds requests in flight).
  await mapWithConcurrency(work, Math.max(run.options.concurrency, 32), (set) => finish(run, set, room));
}

/** Second copies of one file found when verifying (another apply uploaded it too): deleted before verifying again. */
export async function deleteDuplicateScreenshots(run: ScreenshotRun, changes: readonly ScreenshotDelete[]): Promise<void> {
  await mapWithConcurrency(changes, run.options.concurrency, (change) => deleteScreenshot(run, change, "a second copy of the same file"));
}

export async function applyScreenshotSetDeletes(run: ScreenshotRun, changes: readonly ScreenshotSetDelete[]): Promise<void> {
  await mapWithConcurrency(changes, run.options.concurrency, async (change) => {
    try {
      await run.client.delete(`/v1/appScreenshotSets/${encodeURIComponent(change.setId)}`);
    } catch (error) {
      return run.fail(change, error, "deleting the screenshot set");
    }
    run.record(change, "done");
    run.progress(`${change.locale} ${alias(change.displayType)}: deleted the set (prune)`);
  });
}
