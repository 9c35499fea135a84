/** The changes the previews resource owns: sets created, videos uploaded, reordered, deleted, poster frames set. */
import type { ChangeSource } from "../../contracts/plan.js";

interface PreviewChangeBase {
  locale: string;
  /** Apple's previewType (IPHONE_67); named displayType as every set's type is, for the renderers and blocked changes. */
  displayType: string;
  source?: ChangeSource;
}

export interface PreviewSetCreate extends PreviewChangeBase {
  kind: "preview-set-create";
}

export interface PreviewUpload extends PreviewChangeBase {
  kind: "preview-upload";
  /** Display path of the file. */
  file: string;
  fileName: string;
  fileSize: number;
  checksum: string;
  mimeType: string;
  /** 1-based position in the set once applied. */
  position: number;
  /** Seconds, and the frame size: what the PR comment shows. */
  duration: number;
  width: number;
  height: number;
  posterFrame: string;
}

export type PreviewDeleteReason = "removed" | "stale-reservation" | "failed-processing";

export interface PreviewDelete extends PreviewChangeBase {
  kind: "preview-delete";
  previewId: string;
  fileName: string;
  checksum: string | null;
  reason: PreviewDeleteReason;
}

export interface PreviewReorder extends PreviewChangeBase {
  kind: "preview-reorder";
  /** File names in the live order (after uploads and deletes, before the reorder). */
  before: string[];
  after: string[];
  /** Checksums in the repository's order: what apply matches live previews by. */
  checksums: string[];
}

/** A live preview whose poster frame is not the repository's (set once the video is processed). */
export interface PreviewPoster extends PreviewChangeBase {
  kind: "preview-poster";
  previewId: string;
  fileName: string;
  before: string | null;
  after: string;
}

export type PreviewChange = PreviewSetCreate | PreviewUpload | PreviewDelete | PreviewReorder | PreviewPoster;
