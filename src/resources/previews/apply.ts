/**
 * Applies preview changes set by set: create the set, remove what is not
 * content (reservations left awaiting upload, failed videos), upload through
 * the flow screenshots share (assets/upload.ts), wait until the video AND its
 * poster frame are processed (videoDeliveryState, previewFrameImage.state; not
 * the deprecated assetDeliveryState), set the poster frame once processed when
 * it differs, reorder the whole list, and delete what the repository dropped
 * last. A set is full at 3: a preview the repository dropped makes room first
 * only when an upload needs it. Kill-safe as screenshots are: a reservation a
 * killed run left is removed by the next plan, a committed video is pending.
 */
import type { AppPreview, AppPreviewSetResponse, AppPreviewSetsResponse, AppPreviewsResponse } from "../../asc/types.js";
import { lookThenRepeat, mayAlreadyExist, type ApplyRun } from "../../contracts/apply-run.js";
import type { LiveLocalization, SharedLive } from "../../contracts/live-state.js";
import type { SharedDesired } from "../../contracts/resource.js";
import { MAX_PREVIEW_BYTES, PREVIEWS_PER_SET } from "../../model/fields.js";
import { previewName } from "../../model/preview-types.js";
import { mapWithConcurrency } from "../../util/concurrency.js";
import { plural } from "../../util/plural.js";
import { uploadAsset, type AssetKind } from "../assets/upload.js";
import { localizationIds } from "../localization-apply.js";
import type { DesiredVersionLocalizations } from "../version-localizations/desired.js";
import type { PreviewChange, PreviewDelete, PreviewPoster, PreviewReorder, PreviewSetCreate, PreviewUpload } from "./changes.js";
import type { DesiredPreviews } from "./desired.js";
import type { LivePreviews } from "./live.js";
import { toLivePreview } from "./read.js";

export type PreviewRun = ApplyRun<
  SharedDesired & DesiredPreviews & Partial<DesiredVersionLocalizations>,
  SharedLive & LivePreviews & { versionLocalizations?: LiveLocalization<string>[] }
>;

const PREVIEW_FIELDS = {
  "fields[appPreviews]": ["fileName", "fileSize", "sourceFileChecksum", "previewFrameTimeCode", "videoDeliveryState", "previewFrameImage"],
};

async function listPreviews(client: PreviewRun["client"], setId: string): Promise<AppPreview[]> {
  return (await client.getAll<AppPreviewsResponse>(`/v1/appPreviewSets/${encodeURIComponent(setId)}/appPreviews`, { ...PREVIEW_FIELDS, limit: 50 })).data;
}

const PREVIEW_ASSETS: AssetKind = {
  type: "appPreviews",
  set: { relationship: "appPreviewSet", type: "appPreviewSets" },
  what: "preview video",
  maxBytes: MAX_PREVIEW_BYTES,
  awaiting: async (client, setId) =>
    (await listPreviews(client, setId)).filter((preview) => preview.attributes?.videoDeliveryState?.state === "AWAITING_UPLOAD"),
};

/** Previews this run committed: id -> the MD5 it sent (Apple may publish sourceFileChecksum late). */
export const committedPreviews = (run: PreviewRun): Map<string, string> => run.kept("previews.committed", () => new Map<string, string>());

interface SetWork {
  locale: string;
  displayType: string;
  create?: PreviewSetCreate;
  cleanup: PreviewDelete[];
  uploads: PreviewUpload[];
  posters: PreviewPoster[];
  reorder?: PreviewReorder;
  deletes: PreviewDelete[];
}

function setsOf(changes: readonly PreviewChange[]): SetWork[] {
  const sets = new Map<string, SetWork>();
  for (const change of changes) {
    const key = `${change.locale}/${change.displayType}`;
    let work = sets.get(key);
    if (!work) sets.set(key, (work = { locale: change.locale, displayType: change.displayType, cleanup: [], uploads: [], posters: [], deletes: [] }));
    if (change.kind === "preview-set-create") work.create = change;
    else if (change.kind === "preview-upload") work.uploads.push(change);
    else if (change.kind === "preview-poster") work.posters.push(change);
    else if (change.kind === "preview-reorder") work.reorder = change;
    else if (change.reason === "removed") work.deletes.push(change);
    else work.cleanup.push(change);
  }
  return [...sets.values()];
}

const label = (work: { locale: string; displayType: string }) => `${work.locale} ${previewName(work.displayType)} previews`;

async function createSet(run: PreviewRun, work: SetWork, change: PreviewSetCreate): Promise<string | undefined> {
  const localizationId = localizationIds(run, "appStoreVersionLocalizations").get(work.locale);
  if (!localizationId) {
    run.skip(change, `the ${work.locale} version localization does not exist (its creation failed or was blocked)`);
    return undefined;
  }
  const body = {
    data: {
      type: "appPreviewSets",
      attributes: { previewType: work.displayType },
      relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: localizationId } } },
    },
  };
  const send = async () => (await run.client.post<AppPreviewSetResponse>("/v1/appPreviewSets", body)).data.id;
  const find = async () =>
    (
      await run.client.getAll<AppPreviewSetsResponse>(`/v1/appStoreVersionLocalizations/${encodeURIComponent(localizationId)}/appPreviewSets`, {
        "filter[previewType]": [work.displayType],
        limit: 200,
      })
    ).data.find((set) => set.attributes?.previewType === work.displayType)?.id;
  try {
    let id: string;
    try {
      id = await send();
    } catch (error) {
      // A create answered 409 or lost: the set is there already (an earlier or retried create).
      if (!mayAlreadyExist(error)) throw error;
      id = await lookThenRepeat(error, find, send);
    }
    run.record(change, "done");
    run.progress(`${label(work)}: created the set`);
    return id;
  } catch (error) {
    run.fail(change, error, "creating the preview set");
    return undefined;
  }
}

async function deletePreview(run: PreviewRun, change: PreviewDelete, why: string): Promise<boolean> {
  try {
    await run.client.delete(`/v1/appPreviews/${encodeURIComponent(change.previewId)}`);
    run.record(change, "done");
    run.progress(`${label(change)}: deleted ${change.fileName} (${why})`);
    return true;
  } catch (error) {
    run.fail(change, error, `deleting ${change.fileName}`);
    return false;
  }
}

const videoDone = (preview: AppPreview) => preview.attributes?.videoDeliveryState?.state === "COMPLETE";
const videoFailed = (preview: AppPreview) => preview.attributes?.videoDeliveryState?.state === "FAILED";
const frameState = (preview: AppPreview) => preview.attributes?.previewFrameImage?.state?.state;
/** Done as App Store Connect means it: the video and the poster frame processed (or failed: nothing more comes). */
const settled = (preview: AppPreview) => videoFailed(preview) || (videoDone(preview) && frameState(preview) !== "PROCESSING");

/** Polls (with backoff, processingTimeoutMs at most) until each watched preview has settled; answers the set as last seen. */
async function waitForProcessing(run: PreviewRun, work: SetWork, setId: string, watched: ReadonlySet<string>): Promise<AppPreview[]> {
  const deadline = Date.now() + run.options.processingTimeoutMs;
  let wait = run.options.pollIntervalMs;
  let told = false;
  for (;;) {
    const previews = await listPreviews(run.client, setId);
    const unfinished = previews.filter((preview) => watched.has(preview.id) && !settled(preview));
    const left = deadline - Date.now();
    if (unfinished.length === 0 || left <= 0) return previews;
    if (!told) run.progress(`${label(work)}: waiting for ${plural(unfinished.length, "video", "videos")} and poster frames to be processed`);
    told = true;
    await run.options.sleep(Math.min(wait, left));
    wait = Math.min(wait * 2, 8_000);
  }
}

async function setPoster(run: PreviewRun, id: string, timeCode: string): Promise<void> {
  await run.client.patch(`/v1/appPreviews/${encodeURIComponent(id)}`, { data: { type: "appPreviews", id, attributes: { previewFrameTimeCode: timeCode } } });
}

/** One set's work, in the order that keeps it whole: cleanup, uploads (room made only as needed), processing, poster frames, reorder, deletes. */
async function applySet(run: PreviewRun, work: SetWork): Promise<void> {
  let setId = run.live.previewSets.find((set) => set.locale === work.locale && set.previewType === work.displayType)?.id;
  if (work.create) setId = await createSet(run, work, work.create);
  if (!setId) {
    for (const change of [...work.cleanup, ...work.uploads, ...work.posters, ...(work.reorder ? [work.reorder] : []), ...work.deletes])
      run.skip(change, "its preview set could not be created");
    return;
  }
  for (const change of work.cleanup)
    await deletePreview(run, change, change.reason === "stale-reservation" ? "an unfinished upload reservation" : "App Store Connect failed to process it");

  const desiredSet = run.desired.previewSets.find((set) => set.locale === work.locale && set.previewType === work.displayType);
  const uploaded = new Map<PreviewUpload, string>();
  const deletedEarly = new Set<PreviewDelete>();
  // Room: 3 a set, reservations included. What the repository dropped goes first only when an upload needs its slot.
  let used = (await listPreviews(run.client, setId)).length;
  const dropped = [...work.deletes];
  for (const change of work.uploads) {
    if (used >= PREVIEWS_PER_SET.max) {
      const victim = dropped.pop();
      if (!victim || !(await deletePreview(run, victim, "to make room"))) {
        run.skip(change, `the ${previewName(work.displayType)} set is full (${PREVIEWS_PER_SET.max} previews) and nothing in it may go`);
        continue;
      }
      deletedEarly.add(victim);
      used--;
    }
    run.progress(`${label(work)}: uploading ${change.fileName}`);
    try {
      const file = desiredSet?.previews.find((preview) => preview.file === change.file);
      const { id, checksum } = await uploadAsset(run.client, PREVIEW_ASSETS, setId, file, change, { mimeType: change.mimeType });
      committedPreviews(run).set(id, checksum);
      uploaded.set(change, id);
      used++;
    } catch (error) {
      run.fail(change, error, `uploading ${change.fileName}`);
    }
  }

  let previews = uploaded.size ? await waitForProcessing(run, work, setId, new Set(uploaded.values())) : [];
  // A poster frame set now is drawn again: wait for those too, so verifying finds them done.
  const redrawn = new Set<string>();
  for (const [change, id] of uploaded) {
    const preview = previews.find((item) => item.id === id);
    if (!preview || !settled(preview) || videoFailed(preview)) {
      uploaded.delete(change);
      const live = preview && toLivePreview(preview);
      const message = !preview
        ? `${change.fileName} is gone from the set`
        : videoFailed(preview)
          ? `App Store Connect failed to process ${change.fileName}: ${live?.errors?.join("; ") || "no reason given"}`
          : `${change.fileName} was still ${live?.state} (poster frame ${live?.frameState ?? "none"}) when waiting ran out; a later run finds it pending`;
      run.record(change, "failed", { message });
      run.progress(`✗ ${label(change)}: ${message} (${change.file})`);
      continue;
    }
    // The poster frame is set after processing, as Apple may replace one given earlier.
    try {
      if (preview.attributes?.previewFrameTimeCode !== change.posterFrame) {
        await setPoster(run, id, change.posterFrame);
        redrawn.add(id);
      }
      run.record(change, "done");
    } catch (error) {
      run.fail(change, error, `setting the poster frame of ${change.fileName}`);
    }
  }
  for (const change of work.posters) {
    try {
      await setPoster(run, change.previewId, change.after);
      redrawn.add(change.previewId);
      run.record(change, "done");
      run.progress(`${label(change)}: poster frame of ${change.fileName} set to ${change.after}`);
    } catch (error) {
      run.fail(change, error, `setting the poster frame of ${change.fileName}`);
    }
  }

  if (redrawn.size) await waitForProcessing(run, work, setId, redrawn);

  if (work.reorder) {
    previews = await listPreviews(run.client, setId);
    const remaining = new Set(work.deletes.filter((change) => !deletedEarly.has(change)).map((change) => change.previewId));
    const checksumOf = (preview: AppPreview) => preview.attributes?.sourceFileChecksum ?? committedPreviews(run).get(preview.id);
    const byChecksum = work.reorder.checksums.map((checksum) => previews.find((preview) => checksumOf(preview) === checksum && !remaining.has(preview.id)));
    if (byChecksum.some((preview) => !preview)) run.skip(work.reorder, "not every preview of the set is in place (an upload failed or is still processing)");
    else {
      // The whole list, as the relationship PATCH replaces it: the set's order, then those about to go.
      const ids = [...byChecksum.map((preview) => preview!.id), ...previews.map((preview) => preview.id).filter((id) => remaining.has(id))];
      try {
        await run.client.patch(`/v1/appPreviewSets/${encodeURIComponent(setId)}/relationships/appPreviews`, {
          data: ids.map((id) => ({ type: "appPreviews", id })),
        });
        run.record(work.reorder, "done");
        run.progress(`${label(work)}: reordered`);
      } catch (error) {
        run.fail(work.reorder, error, "reordering the set");
      }
    }
  }
  for (const change of work.deletes) if (!deletedEarly.has(change)) await deletePreview(run, change, "no longer in the repository");
}

export async function applyPreviewChanges(run: PreviewRun, changes: readonly PreviewChange[]): Promise<void> {
  await mapWithConcurrency(setsOf(changes), run.options.concurrency, (work) => applySet(run, work));
}
