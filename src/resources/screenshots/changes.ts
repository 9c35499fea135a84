/** The changes the screenshots resource owns: sets created and deleted, screenshots uploaded, deleted and reordered. */
import type { ChangeSource } from "../../contracts/plan.js";

interface ScreenshotChangeBase {
  locale: string;
  displayType: string;
  source?: ChangeSource;
}

export interface ScreenshotSetCreate extends ScreenshotChangeBase {
  kind: "screenshot-set-create";
}

export interface ScreenshotSetDelete extends ScreenshotChangeBase {
  kind: "screenshot-set-delete";
  setId: string;
  /** File names of the screenshots that go with it. */
  screenshots: string[];
}

export interface ScreenshotUpload extends ScreenshotChangeBase {
  kind: "screenshot-upload";
  /** Display path of the file. */
  file: string;
  fileName: string;
  fileSize: number;
  checksum: string;
  /** 1-based position in the set once applied. */
  position: number;
  /** The live screenshot this one replaces (same file name, other bytes), if any. */
  replaces?: string;
}

/** duplicate: a second live screenshot of one file in a set (two applies at once); stuck-processing: UPLOAD_COMPLETE past the wait, uploaded again. */
export type ScreenshotDeleteReason = "removed" | "replaced" | "duplicate" | "stale-reservation" | "failed-processing" | "stuck-processing" | "pruned";

export interface ScreenshotDelete extends ScreenshotChangeBase {
  kind: "screenshot-delete";
  screenshotId: string;
  fileName: string;
  checksum: string | null;
  reason: ScreenshotDeleteReason;
}

export interface ScreenshotReorder extends ScreenshotChangeBase {
  kind: "screenshot-reorder";
  /** File names in the live order (after uploads and deletes, before the reorder). */
  before: string[];
  /** File names in the repository's order. */
  after: string[];
  /** Checksums in the repository's order: what apply matches live screenshots by. */
  checksums: string[];
}

export type ScreenshotChange = ScreenshotSetCreate | ScreenshotSetDelete | ScreenshotUpload | ScreenshotDelete | ScreenshotReorder;
