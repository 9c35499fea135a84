/**
 * What the localization changes (app info and version) look like in every
 * rendering: a few words, the terminal plan (short fields as before → after,
 * keywords as added / removed with the budget, long text as a line diff) and
 * the Markdown section (a table of short fields, keyword lines, diff blocks).
 */
import { structuredPatch } from "diff";
import type { ChangeDetail, ChangeIdentity, MarkdownPart, MarkdownPen, MarkdownSection, ResourceDescribe, TextPen, Versions } from "../contracts/resource.js";
import { characterCount, FIELDS } from "../model/fields.js";
import { isOnSaleState } from "../model/version-states.js";
import { plural } from "../util/plural.js";
import type { FieldUpdate, LocalizationChange } from "./localization-changes.js";

/** Which localization a change is of: "app info", "version 2.4.0", "version 2.3.1 (on sale)". */
export function localizationLabel(item: Pick<ChangeIdentity, "resource" | "target">, app?: Versions): string | undefined {
  if (item.resource === "appInfoLocalizations") return "app info";
  if (item.resource !== "appStoreVersionLocalizations") return undefined;
  const version = item.target === "live" ? app?.liveVersion : app?.version;
  if (!version) return item.target === "live" ? "version on sale" : "version";
  return `version ${version.versionString}${isOnSaleState(version.state) ? " (on sale)" : ""}`;
}

export interface KeywordDifference {
  added: string[];
  removed: string[];
  used: number;
  limit: number;
}

export function keywordDifference(before: string | null, after: string): KeywordDifference {
  const split = (value: string | null) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
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
  return (
    field === "description" ||
    field === "whatsNew" ||
    (before ?? "").includes("\n") ||
    after.includes("\n") ||
    Math.max((before ?? "").length, after.length) > 120
  );
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

const KIND_WORDS: Record<LocalizationChange["kind"], [string, string]> = {
  "localization-create": ["locale to create", "locales to create"],
  "localization-delete": ["locale to delete", "locales to delete"],
  "field-update": ["field to update", "fields to update"],
};

/**
 * Locales to create or delete, counted as a user means them: one new locale is
 * one locale, though it takes two creates (its app info and its version localization).
 */
function localeCount(changes: readonly LocalizationChange[], kind: "localization-create" | "localization-delete"): string {
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

function what(item: ChangeIdentity, app?: Versions): string {
  const localization = localizationLabel(item, app);
  switch (item.kind) {
    case "field-update": {
      const update = `update ${item.field ?? "a field"}`;
      if (!localization) return update;
      return item.resource === "appInfoLocalizations" ? `${update} (app info)` : `${update} on ${localization}`;
    }
    case "localization-create":
      return localization ? `create the ${localization} localization` : "create the localization";
    default:
      return `delete the ${localization ? `${localization} ` : ""}localization (prune)`;
  }
}

const quote = (text: string | null) => (text === null ? "(none)" : JSON.stringify(text));
const which = (change: LocalizationChange) => (change.resource === "appInfoLocalizations" ? "app info" : "version");

function fieldText(change: FieldUpdate, pen: TextPen): string[] {
  const { style } = pen;
  const at = pen.at(change);
  const target = change.target === "live" ? ` on ${localizationLabel(change, pen.app)}` : "";
  const rotation = change.rotation ? style("cyan", ` [rotation ${change.rotation.from} to ${change.rotation.until}]`) : "";
  if (change.field === "keywords") {
    const keywords = keywordDifference(change.before, change.after);
    const added = keywords.added.map((item) => style("green", `+${item}`));
    const removed = keywords.removed.map((item) => style("red", `-${item}`));
    return [`  ~ keywords${target}: ${[...added, ...removed].join(" ") || "reordered"} (${keywords.used}/${keywords.limit})${rotation}${at}`];
  }
  if (!isLongText(change.field, change.before, change.after))
    return [`  ~ ${change.field}${target}: ${quote(change.before)} → ${quote(change.after)}${rotation}${at}`];
  const diffLines = textDiffLines(change.before, change.after);
  const paint = (line: string) => (line.startsWith("+") ? style("green", line) : line.startsWith("-") ? style("red", line) : line);
  const shown = diffLines.slice(0, pen.maxDiffLines).map((line) => `      ${paint(line)}`);
  if (diffLines.length > pen.maxDiffLines) shown.push(style("dim", `      … ${diffLines.length - pen.maxDiffLines} more lines (see --json)`));
  return [`  ~ ${change.field}${target}${rotation}${at}`, ...shown];
}

function text(change: LocalizationChange, pen: TextPen): string[] {
  switch (change.kind) {
    case "localization-create":
      return [pen.style("green", `  + create ${which(change)} localization with ${Object.keys(change.fields).join(", ") || "no fields"}`) + pen.at(change)];
    case "localization-delete":
      return [pen.style("red", `  - delete ${which(change)} localization (prune)`)];
    case "field-update":
      return fieldText(change, pen);
  }
}

/** The sections of a locale's Markdown the localization changes fill, in this order, before the resources after them. */
const SECTIONS = {
  localizations: { id: "localizations", rank: 10 },
  fields: { id: "fields", rank: 11, head: ["| field | live | repository |", "|---|---|---|"] },
  keywords: { id: "keywords", rank: 12, spaced: true },
  text: { id: "long-text", rank: 13, spaced: true },
} satisfies Record<string, MarkdownSection>;

function fieldLabel(change: FieldUpdate, pen: MarkdownPen): string {
  const target = change.target === "live" ? ` on ${pen.plain(localizationLabel(change, pen.app) ?? "")}` : "";
  const rotation = change.rotation ? ` :calendar: ${change.rotation.from} → ${change.rotation.until}` : "";
  return `\`${change.field}\`${target}${rotation}`;
}

function fieldMarkdown(change: FieldUpdate, pen: MarkdownPen): MarkdownPart {
  if (change.field === "keywords") {
    const keywords = keywordDifference(change.before, change.after);
    const list = (items: string[]) => items.map((item) => `<code>${pen.plain(item)}</code>`).join(", ") || "none";
    const line = `**${fieldLabel(change, pen)}** (${keywords.used}/${keywords.limit}): added ${list(keywords.added)}; removed ${list(keywords.removed)}`;
    return { section: SECTIONS.keywords, lines: [line] };
  }
  if (!isLongText(change.field, change.before, change.after))
    return { section: SECTIONS.fields, lines: [`| ${fieldLabel(change, pen)} | ${pen.cell(change.before)} | ${pen.cell(change.after)} |`] };
  const lines = textDiffLines(change.before, change.after);
  const limit = pen.detail === "full" ? 200 : 12;
  const shown = lines.slice(0, limit);
  if (lines.length > limit) shown.push(`… ${lines.length - limit} more lines in the plan JSON`);
  return { section: SECTIONS.text, lines: [`**${fieldLabel(change, pen)}**${change.source ? ` (${pen.where(change)})` : ""}`, "", pen.fence("diff", shown)] };
}

function markdown(change: LocalizationChange, pen: MarkdownPen): MarkdownPart {
  switch (change.kind) {
    case "localization-create": {
      const fields =
        Object.keys(change.fields)
          .map((field) => `\`${field}\``)
          .join(", ") || "no fields";
      return { section: SECTIONS.localizations, lines: [`- :new: create the ${which(change)} localization with ${fields}`] };
    }
    case "localization-delete":
      return { section: SECTIONS.localizations, lines: [`- :wastebasket: delete the ${which(change)} localization (prune)`] };
    case "field-update":
      return fieldMarkdown(change, pen);
  }
}

/** Structured, for the HTML report: keywords with the budget, long text as a diff, short fields as before and after. */
function detail(change: LocalizationChange, app?: Versions): ChangeDetail[] {
  switch (change.kind) {
    case "localization-create":
      return [{ type: "values", rows: Object.entries(change.fields).map(([field, value]) => ({ label: field, before: null, after: value ?? null })) }];
    case "localization-delete":
      return [];
    case "field-update": {
      const target = change.target === "live" ? ` on ${localizationLabel(change, app)}` : "";
      const label = `${change.field}${target}${change.rotation ? ` (rotation ${change.rotation.from} to ${change.rotation.until})` : ""}`;
      if (change.field === "keywords") return [{ type: "keywords", label, ...keywordDifference(change.before, change.after) }];
      if (isLongText(change.field, change.before, change.after)) return [{ type: "diff", label, lines: textDiffLines(change.before, change.after) }];
      return [{ type: "values", rows: [{ label, before: change.before, after: change.after }] }];
    }
  }
}

export const localizationDescribe: ResourceDescribe<LocalizationChange> = {
  what,
  count: (kind, changes) =>
    kind === "localization-create" || kind === "localization-delete"
      ? localeCount(changes, kind)
      : plural(changes.length, ...KIND_WORDS[kind as LocalizationChange["kind"]]),
  text,
  markdown,
  detail,
};
