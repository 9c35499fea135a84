/** The scheduled run's drift as Markdown: the job summary, and the body of the drift issue. */
import type { ApplyReport } from "../../engine/apply/report.js";
import { driftFound, narrowPlan, type DriftReport } from "../../engine/drift.js";
import type { Change } from "../../engine/plan/plan.js";
import { plural } from "../../engine/render/describe.js";
import { blockedList, GITHUB_COMMENT_LIMIT, plain, renderMarkdown } from "../../engine/render/markdown.js";
import { applyHeadline } from "../text.js";
import { footerLine, SUMMARY_LIMIT, type Footer } from "./parts.js";

export interface DriftMarkdownOptions {
  found: DriftReport;
  /** Drift still there after the run (all of it with on-drift: report). */
  remaining: Change[];
  report: ApplyReport;
  onDrift: "report" | "apply";
  footer: Footer;
}

/** Where the managed version stands with App Review (its App Store Connect state), for the scheduled run's reader. */
export function versionStateLine(plan: DriftReport["plan"]): string | undefined {
  const version = plan.app.version;
  return version ? `Version ${plain(version.versionString)} is \`${plain(version.state)}\` in App Store Connect.` : undefined;
}

/** The scheduled run's summary: drift left, drift corrected, rotations applied. */
export function driftMarkdown(options: DriftMarkdownOptions): string {
  const { found, remaining, report, onDrift } = options;
  const applied = report.steps.filter((step) => step.status === "done");
  const rotated = applied.filter((step) => found.rotations.some((change) => change.locale === step.locale && "field" in change && change.field === step.field));
  const lines = ["### asc-gitops drift", ""];
  if (!driftFound(found)) lines.push("**No drift: App Store Connect matches the repository.**", "");
  else {
    const parts = [
      found.drift.length ? `${plural(found.drift.length, "drifted change", "drifted changes")} found (live edited by hand)` : "no drift",
      onDrift === "apply" && found.drift.length ? `${plural(found.drift.length - remaining.length, "corrected", "corrected")}` : "",
      found.rotations.length ? `${plural(rotated.length, "dated rotation", "dated rotations")} applied` : "",
      found.blocked.length ? `${plural(found.blocked.length, "change", "changes")} blocked` : "",
    ].filter(Boolean);
    lines.push(`**${parts.join(" · ")}**`, "");
  }
  const state = versionStateLine(found.plan);
  if (state) lines.push(state, "");
  if (found.blocked.length) {
    lines.push(
      "> [!WARNING]",
      `> App Store Connect differs from the repository in ${plural(found.blocked.length, "change", "changes")} that apply cannot make now:`,
      ...blockedList(found.blocked.slice(0, 50), found.plan.app).map((line) => `> ${line}`),
      ...(found.blocked.length > 50 ? [`> - … ${found.blocked.length - 50} more in the plan JSON`] : []),
      "",
    );
  }
  if (rotated.length) lines.push(...rotated.map((step) => `- :calendar: ${plain(step.locale)}: \`${step.field}\` set to the value in force today`), "");
  if (remaining.length) {
    lines.push(
      onDrift === "report"
        ? "> [!WARNING]\n> App Store Connect was edited outside this repository. These differences were reported, not corrected (`on-drift: report`):"
        : "> [!WARNING]\n> These differences remain after the correction:",
      "",
      // The blocked changes are listed above.
      renderMarkdown(narrowPlan(found.plan, remaining, []), { maxLength: SUMMARY_LIMIT / 2 }),
    );
  }
  if (!report.success) lines.push(`> [!CAUTION]\n> ${plain(applyHeadline(report))}`, "");
  lines.push(footerLine(options.footer), "");
  return lines.join("\n");
}

/** The tracking issue's body: what differs (folded to fit an issue), and the two ways to resolve it. */
export function driftIssueBody(found: DriftReport, remaining: Change[], footer: Footer): string {
  const intro = [
    "The scheduled asc-gitops run found App Store Connect different from the repository.",
    "",
    "**To resolve it**, either restore the repository's values " +
      "(run the drift workflow with `on-drift: apply`, " +
      "or merge any change under the metadata folder: the apply makes App Store Connect equal to the repository), " +
      "or take the live values into the repository (`npx asc-gitops pull --force`, then open a pull request). " +
      "This issue is updated on every scheduled run and closes itself once both agree.",
    ...(found.blocked.length ? ["", "A **blocked** change cannot be made by any run: make the change its line asks for (or change the repository)."] : []),
    ...(versionStateLine(found.plan) ? ["", versionStateLine(found.plan)!] : []),
    "",
    "",
  ].join("\n");
  const tail = `\n${footerLine(footer)}\n`;
  const details = renderMarkdown(narrowPlan(found.plan, remaining), {
    maxLength: GITHUB_COMMENT_LIMIT - intro.length - tail.length - 200,
    fullPlanHint: "the job summary of the scheduled run has every locale",
  });
  return `${intro}${details}${tail}`;
}
