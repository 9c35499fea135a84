/** The plan for the comment and the job summary: engine/render/markdown.ts, with the validation warnings and the footer, under the target's size limit. */
import type { Diagnostic } from "../../contracts/diagnostics.js";
import type { Plan } from "../../engine/plan/plan.js";
import { plural } from "../../engine/render/describe.js";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../engine/render/markdown.js";
import { diagnosticList, footerLine, SUMMARY_LIMIT, type Footer } from "./parts.js";

export interface PlanMarkdownOptions {
  marker?: string;
  /** Validation warnings (errors stop before a plan exists). */
  warnings: readonly Diagnostic[];
  footer: Footer;
  target: "comment" | "summary";
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
  const tail = `${warnings}${footerLine(options.footer)}\n`;
  const limit = options.target === "comment" ? GITHUB_COMMENT_LIMIT : SUMMARY_LIMIT;
  const body = renderMarkdown(plan, {
    ...(options.marker ? { marker: options.marker } : {}),
    fullPlanHint: "the job summary has every locale, and the plan-json output the whole plan",
    maxLength: limit - tail.length - 2,
  });
  return `${body}\n${tail}`;
}
