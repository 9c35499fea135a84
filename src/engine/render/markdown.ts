/**
 * The plan as GitHub Markdown for the sticky PR comment and the job summary
 * (DESIGN.md §6): summary line, errors and blocked changes first, one
 * collapsible section per locale, short fields as before → after, long text
 * as a unified diff, keywords as added / removed with the budget, screenshots
 * as a table. It folds to stay under GitHub's 65,536-character limit.
 */
import type { BlockedChange, Plan, PlanApp, PlanChange } from "../../contracts/plan.js";
import type { AnyResource, MarkdownPart, MarkdownPen, MarkdownSection } from "../../contracts/resource.js";
import { RESOURCES } from "../../resources/index.js";
import { ownerOrThrow } from "../owners.js";
import { blockedLines, groupByLocale, localeHeading, plural, summaryLine, versionLine, whereOf } from "./describe.js";
import { inertMarkdown } from "./inert-markdown.js";
import { COMMENT_PICTURE_CAP, PictureBudget, pictureLines, type MarkdownPictures } from "./markdown-pictures.js";

export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Hidden first line that identifies the comment for the upsert, e.g. `<!-- asc-gitops:plan metadata -->`. */
  marker?: string;
  /** Validation errors and warnings to show first, already formatted `path:line:column: message`. */
  diagnostics?: string[];
  /** Where the full plan is when this rendering folds (job summary, artifact). */
  fullPlanHint?: string;
  maxLength?: number;
  /** The resources whose changes these are (default: the registry). */
  resources?: readonly AnyResource[];
  /** Screenshots (and other pictures) as thumbnails, live beside the repository's. */
  pictures?: MarkdownPictures;
}

/** A value inside a table cell: inert text in a <code> element, its line breaks kept as <br>. */
const cell = (text: string | null) =>
  text === null ? "<i>none</i>" : text === "" ? "<i>empty</i>" : `<code>${inertMarkdown(text, { lineBreak: "<br>" })}</code>`;
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
export function blockedList(blocked: readonly BlockedChange[], app?: PlanApp, resources: readonly AnyResource[] = RESOURCES): string[] {
  return blockedLines(blocked, app, resources).map(({ text, depth }) => `${depth ? "  " : ""}- ${plain(text)}`);
}

type Detail = MarkdownPen["detail"];

/** The parts of a locale's changes, section by section in rank order (parts of a section in plan order). */
function sectionLines(parts: readonly MarkdownPart[]): string[] {
  const sections = new Map<string, { section: MarkdownSection; parts: MarkdownPart[] }>();
  for (const part of parts) {
    const entry = sections.get(part.section.id);
    if (entry) entry.parts.push(part);
    else sections.set(part.section.id, { section: part.section, parts: [part] });
  }
  return [...sections.values()]
    .sort((a, b) => a.section.rank - b.section.rank)
    .flatMap(({ section, parts: inSection }) => {
      const body = inSection.flatMap((part) => (section.spaced ? [...part.lines, ""] : part.lines));
      return [...(section.head ?? []), ...body, ...(section.spaced ? [] : [""])];
    });
}

interface Pictured {
  pictures: MarkdownPictures;
  budget: PictureBudget;
}

function localeSection(locale: string, changes: readonly PlanChange[], pen: MarkdownPen, resources: readonly AnyResource[], pictured?: Pictured): string {
  const parts = changes.map((change) => ownerOrThrow(change, resources).describe.markdown(change, pen));
  const summary = `<details><summary><b>${plain(localeHeading(locale))}</b> · ${plural(changes.length, "change", "changes")}</summary>`;
  const pictures = pictured ? pictureLines(changes, pictured.pictures, pictured.budget) : [];
  return [summary, "", ...sectionLines(parts), ...pictures, "</details>", ""].join("\n");
}

/** "> 12 more pictures are in the HTML report": what the thumbnail cap left out. */
function picturesNote(pictured: Pictured | undefined): string[] {
  if (!pictured?.budget.left) return [];
  const where = pictured.pictures.elsewhere ?? "the HTML report";
  return [
    `> [!NOTE]\n> ${plural(pictured.budget.left, "more picture is", "more pictures are")} in ${plain(where)}: this comment shows ${pictured.budget.max}.`,
    "",
  ];
}

const penFor = (plan: Plan, detail: Detail): MarkdownPen => ({ app: plan.app, detail, plain: (text) => plain(text), cell, where: codeWhere, fence });

export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const resources = options.resources ?? RESOURCES;
  const head: string[] = [];
  if (options.marker) head.push(options.marker);
  head.push(
    `### asc-gitops plan · ${plain(plan.app.name ?? plan.app.bundleId)}`,
    "",
    `<sub>${plain(versionLine(plan))}</sub>`,
    "",
    `**${plain(summaryLine(plan, resources))}**`,
    "",
  );

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
      ...blockedList(shown, plan.app, resources).map((line) => `> ${line}`),
    );
    if (plan.blocked.length > shown.length) head.push(`> - … ${plan.blocked.length - shown.length} more in the plan JSON`);
    head.push("");
  }

  const tail: string[] = [];
  if (plan.pending.length)
    tail.push(
      `<sub>${plural(plan.pending.length, "screenshot is", "screenshots are")} still processing in App Store Connect and will not be uploaded again.</sub>`,
      "",
    );
  if (plan.upcomingRotations.length) {
    tail.push("<details><summary>Upcoming rotations</summary>", "", "| date | locale | field | value |", "|---|---|---|---|");
    for (const rotation of plan.upcomingRotations.slice(0, 60))
      tail.push(`| ${plain(rotation.date)} | ${plain(rotation.locale)} | \`${rotation.field}\` | ${cell(rotation.value)} |`);
    if (plan.upcomingRotations.length > 60) tail.push(`| … | ${plan.upcomingRotations.length - 60} more | | |`);
    tail.push("", "</details>", "");
  }

  const groups = [...groupByLocale(plan)];
  const fixed = head.join("\n").length + tail.join("\n").length + 400;
  for (const detail of ["full", "compact"] as const) {
    const pictures = options.pictures;
    const pictured = pictures ? { pictures, budget: new PictureBudget(pictures.max ?? COMMENT_PICTURE_CAP) } : undefined;
    const sections = groups.map(([locale, changes]) => localeSection(locale, changes, penFor(plan, detail), resources, pictured));
    const note = picturesNote(pictured);
    if (fixed + sections.join("\n").length + note.join("\n").length <= maxLength) return [...head, ...sections, ...note, ...tail].join("\n").trimEnd() + "\n";
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
      const note =
        `> [!NOTE]\n> ${plural(omitted.length, "more locale", "more locales")} (${plural(omittedChanges, "change", "changes")}) did not fit in this comment: ` +
        `${plain(options.fullPlanHint ?? "see the job summary and the plan JSON")}.`;
      return [...head, ...kept, note, "", ...picturesNote(pictured), ...tail].join("\n").trimEnd() + "\n";
    }
  }
  return "";
}
