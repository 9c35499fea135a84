/**
 * The Plan (DESIGN.md §6): plain, JSON-serialisable data. `diff` makes it,
 * `render/*` shows it, `apply` executes it; none of them shares other state.
 */
import type { LocalizationResource } from "../../model/fields.js";
import type { SourcePosition } from "../diagnostics.js";

export const PLAN_SCHEMA_VERSION = 1;

/** Where a localization lives in App Store Connect: declared once, beside the fields that live there. */
export type { LocalizationResource };

/** Where in the repository a change comes from. */
export interface ChangeSource extends Partial<SourcePosition> {
  file: string;
}

interface ChangeBase {
  locale: string;
  source?: ChangeSource;
}

/** One text field of one localization. Apply sends all fields of a localization in ONE PATCH. */
export interface FieldUpdate extends ChangeBase {
  kind: "field-update";
  resource: LocalizationResource;
  /** "live": the READY_FOR_SALE version (promotionalText only, which needs no review). */
  target: "editable" | "live";
  localizationId: string;
  field: string;
  before: string | null;
  after: string;
  /** The dated rotation that decides today's value, if one does. */
  rotation?: { from: string; until: string };
}

export interface LocalizationCreate extends ChangeBase {
  kind: "localization-create";
  resource: LocalizationResource;
  /** The fields sent with the create. */
  fields: Record<string, string>;
}

export interface LocalizationDelete extends ChangeBase {
  kind: "localization-delete";
  resource: LocalizationResource;
  localizationId: string;
}

export interface ScreenshotSetCreate extends ChangeBase {
  kind: "screenshot-set-create";
  displayType: string;
}

export interface ScreenshotSetDelete extends ChangeBase {
  kind: "screenshot-set-delete";
  displayType: string;
  setId: string;
  /** File names of the screenshots that go with it. */
  screenshots: string[];
}

export interface ScreenshotUpload extends ChangeBase {
  kind: "screenshot-upload";
  displayType: string;
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

export interface ScreenshotDelete extends ChangeBase {
  kind: "screenshot-delete";
  displayType: string;
  screenshotId: string;
  fileName: string;
  checksum: string | null;
  reason: ScreenshotDeleteReason;
}

export interface ScreenshotReorder extends ChangeBase {
  kind: "screenshot-reorder";
  displayType: string;
  /** File names in the live order (after uploads and deletes, before the reorder). */
  before: string[];
  /** File names in the repository's order. */
  after: string[];
  /** Checksums in the repository's order: what apply matches live screenshots by. */
  checksums: string[];
}

export type Change =
  | FieldUpdate
  | LocalizationCreate
  | LocalizationDelete
  | ScreenshotSetCreate
  | ScreenshotSetDelete
  | ScreenshotUpload
  | ScreenshotDelete
  | ScreenshotReorder;

export type ChangeKind = Change["kind"];

/** A change the repository asks for that cannot be made now, and why. */
export interface BlockedChange {
  kind: ChangeKind;
  /** Which localization a blocked localization change is of (app info or version). */
  resource?: LocalizationResource;
  locale: string;
  field?: string;
  displayType?: string;
  reason: string;
  source?: ChangeSource;
}

export interface PlanError {
  message: string;
  source?: ChangeSource;
}

/** A screenshot still being processed by App Store Connect: neither missing nor to upload again. */
export interface PendingScreenshot {
  locale: string;
  displayType: string;
  fileName: string;
}

export interface UpcomingRotation {
  locale: string;
  field: string;
  /** The day the value changes (UTC). */
  date: string;
  /** The value from that day; null when the base value returns and the base is unmanaged. */
  value: string | null;
}

export interface PlanApp {
  id: string;
  bundleId: string;
  name?: string;
  platform: string;
  version?: { id: string; versionString: string; state: string; editable: boolean };
  liveVersion?: { id: string; versionString: string; state: string };
}

export interface PlanSummary {
  changes: number;
  blocked: number;
  errors: number;
  byKind: Partial<Record<ChangeKind, number>>;
  locales: string[];
}

export interface Plan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  /** The UTC date that decided the rotations. */
  today: string;
  app: PlanApp;
  blocked: BlockedChange[];
  changes: Change[];
  errors: PlanError[];
  pending: PendingScreenshot[];
  upcomingRotations: UpcomingRotation[];
  summary: PlanSummary;
}
