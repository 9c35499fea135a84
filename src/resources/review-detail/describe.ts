/** How the plan, the PR comment and the reports say a change of App Review information: never the password, only where it comes from. */
import type { MarkdownPart, MarkdownPen, ResourceDescribe, TextPen } from "../../contracts/resource.js";
import { plural } from "../../util/plural.js";
import { textDiffLines } from "../localization-describe.js";
import type { ReviewDetailChange, ReviewFieldChange } from "./changes.js";
import { PASSWORD_ATTRIBUTE, REVIEW_KEYS, type ReviewAttribute, type ReviewValue } from "./fields.js";

const label = (attribute: string): string =>
  attribute === PASSWORD_ATTRIBUTE ? "demo account password" : (REVIEW_KEYS[attribute as ReviewAttribute]?.label ?? attribute);
const show = (value: ReviewValue | null): string => (value === null ? "(none)" : typeof value === "boolean" ? String(value) : JSON.stringify(value));
const isLong = (field: ReviewFieldChange) =>
  typeof field.after === "string" && (field.after.includes("\n") || (typeof field.before === "string" && field.before.includes("\n")));
/** The password as the plan shows it: where it comes from, never what it is. */
const passwordNote = (env: string, created: boolean) => `(from ${env}, ${created ? "set" : "changed"})`;

function text(change: ReviewDetailChange, pen: TextPen): string[] {
  const created = change.kind === "review-detail-create";
  const lines = created ? [pen.style("green", "  + create the App Review information") + pen.at(change)] : [];
  const mark = created ? "+" : "~";
  for (const field of change.fields) {
    if (!isLong(field)) {
      lines.push(`  ${mark} ${label(field.attribute)}: ${created ? show(field.after) : `${show(field.before)} → ${show(field.after)}`}`);
      continue;
    }
    const diffLines = textDiffLines(typeof field.before === "string" ? field.before : null, String(field.after));
    const paint = (line: string) => (line.startsWith("+") ? pen.style("green", line) : line.startsWith("-") ? pen.style("red", line) : line);
    lines.push(`  ${mark} ${label(field.attribute)}`, ...diffLines.slice(0, pen.maxDiffLines).map((line) => `      ${paint(line)}`));
    if (diffLines.length > pen.maxDiffLines) lines.push(pen.style("dim", `      … ${diffLines.length - pen.maxDiffLines} more lines (see --json)`));
  }
  if (change.password) lines.push(`  ${mark} demo account password: ${passwordNote(change.password.env, created)}`);
  if (!created && lines.length > 0) lines[0] += pen.at(change);
  return lines;
}

const SECTION = { id: "app-review", rank: 40, head: ["| App Review information | live | repository |", "|---|---|---|"] };

function markdown(change: ReviewDetailChange, pen: MarkdownPen): MarkdownPart {
  const created = change.kind === "review-detail-create";
  const cell = (value: ReviewValue | null) => pen.cell(value === null ? null : String(value));
  const rows = change.fields.map((field) => `| ${label(field.attribute)} | ${created ? pen.cell(null) : cell(field.before)} | ${cell(field.after)} |`);
  if (change.password) rows.push(`| demo account password | ${pen.plain("(not shown)")} | ${pen.plain(passwordNote(change.password.env, created))} |`);
  return { section: SECTION, lines: rows };
}

export const reviewDescribe: ResourceDescribe<ReviewDetailChange> = {
  what: (change) => {
    if (change.field === PASSWORD_ATTRIBUTE) return "send the demo account password";
    if (change.field) return `update the App Review ${label(change.field)}`;
    return change.kind === "review-detail-create" ? "create the App Review information" : "update the App Review information";
  },
  count: (kind, changes) =>
    kind === "review-detail-create"
      ? plural(changes.length, "App Review information to create", "App Review informations to create")
      : plural(changes.length, "App Review information to update", "App Review informations to update"),
  text,
  markdown,
};
