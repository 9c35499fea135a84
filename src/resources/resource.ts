/**
 * One App Store resource behind one small interface (DESIGN.md §5), as
 * Terraform providers and EAS Metadata tasks do: the engine calls each stage
 * through it, so a new resource is a new folder. The foundation gives each its
 * part of the DesiredState; reading, diffing and applying join it in later stages.
 */
import type { LoadedFiles } from "../engine/load/files.js";
import type { SourcePosition } from "../engine/diagnostics.js";

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
