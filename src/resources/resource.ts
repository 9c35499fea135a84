/**
 * One App Store resource behind one small interface (DESIGN.md §5), as
 * Terraform providers and EAS Metadata tasks do: the engine calls each stage
 * through it, so a new resource is a new folder. The foundation gives each its
 * part of the DesiredState; reading, diffing and applying join it in later stages.
 */
import type { LoadedFiles } from "../engine/load/files.js";
import type { SourcePosition } from "../engine/diagnostics.js";
import type { LiveState } from "../engine/live-state.js";
import type { BlockedChange, Change, PendingScreenshot } from "../engine/plan/plan.js";

export interface ResourceDesired<D> {
  name: string;
  /** Its part of the DesiredState, from files that validated clean. */
  desired(files: LoadedFiles): D;
}

/** Where a desired value came from, so later errors point back at the file and line. */
export interface FieldSources {
  file: string;
  positions: Record<string, SourcePosition>;
}


export interface DiffContext {
  /** UTC date (YYYY-MM-DD) that decides which rotation is in force. */
  today: string;
  prune: boolean;
  /** No screenshots folder: live screenshot sets are left alone, even with prune. */
  screenshotsUnmanaged: boolean;
  /** What the other resources need to know of the live state: versions, appInfo, the app. */
  live: LiveState;
  /** Locales with a metadata file. */
  localeFiles: ReadonlySet<string>;
  /** Locales the repository manages at all: a metadata file or a screenshot folder. */
  managedLocales: ReadonlySet<string>;
}

export interface DiffResult {
  changes: Change[];
  blocked: BlockedChange[];
  pending?: PendingScreenshot[];
}
