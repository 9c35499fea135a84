/**
 * app.yml's `submit: true` (the managed version should be in review, or past
 * it) and `release: { now: true }` (an approved version waiting for its
 * developer is released). Absent or false: asc-gitops neither submits nor releases.
 */
import type { LoadedFiles } from "../../contracts/files.js";
import type { FieldSources } from "../../contracts/resource.js";
import { displayPath } from "../../util/paths.js";

export interface DesiredSubmission {
  submission?: {
    submit: boolean;
    releaseNow: boolean;
    /** Positions of `submit` and `release.now`, and of the other app.yml keys a blocker points at (`version`, `contentRights`). */
    sources: FieldSources;
    /** Where the screenshots are read from (a blocker points at the folder to add). */
    screenshotsDir: string;
    /** app.yml names a primary category (its own resource sets it in this apply). */
    hasPrimaryCategory: boolean;
  };
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const POINTERS = { submit: "/submit", releaseNow: "/release/now", version: "/version", contentRights: "/contentRights", build: "/build", app: "/app" } as const;

export function submissionDesired(files: LoadedFiles): DesiredSubmission {
  const root = asRecord(files.appDocument?.value);
  const submit = root.submit === true;
  const releaseNow = asRecord(root.release).now === true;
  if (!submit && !releaseNow) return {};
  const positions: FieldSources["positions"] = {};
  for (const [name, pointer] of Object.entries(POINTERS)) {
    const location = files.appDocument?.locations.get(pointer);
    const position = location?.key ?? location?.value;
    if (position) positions[name] = position;
  }
  const hasPrimaryCategory = typeof asRecord(root.categories).primary === "string";
  const screenshotsDir = displayPath(files.screenshotsDir);
  return { submission: { submit, releaseNow, sources: { file: files.appFile, positions }, screenshotsDir, hasPrimaryCategory } };
}
