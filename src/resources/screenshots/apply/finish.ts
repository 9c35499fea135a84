/**
 * Phase 2 of a set: processed uploads in place (stuck ones uploaded again),
 * then the set ordered (the PATCH names every screenshot in it), and only then
 * deleted what is to go; an old screenshot whose replacement failed is kept.
 */
import type { AppScreenshot } from "../../../asc/types.js";
import type { ScreenshotReorder } from "../changes.js";
import type { RoomGate } from "../room.js";
import { committedScreenshots, type ScreenshotRun } from "../run.js";
import { listScreenshots } from "../upload.js";
import { recordUploads, reuploadStuck, waitForProcessing } from "./processing.js";
import { alias, isContent, type SetWork, type Watched } from "./set-work.js";
import { deleteScreenshot } from "./steps.js";

/** The set in the repository's order: its files first, then every other screenshot of the set (the PATCH must name them all). */
async function order(run: ScreenshotRun, work: SetWork, shots: AppScreenshot[]): Promise<void> {
  const desired = work.desired;
  if (!desired || !(work.reorder || work.reuploaded)) return;
  const remaining = [...shots];
  const ordered: string[] = [];
  const checksumOf = (shot: AppScreenshot) => shot.attributes?.sourceFileChecksum ?? committedScreenshots(run).get(shot.id);
  // One that is about to go (a second copy, a stuck one) is never the one put in place.
  const going = new Set([...work.deletes, ...work.stuck].map((change) => change.screenshotId));
  const candidate = (shot: AppScreenshot) => isContent(shot) && !going.has(shot.id);
  for (const file of desired.screenshots) {
    const isFile = (checksum: string | undefined) => checksum !== undefined && (checksum === file.checksum || checksum === file.pulledFrom);
    let index = remaining.findIndex((shot) => candidate(shot) && isFile(checksumOf(shot)));
    // A screenshot still processing, whose checksum is not known yet: its name and size.
    const sameFile = (shot: AppScreenshot) => shot.attributes?.fileName === file.fileName && shot.attributes?.fileSize === file.fileSize;
    if (index < 0) index = remaining.findIndex((shot) => candidate(shot) && !checksumOf(shot) && sameFile(shot));
    if (index >= 0) ordered.push(remaining.splice(index, 1)[0]!.id);
  }
  const ids = [...ordered, ...remaining.map((shot) => shot.id)];
  const names = (list: AppScreenshot[]) => list.map((shot) => shot.attributes?.fileName ?? shot.id);
  const change: ScreenshotReorder = work.reorder ?? {
    kind: "screenshot-reorder",
    locale: work.locale,
    displayType: work.displayType,
    before: names(shots),
    after: desired.screenshots.map((file) => file.fileName),
    checksums: desired.screenshots.map((file) => file.checksum),
    source: { file: desired.folder },
  };
  if (!work.reorder && ids.every((id, index) => id === shots[index]?.id)) return;
  try {
    await run.client.patch(`/v1/appScreenshotSets/${encodeURIComponent(work.setId!)}/relationships/appScreenshots`, {
      data: ids.map((id) => ({ type: "appScreenshots", id })),
    });
    run.record(change, "done");
    run.progress(`${work.locale} ${alias(work.displayType)}: ordered ${change.after.join(", ")}`);
  } catch (error) {
    run.fail(change, error, "reordering the set");
  }
}

/** Deletes last: what the repository dropped, replaced screenshots whose replacement made it, stuck ones uploaded again. */
async function deleteLeftovers(run: ScreenshotRun, work: SetWork): Promise<void> {
  const failedReplacements = new Map([...work.failedUploads].filter((change) => change.replaces).map((change) => [change.replaces!, change.fileName]));
  for (const change of work.deletes) {
    if (work.deletedEarly.has(change)) continue;
    const replacement = failedReplacements.get(change.screenshotId);
    if (change.reason === "replaced" && replacement) {
      run.skip(change, `kept: its replacement ${replacement} did not make it`);
      continue;
    }
    const why = change.reason === "replaced" ? "replaced" : change.reason === "duplicate" ? "a second copy of the same file" : "no longer in the repository";
    await deleteScreenshot(run, change, why);
  }
  for (const change of work.stuck) await deleteScreenshot(run, change, "stuck processing, uploaded again");
}

/** Phase 2 of one set: processed uploads in place (stuck ones uploaded again), then order, then deletes. */
export async function finish(run: ScreenshotRun, work: SetWork, room: RoomGate): Promise<void> {
  if (!work.setId) return;
  const watch = new Map<string, Watched>([
    ...work.pending.map((item) => [item.id, "earlier"] as const),
    ...[...work.uploaded.values()].map((id) => [id, "own"] as const),
  ]);
  let shots: AppScreenshot[] = [];
  try {
    if (watch.size) shots = await reuploadStuck(run, work, await waitForProcessing(run, work, watch), room);
    else if (work.reorder) shots = await listScreenshots(run, work.setId);
  } catch (error) {
    const unsettled = [...work.uploaded.keys(), ...(work.reorder ? [work.reorder] : []), ...work.deletes.filter((change) => !work.deletedEarly.has(change))];
    for (const change of unsettled) run.fail(change, error, "reading the set");
    return;
  }
  recordUploads(run, work, shots);
  await order(run, work, shots);
  await deleteLeftovers(run, work);
}
