/**
 * app.yml's `release` (type and date) and `build`, as App Store Connect names
 * them: releaseType MANUAL | AFTER_APPROVAL | SCHEDULED, earliestReleaseDate
 * (an ISO instant), and the build wanted ("latest" or a build number).
 */
import type { LoadedFiles } from "../../contracts/files.js";
import type { FieldSources } from "../../contracts/resource.js";

export type ReleaseType = "MANUAL" | "AFTER_APPROVAL" | "SCHEDULED";

export const RELEASE_TYPES: Readonly<Record<string, ReleaseType>> = { manual: "MANUAL", "after-approval": "AFTER_APPROVAL", scheduled: "SCHEDULED" };

/** The release type as app.yml writes it. */
export const releaseTypeWord = (type: string): string => Object.entries(RELEASE_TYPES).find(([, value]) => value === type)?.[0] ?? type;

export interface DesiredAppVersion {
  /** Absent: none of its keys is managed. */
  appVersion?: {
    releaseType?: ReleaseType;
    /** With SCHEDULED only, normalized (2027-01-15T17:00:00.000Z). */
    earliestReleaseDate?: string;
    /** "latest" or a build number. */
    build?: string;
    /** The version's copyright line (app.yml `copyright`). */
    copyright?: string;
    sources: FieldSources;
  };
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function appVersionDesired(files: LoadedFiles): DesiredAppVersion {
  const root = asRecord(files.appDocument?.value);
  const release = asRecord(root.release);
  const positions: FieldSources["positions"] = {};
  const at = (pointer: string) => files.appDocument?.locations.get(pointer)?.value;
  for (const [field, pointer] of [
    ["versionString", "/version"],
    ["releaseType", "/release/type"],
    ["earliestReleaseDate", "/release/date"],
    ["build", "/build"],
    ["copyright", "/copyright"],
  ] as const) {
    const position = at(pointer);
    if (position) positions[field] = position;
  }
  const releaseType = typeof release.type === "string" ? RELEASE_TYPES[release.type] : undefined;
  const date = releaseType === "SCHEDULED" && typeof release.date === "string" ? new Date(release.date) : undefined;
  const build = typeof root.build === "string" || typeof root.build === "number" ? String(root.build) : undefined;
  const copyright = typeof root.copyright === "string" ? root.copyright : undefined;
  if (!releaseType && build === undefined && copyright === undefined && files.app.version === undefined) return {};
  return {
    appVersion: {
      ...(releaseType ? { releaseType } : {}),
      ...(date && !Number.isNaN(date.getTime()) ? { earliestReleaseDate: date.toISOString() } : {}),
      ...(build !== undefined ? { build } : {}),
      ...(copyright !== undefined ? { copyright } : {}),
      sources: { file: files.appFile, positions },
    },
  };
}
