import path from "node:path";
/** The run's JSON files (the plan, the apply report) and the outputs that name them. */
import type { ApplyReport } from "../engine/apply/report.js";
import { planDiffers } from "../engine/diff.js";
import type { Plan } from "../engine/plan/plan.js";
import { renderJson } from "../engine/render/json.js";
import { applyReportJson } from "../report/json.js";
import { writeFileAtomic } from "../util/atomic-file.js";
import { writeHtmlReport, type HtmlReportOptions } from "../report/html/index.js";
import { log } from "./log.js";
import { artifactPath, type Run } from "./run.js";

export async function planOutputs(current: Run, plan: Plan): Promise<Record<string, string>> {
  const file = artifactPath(current, "plan.json");
  await writeFileAtomic(file, renderJson(plan));
  // A blocked change is a difference too: has-changes says live differs, change-count counts what apply can make.
  return { "has-changes": String(planDiffers(plan)), "change-count": String(plan.changes.length), "plan-json": file };
}

/** Writes the apply report; answers the report-json output. */
export async function reportOutputs(current: Run, report: ApplyReport): Promise<{ "report-json": string }> {
  const file = artifactPath(current, "apply-report.json");
  await writeFileAtomic(file, applyReportJson(report));
  return { "report-json": file };
}

/** Writes the HTML report (plan.html, or apply.html for an apply); answers the report-html output ("" when it could not be written: the run goes on). */
export async function htmlOutputs(current: Run, options: HtmlReportOptions): Promise<{ "report-html": string }> {
  const file = artifactPath(current, `${options.title}.html`);
  try {
    await writeHtmlReport(file, { ...options, cwd: process.cwd() });
    return { "report-html": file };
  } catch (error) {
    log.warning(`Could not write the HTML report (${(error as Error).message}); the comment and the job summary have the plan.`);
    return { "report-html": "" };
  }
}

/** The line that says where the HTML report is, for the comment and the job summary. */
export function htmlReportLine(current: Run, file: string): string {
  if (!file) return "";
  const where = current.environment.runUrl ? `[this run's artifacts](${current.environment.runUrl}#artifacts)` : "this run's artifacts";
  const report = `the HTML report (\`report-html\` output, ${path.basename(file)})`;
  return `<sub>Every change, with every screenshot full size: ${report}, in ${where} once the workflow uploads it.</sub>`;
}
