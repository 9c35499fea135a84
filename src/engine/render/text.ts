/**
 * The plan for a terminal: counts first, then errors and blocked changes, then
 * each locale's changes; long text as a short line diff. Colours only when asked.
 */
import type { Plan } from "../../contracts/plan.js";
import type { AnyResource, TextPen, TextStyle } from "../../contracts/resource.js";
import { displayName } from "../../model/display-types.js";
import { RESOURCES } from "../../resources/index.js";
import { ownerOrThrow } from "../owners.js";
import { blockedLines, groupByLocale, localeHeading, plural, summaryLine, versionLine, whereOf } from "./describe.js";
import { styled } from "../../util/styles.js";

export interface TextOptions {
  color: boolean;
  /** Only the per-locale sections: no heading, counts, blocked changes, pending or rotation lists (for reports that compose several). */
  sectionsOnly?: boolean;
  /** Lines of a long-text diff shown before folding. */
  maxDiffLines?: number;
  /** The resources whose changes these are (default: the registry). */
  resources?: readonly AnyResource[];
}

const quote = (text: string | null) => (text === null ? "(none)" : JSON.stringify(text));

export function renderText(plan: Plan, options: TextOptions): string {
  const style = (name: TextStyle, text: string) => (options.color ? styled(name, text) : text);
  const resources = options.resources ?? RESOURCES;
  const lines: string[] = [];
  if (!options.sectionsOnly) {
    lines.push(style("bold", `Plan: ${versionLine(plan)}`));
    lines.push(summaryLine(plan, resources));
    for (const error of plan.errors) lines.push(style("red", `✗ error: ${error.message}${error.source ? ` (${whereOf(error)})` : ""}`));
    lines.push(...blockedSection(plan, (text) => style("yellow", text), resources));
  }

  const pen: TextPen = {
    app: plan.app,
    style,
    at: (change) => {
      const where = whereOf(change);
      return where ? style("dim", `  ${where}`) : "";
    },
    maxDiffLines: options.maxDiffLines ?? 12,
  };

  for (const [locale, changes] of groupByLocale(plan)) {
    lines.push("", style("bold", localeHeading(locale)));
    for (const change of changes) lines.push(...ownerOrThrow(change, resources).describe.text(change, pen));
  }

  if (options.sectionsOnly) return lines.join("\n").replace(/^\n/, "");
  if (plan.pending.length) {
    lines.push("", style("dim", "Still processing in App Store Connect (not uploaded again):"));
    for (const item of plan.pending) lines.push(style("dim", `  ${item.locale} ${displayName(item.displayType)} ${item.fileName}`));
  }
  if (plan.upcomingRotations.length) {
    lines.push("", "Upcoming rotations:");
    for (const rotation of plan.upcomingRotations)
      lines.push(`  ${rotation.date} ${rotation.locale} ${rotation.field} → ${rotation.value === null ? "(unmanaged)" : quote(rotation.value)}`);
  }
  return lines.join("\n");
}

/** Blocked changes, first: each one is a difference that apply cannot remove now, with why and what to do. */
export function blockedSection(plan: Plan, paint: (text: string) => string = (text) => text, resources: readonly AnyResource[] = RESOURCES): string[] {
  if (!plan.blocked.length) return [];
  const count = plural(plan.blocked.length, "change", "changes");
  return [
    "",
    paint(`Blocked: ${count} cannot be applied now, so App Store Connect will still differ from the repository:`),
    ...blockedLines(plan.blocked, plan.app, resources).map(({ text, depth }) => paint(`${depth ? "      " : "  ! "}${text}`)),
  ];
}
