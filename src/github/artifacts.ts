/** The run's JSON files (the plan, the apply report) and the outputs that name them. */
import type { ApplyReport } from "../engine/apply/report.js";
import { planDiffers } from "../engine/diff.js";
import type { Plan } from "../engine/plan/plan.js";
import { renderJson } from "../engine/render/json.js";
import { applyReportJson } from "../report/json.js";
import { writeFileAtomic } from "../util/atomic-file.js";
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
