/**
 * Reads the preview sets of version localizations: ONE request per
 * localization that manages previews, sets with their previews included (at
 * most 3 a set), in the order the set's relationship lists them. Sent in the
 * same round as the screenshot reads (both wait only for the localizations).
 */
import type { AppPreview, AppPreviewSet } from "../../asc/types.js";
import type { LiveLocalization } from "../../contracts/live-state.js";
import type { ReadClient } from "../../contracts/resource.js";
import { readMediaSets } from "../assets/read-sets.js";
import type { LivePreview, LivePreviewSet, VideoState } from "./live.js";

/** What a plan needs of each preview: what matches it to a file, whether it is done, its poster frame. */
const PREVIEW_FIELDS = ["fileSize", "fileName", "sourceFileChecksum", "previewFrameTimeCode", "videoDeliveryState", "previewFrameImage"];

export function previewSetQuery(withVideos = false) {
  return {
    "fields[appPreviewSets]": ["previewType", "appPreviews"],
    "fields[appPreviews]": withVideos ? [...PREVIEW_FIELDS, "videoUrl"] : PREVIEW_FIELDS,
    include: ["appPreviews"],
    limit: 200,
    "limit[appPreviews]": 50,
  } as const;
}

const VIDEO_STATES = new Set<string>(["AWAITING_UPLOAD", "UPLOAD_COMPLETE", "PROCESSING", "COMPLETE", "FAILED"]);

/** A null or absent state says nothing: with a checksum the video was processed, without one it is taken as processing (pending, never uploaded again). */
function videoState(state: string | null | undefined, checksum: string | null | undefined): VideoState {
  if (state && VIDEO_STATES.has(state)) return state as VideoState;
  return checksum ? "COMPLETE" : "PROCESSING";
}

export function toLivePreview(resource: AppPreview): LivePreview {
  const attributes = resource.attributes ?? {};
  const delivery = attributes.videoDeliveryState;
  const errors = (delivery?.errors ?? []).map((error) => [error.code, error.description].filter(Boolean).join(": "));
  const frame = attributes.previewFrameImage?.state?.state;
  return {
    id: resource.id,
    fileName: attributes.fileName ?? "",
    fileSize: attributes.fileSize ?? 0,
    checksum: attributes.sourceFileChecksum ?? null,
    state: videoState(delivery?.state, attributes.sourceFileChecksum),
    frameState: frame === "PROCESSING" || frame === "COMPLETE" || frame === "FAILED" ? frame : null,
    posterFrame: attributes.previewFrameTimeCode ?? null,
    ...(errors.length ? { errors } : {}),
    ...(attributes.videoUrl ? { videoUrl: attributes.videoUrl } : {}),
  };
}

export async function readPreviewSets(
  client: ReadClient,
  localizations: readonly LiveLocalization<string>[],
  options: { concurrency?: number; withVideos?: boolean } = {},
): Promise<LivePreviewSet[]> {
  return readMediaSets<AppPreviewSet, AppPreview, LivePreviewSet>(
    client,
    localizations,
    {
      sets: "appPreviewSets",
      items: "appPreviews",
      query: previewSetQuery(options.withVideos),
      toSet: (set, previews, localization) => ({
        id: set.id,
        locale: localization.locale,
        localizationId: localization.id,
        previewType: set.attributes?.previewType ?? "",
        previews: previews.map(toLivePreview),
      }),
    },
    options.concurrency,
  );
}
