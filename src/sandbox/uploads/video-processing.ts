/**
 * What happens to an app preview after its commit, as with Apple: two state
 * machines (capabilities §1d). The video: UPLOAD_COMPLETE at the commit,
 * PROCESSING a moment later, then COMPLETE with `videoUrl`, or FAILED with
 * Apple's reason (not a video, a duration outside 15-30 s, a resolution the
 * type does not accept, more than 30 frames a second). The poster frame
 * (`previewFrameImage.state`): PROCESSING from the commit until a moment after
 * the video is done. The checksum may come late (the checksum-delay knob). The
 * deprecated `assetDeliveryState` is kept filled (some clients still poll it).
 */
import { DEFAULT_POSTER_FRAME, PREVIEW_DURATION, PREVIEW_MAX_FPS } from "../../model/fields.js";
import { previewTypeInfo } from "../../model/preview-types.js";
import { acceptsSize } from "../../model/display-types.js";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { readContainer } from "../../engine/validate/video-container.js";
import type { PreviewRecord, VideoOutcome } from "../store/records.js";

/** Moves a preview along its two state machines as time passes; true if it changed. */
export function settlePreview(preview: PreviewRecord, now: number): boolean {
  let changed = false;
  if (preview.state === "UPLOAD_COMPLETE" && preview.processingAt !== undefined && now >= preview.processingAt) {
    preview.state = "PROCESSING";
    changed = true;
  }
  if (preview.state === "PROCESSING" && preview.completeAt !== undefined && now >= preview.completeAt && preview.outcome) {
    const outcome = preview.outcome;
    if (outcome.state === "COMPLETE") {
      preview.state = "COMPLETE";
      preview.width = outcome.width;
      preview.height = outcome.height;
    } else {
      preview.state = "FAILED";
      preview.errors = outcome.errors;
      preview.frameState = "FAILED";
      delete preview.checksum;
    }
    delete preview.outcome;
    changed = true;
  }
  if (preview.state === "COMPLETE" && preview.frameState === "PROCESSING" && preview.frameAt !== undefined && now >= preview.frameAt) {
    preview.frameState = "COMPLETE";
    changed = true;
  }
  return changed;
}

const DEPRECATED_STATE: Record<PreviewRecord["state"], string> = {
  AWAITING_UPLOAD: "AWAITING_UPLOAD",
  UPLOAD_COMPLETE: "UPLOAD_COMPLETE",
  PROCESSING: "UPLOAD_COMPLETE",
  COMPLETE: "COMPLETE",
  FAILED: "FAILED",
};

export function previewAttributes(preview: PreviewRecord, origin: string, now = Date.now()): Record<string, unknown> {
  const errors = preview.state === "FAILED" ? (preview.errors ?? []) : [];
  const attributes: Record<string, unknown> = {
    fileSize: preview.fileSize,
    fileName: preview.fileName,
    previewFrameTimeCode: preview.previewFrameTimeCode ?? DEFAULT_POSTER_FRAME,
    mimeType: preview.mimeType,
  };
  if (preview.state === "COMPLETE") {
    if (preview.checksumAt === undefined || now >= preview.checksumAt) attributes.sourceFileChecksum = preview.checksum;
    attributes.videoUrl = `${origin}/video/${preview.assetToken}`;
  }
  if (preview.frameState) {
    attributes.previewFrameImage = {
      ...(preview.frameState === "COMPLETE"
        ? { image: { templateUrl: `${origin}/image/thumb/${preview.assetToken}/{w}x{h}bb.{f}`, width: preview.width, height: preview.height } }
        : {}),
      state: { state: preview.frameState, errors: [], warnings: [] },
    };
  }
  if (preview.state === "AWAITING_UPLOAD") {
    attributes.uploadOperations = preview.parts.map((part, index) => ({
      method: "PUT",
      url: `${origin}/upload/${preview.id}/${index + 1}?key=${preview.uploadKey}`,
      length: part.length,
      offset: part.offset,
      requestHeaders: [{ name: "Content-Type", value: preview.mimeType }],
    }));
  }
  attributes.assetDeliveryState = { errors, warnings: [], state: DEPRECATED_STATE[preview.state] };
  attributes.videoDeliveryState = { errors, warnings: [], state: preview.state };
  return attributes;
}

const failed = (code: string, description: string): VideoOutcome => ({ state: "FAILED", errors: [{ code, description }] });

/** Reads the committed bytes as Apple's processing would (the container, never decoded), and says how it will end. */
export async function videoOutcome(file: string, previewType: string): Promise<VideoOutcome> {
  let read: Awaited<ReturnType<typeof readContainer>>;
  try {
    // The sandbox's own copy of the committed bytes, not a repository file.
    const { size } = await stat(file);
    read = await readContainer({
      realPath: file,
      size,
      chunks: (highWaterMark) => createReadStream(file, { highWaterMark }) as AsyncIterable<Buffer>,
      close: async () => undefined,
    });
  } catch {
    return failed("VIDEO_TOOL_FAILURE", "The file could not be read.");
  }
  const facts = read.facts;
  if (!facts?.video) return failed("VIDEO_TOOL_FAILURE", "The file is not a video App Store Connect can process.");
  if (facts.duration < PREVIEW_DURATION.min || facts.duration > PREVIEW_DURATION.max)
    return failed("VIDEO_DURATION_INVALID", `The duration ${Math.round(facts.duration * 100) / 100} s is not between 15 and 30 seconds.`);
  const info = previewTypeInfo(previewType);
  if (info && !acceptsSize(info, facts.video.width, facts.video.height))
    return failed("VIDEO_INCORRECT_DIMENSIONS", `The dimensions ${facts.video.width}x${facts.video.height} are not accepted for ${previewType}.`);
  if (facts.video.frameRate > PREVIEW_MAX_FPS + 0.01)
    return failed("VIDEO_FRAME_RATE_INVALID", `The frame rate ${Math.round(facts.video.frameRate)} fps is above ${PREVIEW_MAX_FPS}.`);
  return { state: "COMPLETE", width: facts.video.width, height: facts.video.height };
}

export function videoMimeType(fileName: string): string {
  const extension = fileName.toLowerCase().split(".").pop();
  if (extension === "mov") return "video/quicktime";
  if (extension === "m4v") return "video/x-m4v";
  return "video/mp4";
}
