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
import type { AppScreenshot, AppScreenshotSetResponse, AppScreenshotSetsResponse } from "../../asc/types.js";
import { lookThenRepeat, mayAlreadyExist } from "../../contracts/apply-run.js";
import { SCREENSHOTS_PER_SET } from "../../model/fields.js";
import { displayTypeInfo } from "../../model/display-types.js";
import { mapWithConcurrency } from "../../util/concurrency.js";
import { plural } from "../../util/plural.js";
import { localizationIds } from "../localization-apply.js";
import type { ScreenshotChange, ScreenshotDelete, ScreenshotReorder, ScreenshotSetCreate, ScreenshotSetDelete, ScreenshotUpload } from "./changes.js";
import type { DesiredScreenshot, DesiredScreenshotSet } from "./desired.js";
import { RoomGate } from "./room.js";
import { committedScreenshots, setIds, setKey, type ScreenshotRun } from "./run.js";
import { listScreenshots, uploadScreenshot } from "./upload.js";

interface SetWork {
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

type Watched = "own" | "earlier";

const alias = (displayType: string) => displayTypeInfo(displayType)?.alias ?? displayType;
const stateOf = (shot: AppScreenshot): string => shot.attributes?.assetDeliveryState?.state ?? "AWAITING_UPLOAD";
const isContent = (shot: AppScreenshot) => stateOf(shot) === "COMPLETE" || stateOf(shot) === "UPLOAD_COMPLETE";

function groupBySet(changes: readonly ScreenshotChange[]): Map<string, SetWork> {
  const sets = new Map<string, SetWork>();
  for (const change of changes) {
    if (change.kind === "screenshot-set-delete") continue;
    const work = workFor(sets, change.locale, change.displayType);
    if (change.kind === "screenshot-set-create") work.create = change;
    else if (change.kind === "screenshot-upload") work.uploads.push(change);
    else if (change.kind === "screenshot-reorder") work.reorder = change;
    else if (change.kind === "screenshot-delete") (change.reason === "stale-reservation" || change.reason === "failed-processing" ? work.cleanup : work.deletes).push(change);
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
function addPendingScreenshots(run: ScreenshotRun, sets: Map<string, SetWork>): void {
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

async function createSet(run: ScreenshotRun, work: SetWork, change: ScreenshotSetCreate): Promise<string | undefined> {
  const localizationId = localizationIds(run, "appStoreVersionLocalizations").get(work.locale);
  if (!localizationId) {
    run.skip(change, `the ${work.locale} version localization does not exist (its creation failed or was blocked)`);
    return undefined;
  }
  const find = async () => {
    const sets = await run.client.getAll<AppScreenshotSetsResponse>(`/v1/appStoreVersionLocalizations/${encodeURIComponent(localizationId)}/appScreenshotSets`, {
      "filter[screenshotDisplayType]": [work.displayType],
      limit: 200,
    });
    return sets.data.find((set) => set.attributes?.screenshotDisplayType === work.displayType)?.id;
  };
  const body = {
    data: {
      type: "appScreenshotSets",
      attributes: { screenshotDisplayType: work.displayType },
      relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: localizationId } } },
    },
  };
  try {
    const created = await run.client.post<AppScreenshotSetResponse>("/v1/appScreenshotSets", body);
    run.record(change, "done");
    run.progress(`${work.locale} ${alias(work.displayType)}: created the screenshot set`);
    return created.data.id;
  } catch (error) {
    if (!mayAlreadyExist(error)) {
      run.fail(change, error, "creating the screenshot set");
      return undefined;
    }
    try {
      const existing = await lookThenRepeat(error, find, async () => (await run.client.post<AppScreenshotSetResponse>("/v1/appScreenshotSets", body)).data.id);
      run.record(change, "done");
      return existing;
    } catch (second) {
      run.fail(change, second, "creating the screenshot set");
      return undefined;
    }
  }
}

async function deleteScreenshot(run: ScreenshotRun, change: ScreenshotDelete, why: string): Promise<boolean> {
  try {
    await run.client.delete(`/v1/appScreenshots/${encodeURIComponent(change.screenshotId)}`);
    run.record(change, "done");
    run.progress(`${change.locale} ${alias(change.displayType)}: deleted ${change.fileName} (${why})`);
    return true;
  } catch (error) {
    run.fail(change, error, `deleting ${change.fileName}`);
    return false;
  }
}

const fileFor = (work: SetWork, change: ScreenshotUpload) => work.desired?.screenshots.find((shot) => shot.file === change.file);

/** Uploads one file; true once committed. A failure is recorded, and closes the room gate. */
async function uploadInto(run: ScreenshotRun, work: SetWork, change: ScreenshotUpload, what: string, room: RoomGate): Promise<boolean> {
  run.progress(`${work.locale} ${alias(work.displayType)}: ${what}`);
  try {
    work.uploaded.set(change, await uploadScreenshot(run, work.setId!, change, fileFor(work, change)));
    room.committed();
    return true;
  } catch (error) {
    work.uploaded.delete(change);
    work.failedUploads.add(change);
    room.uploadFailed();
    run.fail(change, error, `uploading ${change.fileName}`);
    return false;
  }
}

/** Phase 1 of one set: create, clean up, upload (making room where the set is full, as room.ts allows). */
async function prepareAndUpload(run: ScreenshotRun, work: SetWork, room: RoomGate): Promise<void> {
  let setId = setIds(run).get(setKey(work.locale, work.displayType));
  if (work.create) setId = await createSet(run, work, work.create);
  if (!setId) {
    // The create's own failure is recorded already; what depends on the set cannot happen.
    for (const change of [...work.cleanup, ...work.uploads, ...(work.reorder ? [work.reorder] : []), ...work.deletes]) run.skip(change, "its screenshot set could not be created");
    return;
  }
  work.setId = setId;
  setIds(run).set(setKey(work.locale, work.displayType), setId);
  let cleaned = 0;
  for (const change of work.cleanup) {
    if (await deleteScreenshot(run, change, change.reason === "stale-reservation" ? "an unfinished upload reservation" : "App Store Connect failed to process it")) cleaned++;
  }

  const liveSet = run.live.screenshotSets.find((set) => set.id === setId);
  // Every screenshot takes a slot, reservations and failures too.
  let used = (liveSet?.screenshots.length ?? 0) - cleaned;
  const position = (change: ScreenshotDelete) => liveSet?.screenshots.findIndex((shot) => shot.id === change.screenshotId) ?? -1;
  const goAnyway = work.deletes.filter((change) => change.reason !== "replaced");
  // A replaced one is the last resort, the one furthest down the page first.
  const replaced = work.deletes.filter((change) => change.reason === "replaced").sort((a, b) => position(b) - position(a));
  for (const [index, change] of work.uploads.entries()) {
    const what = `uploading ${index + 1} of ${work.uploads.length} (${change.fileName})`;
    if (used < SCREENSHOTS_PER_SET.max) {
      if (await uploadInto(run, work, change, what, room)) used++;
      continue;
    }
    const free = goAnyway.shift();
    if (free) {
      if (await deleteScreenshot(run, free, "to make room")) {
        work.deletedEarly.add(free);
        used--;
      }
      if (await uploadInto(run, work, change, what, room)) used++;
      continue;
    }
    if (replaced.length === 0) {
      work.failedUploads.add(change);
      run.fail(change, new Error(`the set already holds ${SCREENSHOTS_PER_SET.max} screenshots and none of them is to be deleted`), `uploading ${change.fileName}`);
      continue;
    }
    const release = await room.enter();
    if (!release) {
      work.failedUploads.add(change);
      const reason = `not uploaded: the set holds ${SCREENSHOTS_PER_SET.max} screenshots and an upload of this run failed, so none is deleted to make room for it; run apply again`;
      run.skip(change, reason);
      run.progress(`✗ ${work.locale} ${alias(work.displayType)}: ${change.fileName} ${reason} (${change.file})`);
      continue;
    }
    try {
      const victim = replaced.shift()!;
      if (await deleteScreenshot(run, victim, "to make room")) {
        work.deletedEarly.add(victim);
        used--;
      }
      if (await uploadInto(run, work, change, what, room)) used++;
      else if (work.deletedEarly.has(victim)) {
        const lost = `${victim.fileName} was deleted to make room for ${change.fileName}, whose upload failed`;
        run.progress(`✗ ${work.locale} ${alias(work.displayType)}: ${lost}: the set shows one screenshot fewer until apply runs again`);
      }
    } finally {
      release();
    }
  }
}

/** Still being processed: not yet COMPLETE, or (one of an earlier run) COMPLETE with its checksum not yet published. */
function processing(shot: AppScreenshot, watched: Watched): boolean {
  const state = stateOf(shot);
  if (state === "UPLOAD_COMPLETE" || state === "AWAITING_UPLOAD") return true;
  return watched === "earlier" && state === "COMPLETE" && !shot.attributes?.sourceFileChecksum;
}

/**
 * Waits (for processingTimeoutMs at most, polling with backoff) until the
 * watched screenshots are processed; answers the set's screenshots as last
 * seen, read after the wait ended.
 */
async function waitForProcessing(run: ScreenshotRun, work: SetWork, watch: ReadonlyMap<string, Watched>): Promise<AppScreenshot[]> {
  const deadline = Date.now() + run.options.processingTimeoutMs;
  let wait = run.options.pollIntervalMs;
  // Said once per wait: a poll that finds them still processing is not news.
  let told = false;
  for (;;) {
    const shots = await listScreenshots(run, work.setId!);
    const unfinished = shots.filter((shot) => watch.has(shot.id) && processing(shot, watch.get(shot.id)!));
    const left = deadline - Date.now();
    if (unfinished.length === 0 || left <= 0) return shots;
    if (!told) run.progress(`${work.locale} ${alias(work.displayType)}: waiting for ${plural(unfinished.length, "upload", "uploads")} to be processed`);
    told = true;
    await run.options.sleep(Math.min(wait, left));
    wait = Math.min(wait * 2, 8_000);
  }
}

function minutesOf(ms: number): string {
  return ms >= 60_000 ? plural(Math.round(ms / 60_000), "minute", "minutes") : plural(Math.max(1, Math.round(ms / 1000)), "second", "seconds");
}

/**
 * Uploads the file of each screenshot still UPLOAD_COMPLETE after the whole
 * wait, once; the stuck one goes once the new one is committed (first, when
 * the set is full: an unprocessed screenshot is not on the App Store, so
 * deleting it loses nothing). Waits for the new ones; answers the set as seen.
 */
async function reuploadStuck(run: ScreenshotRun, work: SetWork, shots: AppScreenshot[], room: RoomGate): Promise<AppScreenshot[]> {
  const own = new Map([...work.uploaded].map(([change, id]) => [id, change]));
  const earlier = new Map(work.pending.map((item) => [item.id, item.file]));
  const stuck = shots.filter((shot) => stateOf(shot) === "UPLOAD_COMPLETE" && (own.has(shot.id) || earlier.has(shot.id)));
  if (stuck.length === 0) return shots;
  let used = shots.length;
  const again = new Map<string, Watched>();
  for (const shot of stuck) {
    const change = own.get(shot.id) ?? uploadFor(work, earlier.get(shot.id)!, shot.id);
    const gone: ScreenshotDelete = {
      kind: "screenshot-delete",
      locale: work.locale,
      displayType: work.displayType,
      screenshotId: shot.id,
      fileName: shot.attributes?.fileName ?? change.fileName,
      checksum: null,
      reason: "stuck-processing",
      source: { file: change.file },
    };
    const waited = minutesOf(run.options.processingTimeoutMs);
    run.progress(
      `${work.locale} ${alias(work.displayType)}: ${change.fileName} is still UPLOAD_COMPLETE after ${waited} of waiting; App Store Connect seems never to finish it, so it is uploaded again`,
    );
    let deleted = false;
    if (used >= SCREENSHOTS_PER_SET.max) {
      if (!(await deleteScreenshot(run, gone, "stuck, to make room"))) continue;
      deleted = true;
      used--;
    }
    if (!(await uploadInto(run, work, change, `uploading ${change.fileName} again`, room))) continue;
    used++;
    work.reuploaded = true;
    again.set(work.uploaded.get(change)!, "own");
    if (!deleted) work.stuck.push(gone);
  }
  return again.size ? waitForProcessing(run, work, again) : listScreenshots(run, work.setId!);
}

/** The upload of a file whose screenshot an earlier run left stuck (not in the plan: the plan saw it pending). */
function uploadFor(work: SetWork, file: DesiredScreenshot, stuckId: string): ScreenshotUpload {
  return {
    kind: "screenshot-upload",
    locale: work.locale,
    displayType: work.displayType,
    file: file.file,
    fileName: file.fileName,
    fileSize: file.fileSize,
    checksum: file.checksum,
    position: (work.desired?.screenshots.indexOf(file) ?? -1) + 1,
    replaces: stuckId,
    source: { file: file.file },
  };
}

function recordUploads(run: ScreenshotRun, work: SetWork, shots: AppScreenshot[]): void {
  for (const [change, id] of work.uploaded) {
    const shot = shots.find((item) => item.id === id);
    const state = shot ? stateOf(shot) : "missing";
    if (state === "COMPLETE") {
      run.record(change, "done");
      continue;
    }
    work.failedUploads.add(change);
    const errors = (shot?.attributes?.assetDeliveryState?.errors ?? []).map((item) => [item.code, item.description].filter(Boolean).join(": "));
    const message =
      state === "FAILED"
        ? `App Store Connect failed to process ${change.fileName}: ${errors.join("; ") || "no reason given"}`
        : `${change.fileName} was still ${state} when waiting ran out`;
    run.record(change, "failed", { message });
    run.progress(`✗ ${change.locale} ${alias(change.displayType)}: ${message} (${change.file})`);
  }
}

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
async function finish(run: ScreenshotRun, work: SetWork, room: RoomGate): Promise<void> {
  if (!work.setId) return;
  const watch = new Map<string, Watched>([...work.pending.map((item) => [item.id, "earlier"] as const), ...[...work.uploaded.values()].map((id) => [id, "own"] as const)]);
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

/**
 * Every screenshot change of the plan. With `settlePending` (a whole plan,
 * not a scoped one), sets whose only news is a screenshot an earlier run left
 * processing are waited for too, so a stuck one is uploaded again.
 */
export async function applyScreenshotChanges(run: ScreenshotRun, changes: readonly ScreenshotChange[], options: { settlePending?: boolean } = {}): Promise<void> {
  const sets = groupBySet(changes);
  if (options.settlePending) addPendingScreenshots(run, sets);
  const folders = new Map(run.desired.screenshotSets.map((set) => [setKey(set.locale, set.displayType), set]));
  const work = [...sets.entries()].map(([key, set]) => Object.assign(set, { desired: folders.get(key) }));
  // Sets that can only make room by deleting a replaced screenshot go last: by then other uploads have proven the way.
  const liveCount = (set: SetWork) => run.live.screenshotSets.find((item) => item.locale === set.locale && item.displayType === set.displayType)?.screenshots.length ?? 0;
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
