/**
 * Applying screenshot changes, set by set, so that no set is ever emptier
 * than it must be and nothing is uploaded twice:
 *   phase 1 (per set): create the set (looking before repeating), remove
 *     reservations left AWAITING_UPLOAD and FAILED assets (not content), then
 *     upload: reservation, every upload operation (no bearer token), commit
 *     with the MD5. A full set (10) makes room by deleting, one at a time, a
 *     screenshot the repository drops anyway.
 *   phase 2 (per set): wait until the uploads are processed, reorder, and
 *     only then delete what is to go; an old screenshot whose replacement
 *     failed is kept.
 * A reservation whose answer was lost may exist: find it (same file name and
 * size, AWAITING_UPLOAD) and remove it before reserving again.
 */
import { createHash } from "node:crypto";
import { AscAmbiguousWriteError } from "../../asc/errors.js";
import type { AppScreenshot, AppScreenshotResponse, AppScreenshotsResponse, AppScreenshotSetResponse, AppScreenshotSetsResponse } from "../../asc/types.js";
import { lookThenRepeat, mayAlreadyExist, setKey, type ApplyRun } from "../../engine/apply/run.js";
import type { Change, ScreenshotDelete, ScreenshotReorder, ScreenshotSetCreate, ScreenshotSetDelete, ScreenshotUpload } from "../../engine/plan/plan.js";
import { MAX_SCREENSHOT_BYTES, SCREENSHOTS_PER_SET } from "../../model/fields.js";
import { displayTypeInfo } from "../../model/display-types.js";
import { mapWithConcurrency } from "../../util/concurrency.js";
import { readRepositoryFile } from "../../util/repository-files.js";
import type { DesiredScreenshotSet } from "./desired.js";

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
  /** Filled in phase 1. */
  setId?: string;
  uploaded: Map<ScreenshotUpload, string>;
  failedUploads: Set<ScreenshotUpload>;
  /** Deleted in phase 1 to make room. */
  deletedEarly: Set<ScreenshotDelete>;
}

const SCREENSHOT_FIELDS = { "fields[appScreenshots]": ["fileName", "fileSize", "sourceFileChecksum", "assetDeliveryState"], limit: 50 } as const;

const alias = (displayType: string) => displayTypeInfo(displayType)?.alias ?? displayType;

function groupBySet(changes: readonly Change[]): SetWork[] {
  const sets = new Map<string, SetWork>();
  for (const change of changes) {
    if (!("displayType" in change) || change.kind === "screenshot-set-delete") continue;
    const key = setKey(change.locale, change.displayType);
    let work = sets.get(key);
    if (!work) {
      work = { locale: change.locale, displayType: change.displayType, cleanup: [], uploads: [], deletes: [], uploaded: new Map(), failedUploads: new Set(), deletedEarly: new Set() };
      sets.set(key, work);
    }
    if (change.kind === "screenshot-set-create") work.create = change;
    else if (change.kind === "screenshot-upload") work.uploads.push(change);
    else if (change.kind === "screenshot-reorder") work.reorder = change;
    else if (change.kind === "screenshot-delete") (change.reason === "stale-reservation" || change.reason === "failed-processing" ? work.cleanup : work.deletes).push(change);
  }
  return [...sets.values()];
}

async function createSet(run: ApplyRun, work: SetWork, change: ScreenshotSetCreate): Promise<string | undefined> {
  const localizationId = run.versionLocalizationIds.get(work.locale);
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

async function deleteScreenshot(run: ApplyRun, change: ScreenshotDelete, why: string): Promise<boolean> {
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

async function listScreenshots(run: ApplyRun, setId: string): Promise<AppScreenshot[]> {
  const list = await run.client.getAll<AppScreenshotsResponse>(`/v1/appScreenshotSets/${encodeURIComponent(setId)}/appScreenshots`, SCREENSHOT_FIELDS);
  return list.data;
}

/** Reserves a screenshot; when the answer was lost, removes any reservation it left, then reserves once more. */
async function reserve(run: ApplyRun, setId: string, change: ScreenshotUpload): Promise<AppScreenshot> {
  const body = {
    data: {
      type: "appScreenshots",
      attributes: { fileName: change.fileName, fileSize: change.fileSize },
      relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: setId } } },
    },
  };
  try {
    return (await run.client.post<AppScreenshotResponse>("/v1/appScreenshots", body)).data;
  } catch (error) {
    if (!(error instanceof AscAmbiguousWriteError)) throw error;
    // A reservation is never taken over (its upload operations are not listed again): remove it, then reserve anew.
    const removeOrphans = async (): Promise<undefined> => {
      const orphans = (await listScreenshots(run, setId)).filter(
        (shot) => shot.attributes?.fileName === change.fileName && shot.attributes?.fileSize === change.fileSize && shot.attributes?.assetDeliveryState?.state === "AWAITING_UPLOAD",
      );
      for (const orphan of orphans) await run.client.delete(`/v1/appScreenshots/${encodeURIComponent(orphan.id)}`);
      return undefined;
    };
    return lookThenRepeat(error, removeOrphans, async () => (await run.client.post<AppScreenshotResponse>("/v1/appScreenshots", body)).data);
  }
}

async function upload(run: ApplyRun, work: SetWork, setId: string, change: ScreenshotUpload, index: number): Promise<void> {
  run.progress(`${work.locale} ${alias(work.displayType)}: uploading ${index + 1} of ${work.uploads.length} (${change.fileName})`);
  const file = work.desired?.screenshots.find((shot) => shot.file === change.file);
  let reservation: AppScreenshot | undefined;
  try {
    if (!file) throw new Error(`${change.file} is not in the repository any more`);
    const bytes = await readRepositoryFile(file.absolutePath, { maxBytes: MAX_SCREENSHOT_BYTES, what: "screenshot" });
    const checksum = createHash("md5").update(bytes).digest("hex");
    if (checksum !== change.checksum || bytes.length !== change.fileSize) throw new Error(`${change.file} changed since it was validated; run again`);
    reservation = await reserve(run, setId, change);
    const operations = reservation.attributes?.uploadOperations ?? [];
    if (operations.length === 0) throw new Error("App Store Connect gave no upload operations for the reservation");
    for (const operation of operations) await run.client.upload(operation, bytes);
    await run.client.patch(`/v1/appScreenshots/${encodeURIComponent(reservation.id)}`, {
      data: { type: "appScreenshots", id: reservation.id, attributes: { uploaded: true, sourceFileChecksum: checksum } },
    });
    work.uploaded.set(change, reservation.id);
  } catch (error) {
    work.failedUploads.add(change);
    run.fail(change, error, `uploading ${change.fileName}`);
    // A reservation left behind is no content; remove it now (a later run would too).
    if (reservation) await run.client.delete(`/v1/appScreenshots/${encodeURIComponent(reservation.id)}`).catch(() => undefined);
  }
}

/** Phase 1 of one set: create, clean up, upload (making room where the set is full). */
async function prepareAndUpload(run: ApplyRun, work: SetWork): Promise<void> {
  let setId = run.setIds.get(setKey(work.locale, work.displayType));
  if (work.create) setId = await createSet(run, work, work.create);
  if (!setId) {
    // The create's own failure is recorded already; what depends on the set cannot happen.
    for (const change of [...work.cleanup, ...work.uploads, ...(work.reorder ? [work.reorder] : []), ...work.deletes]) run.skip(change, "its screenshot set could not be created");
    return;
  }
  work.setId = setId;
  run.setIds.set(setKey(work.locale, work.displayType), setId);
  for (const change of work.cleanup) await deleteScreenshot(run, change, change.reason === "stale-reservation" ? "an unfinished upload reservation" : "App Store Connect failed to process it");

  const liveSet = run.live.screenshotSets.find((set) => set.id === setId);
  let used = liveSet ? liveSet.screenshots.filter((shot) => shot.state === "COMPLETE" || shot.state === "UPLOAD_COMPLETE").length : 0;
  // Screenshots that go anyway, in the order they may make room: the ones merely removed first, replaced ones last.
  const roomMakers = [...work.deletes].sort((a, b) => (a.reason === b.reason ? 0 : a.reason === "removed" ? -1 : 1));
  for (const [index, change] of work.uploads.entries()) {
    if (used >= SCREENSHOTS_PER_SET.max) {
      const victim = roomMakers.shift();
      if (!victim) {
        work.failedUploads.add(change);
        run.fail(change, new Error(`the set already holds ${SCREENSHOTS_PER_SET.max} screenshots and none of them is to be deleted`), `uploading ${change.fileName}`);
        continue;
      }
      if (await deleteScreenshot(run, victim, "to make room")) {
        work.deletedEarly.add(victim);
        used--;
      }
    }
    await upload(run, work, setId, change, index);
    if (work.uploaded.has(change)) used++;
  }
}

function stateOf(shot: AppScreenshot): string {
  return shot.attributes?.assetDeliveryState?.state ?? "AWAITING_UPLOAD";
}

/** Waits (bounded, with backoff) until this set's uploads are COMPLETE or FAILED; returns the set's screenshots as last seen. */
async function waitForProcessing(run: ApplyRun, work: SetWork): Promise<AppScreenshot[]> {
  const uploadedIds = new Set(work.uploaded.values());
  const deadline = Date.now() + run.options.processingTimeoutMs;
  let wait = run.options.pollIntervalMs;
  for (;;) {
    const shots = await listScreenshots(run, work.setId!);
    const unfinished = shots.filter((shot) => uploadedIds.has(shot.id) && (stateOf(shot) === "UPLOAD_COMPLETE" || stateOf(shot) === "AWAITING_UPLOAD"));
    if (unfinished.length === 0 || Date.now() + wait > deadline) return shots;
    run.progress(`${work.locale} ${alias(work.displayType)}: waiting for ${unfinished.length} upload${unfinished.length === 1 ? "" : "s"} to be processed`);
    await run.options.sleep(wait);
    wait = Math.min(wait * 2, 8_000);
  }
}

/** Phase 2 of one set: processed uploads in place, then order, then deletes. */
async function finish(run: ApplyRun, work: SetWork): Promise<void> {
  if (!work.setId) return;
  let shots: AppScreenshot[] = [];
  try {
    shots = work.uploaded.size ? await waitForProcessing(run, work) : work.reorder ? await listScreenshots(run, work.setId) : [];
  } catch (error) {
    for (const change of [...(work.reorder ? [work.reorder] : []), ...work.deletes]) if (!work.deletedEarly.has(change as ScreenshotDelete)) run.fail(change, error, "reading the set");
    return;
  }
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

  if (work.reorder) {
    const remaining = shots.filter((shot) => stateOf(shot) === "COMPLETE" || stateOf(shot) === "UPLOAD_COMPLETE");
    const ordered: string[] = [];
    const take = (predicate: (shot: AppScreenshot) => boolean) => {
      const index = remaining.findIndex(predicate);
      if (index >= 0) ordered.push(remaining.splice(index, 1)[0]!.id);
    };
    const desiredSet = work.desired;
    for (const [index, checksum] of work.reorder.checksums.entries()) {
      const file = desiredSet?.screenshots[index];
      take((shot) => shot.attributes?.sourceFileChecksum === checksum || (!shot.attributes?.sourceFileChecksum && shot.attributes?.fileName === file?.fileName && shot.attributes?.fileSize === file?.fileSize));
    }
    try {
      await run.client.patch(`/v1/appScreenshotSets/${encodeURIComponent(work.setId)}/relationships/appScreenshots`, {
        data: [...ordered, ...remaining.map((shot) => shot.id)].map((id) => ({ type: "appScreenshots", id })),
      });
      run.record(work.reorder, "done");
      run.progress(`${work.locale} ${alias(work.displayType)}: ordered ${work.reorder.after.join(", ")}`);
    } catch (error) {
      run.fail(work.reorder, error, "reordering the set");
    }
  }

  const failedReplacements = new Map([...work.failedUploads].filter((change) => change.replaces).map((change) => [change.replaces!, change.fileName]));
  for (const change of work.deletes) {
    if (work.deletedEarly.has(change)) continue;
    const replacement = failedReplacements.get(change.screenshotId);
    if (change.reason === "replaced" && replacement) {
      run.skip(change, `kept: its replacement ${replacement} did not make it`);
      continue;
    }
    await deleteScreenshot(run, change, change.reason === "replaced" ? "replaced" : "no longer in the repository");
  }
}

export async function applyScreenshotChanges(run: ApplyRun, changes: readonly Change[]): Promise<void> {
  const work = groupBySet(changes);
  const folders = new Map(run.desired.screenshotSets.map((set) => [setKey(set.locale, set.displayType), set]));
  for (const set of work) set.desired = folders.get(setKey(set.locale, set.displayType));
  await mapWithConcurrency(work, run.options.concurrency, (set) => prepareAndUpload(run, set));
  // Waiting for processing is mostly idle time: wait for many sets at once (the client still bounds requests in flight).
  await mapWithConcurrency(work, Math.max(run.options.concurrency, 32), (set) => finish(run, set));
}

export async function applyScreenshotSetDeletes(run: ApplyRun, changes: readonly ScreenshotSetDelete[]): Promise<void> {
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
