/**
 * Phase 2a of a set: wait until its uploads (and the screenshots an earlier
 * run left processing) are processed; one still UPLOAD_COMPLETE when the wait
 * ends is stuck, and its file is uploaded again, once per run.
 */
import type { AppScreenshot } from "../../../asc/types.js";
import { SCREENSHOTS_PER_SET } from "../../../model/fields.js";
import { plural } from "../../../util/plural.js";
import type { ScreenshotDelete, ScreenshotUpload } from "../changes.js";
import type { DesiredScreenshot } from "../desired.js";
import type { RoomGate } from "../room.js";
import type { ScreenshotRun } from "../run.js";
import { listScreenshots } from "../upload.js";
import { alias, stateOf, type SetWork, type Watched } from "./set-work.js";
import { deleteScreenshot, uploadInto } from "./steps.js";

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
export async function waitForProcessing(run: ScreenshotRun, work: SetWork, watch: ReadonlyMap<string, Watched>): Promise<AppScreenshot[]> {
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
export async function reuploadStuck(run: ScreenshotRun, work: SetWork, shots: AppScreenshot[], room: RoomGate): Promise<AppScreenshot[]> {
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
      `${work.locale} ${alias(work.displayType)}: ${change.fileName} is still UPLOAD_COMPLETE after ${waited} of waiting; ` +
        "App Store Connect seems never to finish it, so it is uploaded again",
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

export function recordUploads(run: ScreenshotRun, work: SetWork, shots: AppScreenshot[]): void {
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
