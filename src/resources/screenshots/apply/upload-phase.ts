/**
 * Phase 1 of a set: create it, clean up what is not content, upload. A full
 * set (10) makes room first with what goes anyway, and only as room.ts allows
 * with a screenshot the repository replaces.
 */
import { SCREENSHOTS_PER_SET } from "../../../model/fields.js";
import type { ScreenshotDelete, ScreenshotUpload } from "../changes.js";
import type { RoomGate } from "../room.js";
import { setIds, setKey, type ScreenshotRun } from "../run.js";
import { alias, type SetWork } from "./set-work.js";
import { createSet, deleteScreenshot, uploadInto } from "./steps.js";

/** Creates the set if it is to be made, and removes what is not content; answers how many slots that freed, or undefined with no set. */
async function prepareSet(run: ScreenshotRun, work: SetWork): Promise<number | undefined> {
  let setId = setIds(run).get(setKey(work.locale, work.displayType));
  if (work.create) setId = await createSet(run, work, work.create);
  if (!setId) {
    // The create's own failure is recorded already; what depends on the set cannot happen.
    for (const change of [...work.cleanup, ...work.uploads, ...(work.reorder ? [work.reorder] : []), ...work.deletes])
      run.skip(change, "its screenshot set could not be created");
    return undefined;
  }
  work.setId = setId;
  setIds(run).set(setKey(work.locale, work.displayType), setId);
  let cleaned = 0;
  for (const change of work.cleanup) {
    if (
      await deleteScreenshot(run, change, change.reason === "stale-reservation" ? "an unfinished upload reservation" : "App Store Connect failed to process it")
    )
      cleaned++;
  }
  return cleaned;
}

/** The set's slots as this run fills them, and what may be deleted to free one. */
interface Slots {
  /** Every screenshot takes a slot, reservations and failures too. */
  used: number;
  /** Deletes of screenshots the repository drops anyway. */
  goAnyway: ScreenshotDelete[];
  /** Deletes of screenshots the repository replaces: the last resort, the one furthest down the page first. */
  replaced: ScreenshotDelete[];
}

function slotsOf(run: ScreenshotRun, work: SetWork, cleaned: number): Slots {
  const liveSet = run.live.screenshotSets.find((set) => set.id === work.setId);
  const position = (change: ScreenshotDelete) => liveSet?.screenshots.findIndex((shot) => shot.id === change.screenshotId) ?? -1;
  return {
    used: (liveSet?.screenshots.length ?? 0) - cleaned,
    goAnyway: work.deletes.filter((change) => change.reason !== "replaced"),
    replaced: work.deletes.filter((change) => change.reason === "replaced").sort((a, b) => position(b) - position(a)),
  };
}

/** Deletes one screenshot to free its slot. */
async function makeRoom(run: ScreenshotRun, work: SetWork, victim: ScreenshotDelete, slots: Slots): Promise<void> {
  if (await deleteScreenshot(run, victim, "to make room")) {
    work.deletedEarly.add(victim);
    slots.used--;
  }
}

/** Into a full set whose only room is a replaced screenshot: deleted only while room.ts allows, the upload then goes in its place. */
async function uploadInPlaceOfReplaced(run: ScreenshotRun, work: SetWork, change: ScreenshotUpload, what: string, room: RoomGate, slots: Slots): Promise<void> {
  const release = await room.enter();
  if (!release) {
    work.failedUploads.add(change);
    const reason =
      `not uploaded: the set holds ${SCREENSHOTS_PER_SET.max} screenshots and an upload of this run failed, ` +
      "so none is deleted to make room for it; run apply again";
    run.skip(change, reason);
    run.progress(`✗ ${work.locale} ${alias(work.displayType)}: ${change.fileName} ${reason} (${change.file})`);
    return;
  }
  try {
    const victim = slots.replaced.shift()!;
    await makeRoom(run, work, victim, slots);
    if (await uploadInto(run, work, change, what, room)) slots.used++;
    else if (work.deletedEarly.has(victim)) {
      const lost = `${victim.fileName} was deleted to make room for ${change.fileName}, whose upload failed`;
      run.progress(`✗ ${work.locale} ${alias(work.displayType)}: ${lost}: the set shows one screenshot fewer until apply runs again`);
    }
  } finally {
    release();
  }
}

async function uploadOne(run: ScreenshotRun, work: SetWork, change: ScreenshotUpload, what: string, room: RoomGate, slots: Slots): Promise<void> {
  if (slots.used < SCREENSHOTS_PER_SET.max) {
    if (await uploadInto(run, work, change, what, room)) slots.used++;
    return;
  }
  const goes = slots.goAnyway.shift();
  if (goes) {
    await makeRoom(run, work, goes, slots);
    if (await uploadInto(run, work, change, what, room)) slots.used++;
    return;
  }
  if (slots.replaced.length === 0) {
    work.failedUploads.add(change);
    run.fail(
      change,
      new Error(`the set already holds ${SCREENSHOTS_PER_SET.max} screenshots and none of them is to be deleted`),
      `uploading ${change.fileName}`,
    );
    return;
  }
  await uploadInPlaceOfReplaced(run, work, change, what, room, slots);
}

/** Phase 1 of one set: create, clean up, upload (making room where the set is full, as room.ts allows). */
export async function prepareAndUpload(run: ScreenshotRun, work: SetWork, room: RoomGate): Promise<void> {
  const cleaned = await prepareSet(run, work);
  if (cleaned === undefined) return;
  const slots = slotsOf(run, work, cleaned);
  for (const [index, change] of work.uploads.entries()) {
    await uploadOne(run, work, change, `uploading ${index + 1} of ${work.uploads.length} (${change.fileName})`, room, slots);
  }
}
