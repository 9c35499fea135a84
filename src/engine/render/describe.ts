/**
 * Words and figures the renderers share: change counts, display-type names,
 * keyword differences with the budget, unified diffs of long text.
 */
import { structuredPatch } from "diff";
import { displayTypeInfo } from "../../model/display-types.js";
import { characterCount, FIELDS } from "../../model/fields.js";
import { isOnSale } from "../live-state.js";
import { plural } from "../../util/plural.js";
import type { BlockedChange, Change, ChangeKind, LocalizationResource, Plan, PlanApp } from "../plan/plan.js";

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

// Re-exported for the renderers and reports that take it from here.
export { plural };

/**
 * Locales to create or delete, counted as a user means them: one new locale is
 * one locale, though it takes two creates (its app info and its version localization).
 */
function localeCount(changes: readonly Change[], kind: "localization-create" | "localization-delete"): string {
  const resources = new Map<string, Set<string>>();
  for (const change of changes) if (change.kind === kind) resources.set(change.locale, (resources.get(change.locale) ?? new Set()).add(change.resource));
  const appInfo = [...resources.values()].filter((set) => set.has("appInfoLocalizations")).length;
  const version = [...resources.values()].filter((set) => set.has("appStoreVersionLocalizations")).length;
  const which =
    appInfo === resources.size && version === resources.size
      ? "app info and version"
      : version === 0
        ? "app info"
        : appInfo === 0
          ? "version"
          : `${appInfo} app info and ${plural(version, "version localization", "version localizations")}`;
  return `${plural(resources.size, ...KIND_WORDS[kind])} (${which})`;
}

/** "7 changes in 2 locales: 1 locale to create (app info and version), 4 screenshots to upload; 1 change blocked (…)". */
export function summaryLine(plan: Plan): string {
  const { summary } = plan;
  if (summary.changes === 0 && summary.blocked === 0 && summary.errors === 0) return "No changes: App Store Connect matches the repository.";
  const parts = Object.entries(summary.byKind).map(([kind, count]) =>
    kind === "localization-create" || kind === "localization-delete" ? localeCount(plan.changes, kind) : plural(count!, ...KIND_WORDS[kind as ChangeKind]),
  );
  const locales = new Set(plan.changes.map((change) => change.locale)).size;
  const errors = summary.errors ? plural(summary.errors, "error", "errors") : "";
  if (summary.changes === 0 && summary.blocked > 0)
    return `No change can be made now: ${plural(summary.blocked, "change is", "changes are")} blocked, so App Store Connect still differs from the repository${errors ? `; ${errors}` : ""}.`;
  const head = summary.changes === 0 ? "No changes to make" : `${plural(summary.changes, "change", "changes")} in ${plural(locales, "locale", "locales")}: ${parts.join(", ")}`;
  const blocked = summary.blocked ? `${plural(summary.blocked, "change", "changes")} blocked (not applied: App Store Connect will still differ)` : "";
  const tail = [blocked, errors].filter(Boolean);
  return tail.length ? `${head}; ${tail.join(", ")}` : head;
}

/** What identifies a change, a blocked change or an apply step, for saying what it is. */
export interface ChangeIdentity {
  kind: ChangeKind;
  resource?: LocalizationResource;
  /** "live": the version on sale (promotionalText). */
  target?: "editable" | "live";
  field?: string;
  displayType?: string;
  fileName?: string;
}

/** The versions a plan, a report or the live state knows: the managed one and the one on sale. */
export type Versions = Pick<PlanApp, "version" | "liveVersion">;

/** Which localization a change is of: "app info", "version 2.4.0", "version 2.3.1 (on sale)". */
export function localizationLabel(item: Pick<ChangeIdentity, "resource" | "target">, app?: Versions): string | undefined {
  if (item.resource === "appInfoLocalizations") return "app info";
  if (item.resource !== "appStoreVersionLocalizations") return undefined;
  const version = item.target === "live" ? app?.liveVersion : app?.version;
  if (!version) return item.target === "live" ? "version on sale" : "version";
  return `version ${version.versionString}${isOnSale(version.state) ? " (on sale)" : ""}`;
}

/** One change in words: "update promotionalText on version 2.3.1 (on sale)", "create the app info localization", "upload 01-home.png to iphone-6.9". */
export function describeChange(item: ChangeIdentity, app?: Versions): string {
  const set = displayName(item.displayType);
  const localization = localizationLabel(item, app);
  switch (item.kind) {
    case "field-update": {
      const what = `update ${item.field ?? "a field"}`;
      if (!localization) return what;
      return item.resource === "appInfoLocalizations" ? `${what} (app info)` : `${what} on ${localization}`;
    }
    case "localization-create":
      return localization ? `create the ${localization} localization` : "create the localization";
    case "localization-delete":
      return `delete the ${localization ? `${localization} ` : ""}localization (prune)`;
    case "screenshot-set-create":
      return `create the ${set} set`;
    case "screenshot-set-delete":
      return `delete the ${set} set (prune)`;
    case "screenshot-upload":
      return `upload ${item.fileName ?? "a screenshot"} to ${set}`;
    case "screenshot-delete":
      return `delete ${item.fileName ?? "a screenshot"} from ${set}`;
    case "screenshot-reorder":
      return `reorder ${set}`;
  }
}

/** "it: create the iphone-6.9 set: <why> (screenshots/it/iphone-6.9)". */
export function blockedLine(blocked: BlockedChange, app?: PlanApp): string {
  return `${blockedWhat(blocked, app)}: ${blocked.reason}${blockedWhere(blocked)}`;
}

/** "it: create the iphone-6.9 set": which change is blocked, without why. */
export const blockedWhat = (blocked: BlockedChange, app?: PlanApp): string => `${blocked.locale}: ${describeChange(blocked, app)}`;

const blockedWhere = (blocked: BlockedChange): string => {
  const where = whereOf(blocked);
  return where ? ` (${where})` : "";
};

/**
 * Blocked changes as lines, those that share a reason under it (a version on
 * sale blocks every text field at once): `{ text, depth }`, depth 1 under a reason.
 */
export function blockedLines(blocked: readonly BlockedChange[], app?: PlanApp): { text: string; depth: 0 | 1 }[] {
  const byReason = new Map<string, BlockedChange[]>();
  for (const item of blocked) {
    const group = byReason.get(item.reason);
    if (group) group.push(item);
    else byReason.set(item.reason, [item]);
  }
  return [...byReason].flatMap(([reason, items]) => {
    if (items.length === 1) return [{ text: blockedLine(items[0]!, app), depth: 0 as const }];
    const each = items.map((item) => ({ text: `${blockedWhat(item, app)}${blockedWhere(item)}`, depth: 1 as const }));
    return [{ text: `${plural(items.length, "change", "changes")}: ${reason}`, depth: 0 as const }, ...each];
  });
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

/** The plan's changes by locale, locales in code-unit order (blocked changes are listed apart, at the top). */
export function groupByLocale(plan: Plan): Map<string, Change[]> {
  const groups = new Map<string, Change[]>();
  for (const change of plan.changes) {
    const group = groups.get(change.locale);
    if (group) group.push(change);
    else groups.set(change.locale, [change]);
  }
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
