/** The plan for the comment and the job summary: engine/render/markdown.ts, with the validation warnings and the footer, under the target's size limit. */
import type { Diagnostic } from "../../contracts/diagnostics.js";
import type { Plan } from "../../engine/plan/plan.js";
import { plural } from "../../engine/render/describe.js";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../engine/render/markdown.js";
import type { MarkdownPictures } from "../../engine/render/markdown-pictures.js";
import { diagnosticList, footerLine, SUMMARY_LIMIT, type Footer } from "./parts.js";

export interface PlanMarkdownOptions {
  marker?: string;
  /** Validation warnings (errors stop before a plan exists). */
  warnings: readonly Diagnostic[];
  footer: Footer;
  target: "comment" | "summary";
  /** Thumbnails of the screenshot changes (the comment; the summary has the HTML report's link instead). */
  pictures?: MarkdownPictures;
  /** A line above the footer (where the HTML report is), counted within the size limit. */
  note?: string;
}

export function planMarkdown(plan: Plan, options: PlanMarkdownOptions): string {
  const warnings = options.warnings.length
    ? [
        `<details><summary>${plural(options.warnings.length, "validation warning", "validation warnings")}</summary>`,
        "",
        ...diagnosticList(options.warnings, 50, "in the log"),
        "",
        "</details>",
        "",
      ].join("\n")
    : "";
  const tail = `${warnings}${options.note ? `${options.note}\n\n` : ""}${footerLine(options.footer)}\n`;
  const limit = options.target === "comment" ? GITHUB_COMMENT_LIMIT : SUMMARY_LIMIT;
  const body = renderMarkdown(plan, {
    ...(options.marker ? { marker: options.marker } : {}),
    fullPlanHint: "the job summary has every locale, and the plan-json output the whole plan",
    maxLength: limit - tail.length - 2,
    ...(options.pictures ? { pictures: options.pictures } : {}),
  });
  return `${body}\n${tail}`;
}
