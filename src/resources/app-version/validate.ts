/**
 * Rules of `release` beyond the schema, each at its line and column: a
 * scheduled release needs a date, the date is an ISO 8601 instant in UTC (Z)
 * on the whole hour (App Store Connect releases on the hour; fastlane and EAS
 * drop the minutes before sending), and a date without `type: scheduled` is a
 * mistake. Whether the date is still ahead is the plan's to say (diff.ts),
 * against its clock.
 */
import type { Diagnostic } from "../../contracts/diagnostics.js";
import type { LoadedFiles } from "../../contracts/files.js";

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z$/;

export function validateRelease(files: LoadedFiles): Diagnostic[] {
  const document = files.appDocument;
  const release = (document?.value as { release?: unknown } | undefined)?.release;
  if (!document || release === null || typeof release !== "object" || Array.isArray(release)) return [];
  const { type, date } = release as { type?: unknown; date?: unknown };
  const at = (pointer: string) => {
    const location = document.locations.get(pointer);
    const position = location?.value ?? location?.key;
    return { file: files.appFile, ...(position ? { line: position.line, column: position.column } : {}) };
  };
  const found: Diagnostic[] = [];
  const error = (pointer: string, field: string, message: string) => found.push({ severity: "error", rule: "release.date", ...at(pointer), field, message });
  if (type === "scheduled" && date === undefined)
    error("/release/type", "release.date", "release.type is scheduled but release.date is missing; add date: 2027-01-15T17:00:00Z (a whole hour, UTC)");
  if (date !== undefined && type !== "scheduled")
    error(
      "/release/date",
      "release.date",
      `release.date is set but release.type is ${type === undefined ? "not set" : String(type)}; ` +
        "a date applies only to type: scheduled (set it, or remove the date)",
    );
  if (typeof date === "string") {
    const parts = ISO_UTC.exec(date);
    const instant = new Date(date);
    if (!parts || Number.isNaN(instant.getTime()) || instant.toISOString().slice(0, 16) !== `${date.slice(0, 16)}`)
      error("/release/date", "release.date", `release.date "${date}" is not a UTC date and time; write it as 2027-01-15T17:00:00Z (ISO 8601, ending in Z)`);
    else if (parts[5] !== "00" || (parts[6] ?? "00") !== "00" || Number(parts[7] ?? 0) !== 0)
      error(
        "/release/date",
        "release.date",
        `release.date "${date}" is not on the whole hour; App Store Connect schedules releases by the hour: use ${date.slice(0, 13)}:00:00Z`,
      );
  }
  return found;
}
