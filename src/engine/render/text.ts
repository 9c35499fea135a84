/**
 * The plan for a terminal: counts first, then errors and blocked changes, then
 * each locale's changes; long text as a short line diff. Colours only when asked.
 */
import { styled, type Style } from "../../util/styles.js";
import type { Change, Plan } from "../plan/plan.js";
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

export interface TextOptions {
  color: boolean;
  /** Only the per-locale sections: no heading, counts, blocked changes, pending or rotation lists (for reports that compose several). */
  sectionsOnly?: boolean;
  /** Lines of a long-text diff shown before folding. */
  maxDiffLines?: number;
}

const quote = (text: string | null) => (text === null ? "(none)" : JSON.stringify(text));

export function renderText(plan: Plan, options: TextOptions): string {
  const style = (name: Style, text: string) => (options.color ? styled(name, text) : text);
  const maxDiffLines = options.maxDiffLines ?? 12;
  const lines: string[] = [];
  if (!options.sectionsOnly) {
    lines.push(style("bold", `Plan: ${versionLine(plan)}`));
    lines.push(summaryLine(plan));
    for (const error of plan.errors) lines.push(style("red", `✗ error: ${error.message}${error.source ? ` (${whereOf(error)})` : ""}`));
    lines.push(...blockedSection(plan, (text) => style("yellow", text)));
  }

  const describe = (change: Change): string[] => {
    const where = whereOf(change);
    const at = where ? style("dim", `  ${where}`) : "";
    switch (change.kind) {
      case "localization-create":
        return [style("green", `  + create ${change.resource === "appInfoLocalizations" ? "app info" : "version"} localization with ${Object.keys(change.fields).join(", ") || "no fields"}`) + at];
      case "localization-delete":
        return [style("red", `  - delete ${change.resource === "appInfoLocalizations" ? "app info" : "version"} localization (prune)`)];
      case "field-update": {
        const target = change.target === "live" ? ` on ${localizationLabel(change, plan.app)}` : "";
        const rotation = change.rotation ? style("cyan", ` [rotation ${change.rotation.from} to ${change.rotation.until}]`) : "";
        if (change.field === "keywords") {
          const keywords = keywordDifference(change.before, change.after);
          const added = keywords.added.map((item) => style("green", `+${item}`));
          const removed = keywords.removed.map((item) => style("red", `-${item}`));
          return [`  ~ keywords${target}: ${[...added, ...removed].join(" ") || "reordered"} (${keywords.used}/${keywords.limit})${rotation}${at}`];
        }
        if (!isLongText(change.field, change.before, change.after)) return [`  ~ ${change.field}${target}: ${quote(change.before)} → ${quote(change.after)}${rotation}${at}`];
        const diffLines = textDiffLines(change.before, change.after);
        const shown = diffLines.slice(0, maxDiffLines).map((line) => `      ${line.startsWith("+") ? style("green", line) : line.startsWith("-") ? style("red", line) : line}`);
        if (diffLines.length > maxDiffLines) shown.push(style("dim", `      … ${diffLines.length - maxDiffLines} more lines (see --json)`));
        return [`  ~ ${change.field}${target}${rotation}${at}`, ...shown];
      }
      case "screenshot-set-create":
        return [style("green", `  + create screenshot set ${displayName(change.displayType)}`)];
      case "screenshot-set-delete":
        return [style("red", `  - delete screenshot set ${displayName(change.displayType)} (${plural(change.screenshots.length, "screenshot", "screenshots")}, prune)`)];
      case "screenshot-upload":
        return [style("green", `  + upload ${displayName(change.displayType)} #${change.position} ${change.fileName} (${formatBytes(change.fileSize)})`) + at];
      case "screenshot-reorder":
        return [`  ↕ reorder ${displayName(change.displayType)}: ${change.after.join(", ")}`];
      case "screenshot-delete":
        return [style("red", `  - delete ${displayName(change.displayType)} ${change.fileName} (${deleteReason(change.reason)})`)];
    }
  };

  for (const [locale, changes] of groupByLocale(plan)) {
    lines.push("", style("bold", locale));
    for (const change of changes) lines.push(...describe(change));
  }

  if (options.sectionsOnly) return lines.join("\n").replace(/^\n/, "");
  if (plan.pending.length) {
    lines.push("", style("dim", "Still processing in App Store Connect (not uploaded again):"));
    for (const item of plan.pending) lines.push(style("dim", `  ${item.locale} ${displayName(item.displayType)} ${item.fileName}`));
  }
  if (plan.upcomingRotations.length) {
    lines.push("", "Upcoming rotations:");
    for (const rotation of plan.upcomingRotations) lines.push(`  ${rotation.date} ${rotation.locale} ${rotation.field} → ${rotation.value === null ? "(unmanaged)" : quote(rotation.value)}`);
  }
  return lines.join("\n");
}

/** Blocked changes, first: each one is a difference that apply cannot remove now, with why and what to do. */
export function blockedSection(plan: Plan, paint: (text: string) => string = (text) => text): string[] {
  if (!plan.blocked.length) return [];
  const count = plural(plan.blocked.length, "change", "changes");
  return [
    "",
    paint(`Blocked: ${count} cannot be applied now, so App Store Connect will still differ from the repository:`),
    ...blockedLines(plan.blocked, plan.app).map(({ text, depth }) => paint(`${depth ? "      " : "  ! "}${text}`)),
  ];
}
