/**
 * Words and figures the renderers share: change counts, display-type names,
 * keyword differences with the budget, unified diffs of long text.
 */
import { structuredPatch } from "diff";
import { displayTypeInfo } from "../../model/display-types.js";
import { characterCount, FIELDS } from "../../model/fields.js";
import type { BlockedChange, Change, ChangeKind, Plan } from "../plan/plan.js";

const KIND_WORDS: Record<ChangeKind, [string, string]> = {
  "localization-create": ["locale to create", "locales to create"],
  "localization-delete": ["locale to delete", "locales to delete"],
  "field-update": ["field to update", "fields to update"],
  "screenshot-set-create": ["screenshot set to create", "screenshot sets to create"],
  "screenshot-set-delete": ["screenshot set to delete", "screenshot sets to delete"],
  "screenshot-upload": ["screenshot to upload", "screenshots to upload"],
  "screenshot-reorder": ["set to reorder", "sets to reorder"],
  "screenshot-delete": ["screenshot to delete", "screenshots to delete"],
};

export const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "7 changes in 2 locales: 3 fields to update, 4 screenshots to upload; 1 blocked". */
export function summaryLine(plan: Plan): string {
  const { summary } = plan;
  if (summary.changes === 0 && summary.blocked === 0 && summary.errors === 0) return "No changes: App Store Connect matches the repository.";
  const parts = Object.entries(summary.byKind).map(([kind, count]) => plural(count!, ...KIND_WORDS[kind as ChangeKind]));
  const locales = new Set(plan.changes.map((change) => change.locale)).size;
  const head = summary.changes === 0 ? "No changes to make" : `${plural(summary.changes, "change", "changes")} in ${plural(locales, "locale", "locales")}: ${parts.join(", ")}`;
  const tail = [summary.blocked ? `${summary.blocked} blocked` : "", summary.errors ? plural(summary.errors, "error", "errors") : ""].filter(Boolean);
  return tail.length ? `${head}; ${tail.join(", ")}` : head;
}

export function displayName(displayType: string | undefined): string {
  if (!displayType) return "";
  return displayTypeInfo(displayType)?.alias ?? displayType;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface KeywordDifference {
  added: string[];
  removed: string[];
  used: number;
  limit: number;
}

export function keywordDifference(before: string | null, after: string): KeywordDifference {
  const split = (value: string | null) => (value ?? "").split(",").map((item) => item.trim()).filter(Boolean);
  const old = split(before);
  const next = split(after);
  const has = (list: string[], item: string) => list.some((other) => other.toLowerCase() === item.toLowerCase());
  return {
    added: next.filter((item) => !has(old, item)),
    removed: old.filter((item) => !has(next, item)),
    used: characterCount(after),
    limit: FIELDS.keywords.maxLength,
  };
}

/** Text that reads better as a line diff than as before -> after. */
export function isLongText(field: string, before: string | null, after: string): boolean {
  return field === "description" || field === "whatsNew" || (before ?? "").includes("\n") || after.includes("\n") || Math.max((before ?? "").length, after.length) > 120;
}

/** Unified-diff lines (" ", "-", "+" prefixed, "@@" hunk heads) between two texts. */
export function textDiffLines(before: string | null, after: string, context = 2): string[] {
  const patch = structuredPatch("live", "repository", `${before ?? ""}\n`, `${after}\n`, "", "", { context });
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    if (patch.hunks.length > 1) lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    lines.push(...hunk.lines.filter((line) => !line.startsWith("\\")));
  }
  return lines;
}

export function groupByLocale(plan: Plan): Map<string, { changes: Change[]; blocked: BlockedChange[] }> {
  const groups = new Map<string, { changes: Change[]; blocked: BlockedChange[] }>();
  const group = (locale: string) => {
    let found = groups.get(locale);
    if (!found) groups.set(locale, (found = { changes: [], blocked: [] }));
    return found;
  };
  for (const change of plan.changes) group(change.locale).changes.push(change);
  for (const blocked of plan.blocked) group(blocked.locale).blocked.push(blocked);
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function whereOf(item: { source?: { file: string; line?: number; column?: number } }): string {
  const source = item.source;
  if (!source) return "";
  return source.line ? `${source.file}:${source.line}` : source.file;
}

export function versionLine(plan: Plan): string {
  const { app } = plan;
  const version = app.version ? `version ${app.version.versionString} (${app.version.state})` : "no editable version";
  const live = app.liveVersion ? `, on sale ${app.liveVersion.versionString}` : "";
  return `${app.name ?? app.bundleId} (${app.bundleId}) · ${app.platform} ${version}${live} · rotations as of ${plan.today}`;
}

export function deleteReason(reason: string): string {
  switch (reason) {
    case "replaced":
      return "replaced by the new file";
    case "removed":
      return "no longer in the repository";
    case "duplicate":
      return "a second copy of the same file";
    case "stuck-processing":
      return "App Store Connect never finished processing it; uploaded again";
    case "stale-reservation":
      return "an unfinished upload reservation";
    case "failed-processing":
      return "App Store Connect failed to process it";
    default:
      return reason;
  }
}
