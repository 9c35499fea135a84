/** app.yml `release.phased`: true (= active), false (none), or { state: active | paused }. */
import type { LoadedFiles } from "../../contracts/files.js";
import type { ChangeSource } from "../../contracts/plan.js";

export interface DesiredPhasedRelease {
  /** Absent: unmanaged. null: no phased release; else the phasedReleaseState wanted. */
  phasedRelease?: { state: "ACTIVE" | "PAUSED" | null; source: ChangeSource };
}

export function phasedReleaseDesired(files: LoadedFiles): DesiredPhasedRelease {
  const release = (files.appDocument?.value as { release?: { phased?: unknown } } | undefined)?.release;
  const phased = release && typeof release === "object" ? release.phased : undefined;
  const location = files.appDocument?.locations.get("/release/phased");
  const position = location?.key ?? location?.value;
  const source: ChangeSource = { file: files.appFile, ...(position ? { line: position.line, column: position.column } : {}) };
  if (typeof phased === "boolean") return { phasedRelease: { state: phased ? "ACTIVE" : null, source } };
  const state = phased && typeof phased === "object" ? (phased as { state?: unknown }).state : undefined;
  if (state === "active" || state === "paused") return { phasedRelease: { state: state === "active" ? "ACTIVE" : "PAUSED", source } };
  return {};
}
