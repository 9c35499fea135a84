/**
 * The plan as GitHub Markdown for the sticky PR comment and the job summary
 * (DESIGN.md §6): summary line, errors and blocked changes first, one
 * collapsible section per locale, short fields as before → after, long text
 * as a unified diff, keywords as added / removed with the budget, screenshots
 * as a table. It folds to stay under GitHub's 65,536-character limit.
 */
import type { BlockedChange, Change, Plan, PlanApp } from "../plan/plan.js";
import {
  blockedLines,
  deleteReason,
  displayName,
  formatBytes,
  groupByLocale,
  isLongText,
  keywordDifference,
  localizationLabel,
  plural,
  summaryLine,
  textDiffLines,
  versionLine,
  whereOf,
} from "./describe.js";
import { inertMarkdown } from "./inert-markdown.js";

export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Hidden first line that identifies the comment for the upsert, e.g. `<!-- asc-gitops:plan metadata -->`. */
  marker?: string;
  /** Validation errors and warnings to show first, already formatted `path:line:column: message`. */
  diagnostics?: string[];
  /** Where the full plan is when this rendering folds (job summary, artifact). */
  fullPlanHint?: string;
  maxLength?: number;
}

/** A value inside a table cell: inert text in a <code> element, its line breaks kept as <br>. */
const cell = (text: string | null) => (text === null ? "<i>none</i>" : text === "" ? "<i>empty</i>" : `<code>${inertMarkdown(text, { lineBreak: "<br>" })}</code>`);
/** Text from the repository or Apple in a list item, heading or table cell: shown as written, never markup (inert-markdown.ts). */
export const plain = (text: string) => inertMarkdown(text);
/** A file and line in running text. */
const codeWhere = (item: Parameters<typeof whereOf>[0]) => `<code>${plain(whereOf(item))}</code>`;

/** A fenced block that stays valid whatever backticks the text holds. */
export function fence(language: string, lines: string[]): string {
  const longestRun = Math.max(0, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  const ticks = "`".repeat(Math.max(3, longestRun + 1));
  return `${ticks}${language}\n${lines.join("\n")}\n${ticks}`;
}

/** Blocked changes as a Markdown list, those that share a reason nested under it. */
export function blockedList(blocked: readonly BlockedChange[], app?: PlanApp): string[] {
  return blockedLines(blocked, app).map(({ text, depth }) => `${depth ? "  " : ""}- ${plain(text)}`);
}

type Detail = "full" | "compact";

function localeSection(plan: Plan, locale: string, changes: readonly Change[], detail: Detail): string {
  const parts: string[] = [];
  parts.push(`<details><summary><b>${plain(locale)}</b> · ${plural(changes.length, "change", "changes")}</summary>`, "");

  const fields = changes.filter((change): change is Extract<Change, { kind: "field-update" }> => change.kind === "field-update");
  const creates = changes.filter((change) => change.kind === "localization-create" || change.kind === "localization-delete");
  for (const change of creates) {
    if (change.kind === "localization-create")
      parts.push(`- :new: create the ${change.resource === "appInfoLocalizations" ? "app info" : "version"} localization with ${Object.keys(change.fields).map((field) => `\`${field}\``).join(", ") || "no fields"}`);
    else parts.push(`- :wastebasket: delete the ${change.resource === "appInfoLocalizations" ? "app info" : "version"} localization (prune)`);
  }
  if (creates.length) parts.push("");

  const short = fields.filter((change) => change.field !== "keywords" && !isLongText(change.field, change.before, change.after));
  if (short.length) {
    parts.push("| field | live | repository |", "|---|---|---|");
    for (const change of short) parts.push(`| ${fieldLabel(plan, change)} | ${cell(change.before)} | ${cell(change.after)} |`);
    parts.push("");
  }
  for (const change of fields.filter((item) => item.field === "keywords")) {
    const keywords = keywordDifference(change.before, change.after);
    const list = (items: string[]) => items.map((item) => `<code>${plain(item)}</code>`).join(", ") || "none";
    parts.push(`**${fieldLabel(plan, change)}** (${keywords.used}/${keywords.limit}): added ${list(keywords.added)}; removed ${list(keywords.removed)}`, "");
  }
  for (const change of fields.filter((item) => item.field !== "keywords" && isLongText(item.field, item.before, item.after))) {
    const lines = textDiffLines(change.before, change.after);
    const limit = detail === "full" ? 200 : 12;
    const shown = lines.slice(0, limit);
    if (lines.length > limit) shown.push(`… ${lines.length - limit} more lines in the plan JSON`);
    parts.push(`**${fieldLabel(plan, change)}**${change.source ? ` (${codeWhere(change)})` : ""}`, "", fence("diff", shown), "");
  }

  const screenshots = changes.filter((change) => change.kind.startsWith("screenshot-"));
  if (screenshots.length) {
    parts.push("| set | # | file | size | action |", "|---|---|---|---|---|");
    for (const change of screenshots) parts.push(screenshotRow(change));
    parts.push("");
  }
  parts.push("</details>", "");
  return parts.join("\n");
}

function fieldLabel(plan: Plan, change: Extract<Change, { kind: "field-update" }>): string {
  const target = change.target === "live" ? ` on ${plain(localizationLabel(change, plan.app) ?? "")}` : "";
  const rotation = change.rotation ? ` :calendar: ${change.rotation.from} → ${change.rotation.until}` : "";
  return `\`${change.field}\`${target}${rotation}`;
}

function screenshotRow(change: Change): string {
  switch (change.kind) {
    case "screenshot-set-create":
      return `| ${plain(displayName(change.displayType))} | | | | create set |`;
    case "screenshot-set-delete":
      return `| ${plain(displayName(change.displayType))} | | ${plural(change.screenshots.length, "screenshot", "screenshots")} | | delete set (prune) |`;
    case "screenshot-upload":
      return `| ${plain(displayName(change.displayType))} | ${change.position} | ${plain(change.fileName)} | ${formatBytes(change.fileSize)} | upload${change.replaces ? " (replaces the live one)" : ""} |`;
    case "screenshot-reorder":
      return `| ${plain(displayName(change.displayType))} | | ${change.after.map(plain).join(", ")} | | reorder |`;
    case "screenshot-delete":
      return `| ${plain(displayName(change.displayType))} | | ${plain(change.fileName)} | | delete: ${deleteReason(change.reason)} |`;
    default:
      return "";
  }
}

export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const head: string[] = [];
  if (options.marker) head.push(options.marker);
  head.push(`### asc-gitops plan · ${plain(plan.app.name ?? plan.app.bundleId)}`, "", `<sub>${plain(versionLine(plan))}</sub>`, "", `**${plain(summaryLine(plan))}**`, "");

  const problems = [...(options.diagnostics ?? []), ...plan.errors.map((error) => `${error.source ? `${whereOf(error)}: ` : ""}${error.message}`)];
  if (problems.length) {
    const shown = problems.slice(0, 50);
    head.push("> [!CAUTION]", "> Errors", ...shown.map((line) => `> - ${plain(line)}`));
    if (problems.length > shown.length) head.push(`> - … ${problems.length - shown.length} more`);
    head.push("");
  }
  if (plan.blocked.length) {
    const shown = plan.blocked.slice(0, 50);
    head.push(
      "> [!WARNING]",
      `> **${plural(plan.blocked.length, "change is", "changes are")} blocked**: apply cannot make ${plan.blocked.length === 1 ? "it" : "them"} now, ` +
        "so App Store Connect will still differ from the repository.",
      ...blockedList(shown, plan.app).map((line) => `> ${line}`),
    );
    if (plan.blocked.length > shown.length) head.push(`> - … ${plan.blocked.length - shown.length} more in the plan JSON`);
    head.push("");
  }

  const tail: string[] = [];
  if (plan.pending.length) tail.push(`<sub>${plural(plan.pending.length, "screenshot is", "screenshots are")} still processing in App Store Connect and will not be uploaded again.</sub>`, "");
  if (plan.upcomingRotations.length) {
    tail.push("<details><summary>Upcoming rotations</summary>", "", "| date | locale | field | value |", "|---|---|---|---|");
    for (const rotation of plan.upcomingRotations.slice(0, 60)) tail.push(`| ${plain(rotation.date)} | ${plain(rotation.locale)} | \`${rotation.field}\` | ${cell(rotation.value)} |`);
    if (plan.upcomingRotations.length > 60) tail.push(`| … | ${plan.upcomingRotations.length - 60} more | | |`);
    tail.push("", "</details>", "");
  }

  const groups = [...groupByLocale(plan)];
  const fixed = head.join("\n").length + tail.join("\n").length + 400;
  for (const detail of ["full", "compact"] as const) {
    const sections = groups.map(([locale, changes]) => localeSection(plan, locale, changes, detail));
    if (fixed + sections.join("\n").length <= maxLength) return [...head, ...sections, ...tail].join("\n").trimEnd() + "\n";
    if (detail === "compact") {
      const kept: string[] = [];
      let used = fixed;
      for (const section of sections) {
        if (used + section.length + 1 > maxLength) break;
        kept.push(section);
        used += section.length + 1;
      }
      const omitted = groups.slice(kept.length);
      const omittedChanges = omitted.reduce((sum, [, changes]) => sum + changes.length, 0);
      const note = `> [!NOTE]\n> ${plural(omitted.length, "more locale", "more locales")} (${plural(omittedChanges, "change", "changes")}) did not fit in this comment: ${plain(options.fullPlanHint ?? "see the job summary and the plan JSON")}.`;
      return [...head, ...kept, note, "", ...tail].join("\n").trimEnd() + "\n";
    }
  }
  return "";
}
