/**
 * `asc-gitops drift`: a plan that tells drift (live edited by hand) from
 * pending rotations (the calendar moved), and exits 2 when live and the
 * repository differ (a blocked change is a difference), 0 when they agree,
 * 1 on error. It changes nothing.
 */
import { classifyDrift, driftFound, narrowPlan, type DriftReport } from "../engine/drift.js";
import { plural, versionLine } from "../engine/render/describe.js";
import { blockedSection, renderText } from "../engine/render/text.js";
import type { Output } from "../util/output.js";
import { styled } from "../util/styles.js";
import { failureDocumentOf, jsonDocument } from "./failure.js";
import { makePlan, type PlanCommandOptions } from "./plan.js";

export type DriftCommandOptions = Omit<PlanCommandOptions, "detailedExitcode" | "out">;

export function driftText(report: DriftReport, color: boolean): string {
  const { drift, rotations, blocked, plan } = report;
  const lines = [`Drift check: ${versionLine(plan)}`];
  if (!driftFound(report)) lines.push("No drift: App Store Connect matches the repository.");
  else {
    const counts = [`${plural(drift.length, "drifted change", "drifted changes")} (live edited by hand)`, plural(rotations.length, "pending rotation", "pending rotations")];
    if (blocked.length) counts.push(plural(blocked.length, "blocked change", "blocked changes"));
    lines.push(counts.join(", "));
  }
  lines.push(...blockedSection(plan, color ? (text) => styled("yellow", text) : undefined));
  if (drift.length) lines.push("", "Drift (apply restores the repository's values):", renderText(narrowPlan(plan, drift), { color, sectionsOnly: true }));
  if (rotations.length) lines.push("", "Pending rotations (values in force today that live does not show yet):", renderText(narrowPlan(plan, rotations), { color, sectionsOnly: true }));
  return lines.join("\n");
}

export function driftJson(report: DriftReport) {
  const { plan } = report;
  return {
    schemaVersion: 1,
    today: plan.today,
    app: plan.app,
    drift: report.drift,
    rotations: report.rotations,
    blocked: report.blocked,
    errors: plan.errors,
    summary: { differs: driftFound(report), drift: report.drift.length, rotations: report.rotations.length, blocked: report.blocked.length },
  };
}

export async function driftCommand(options: DriftCommandOptions, output: Output): Promise<number> {
  const run = await makePlan({ ...options, detailedExitcode: false }, output);
  // A plan with errors (a version app.yml names that is not there) checked nothing: the errors are said, never "No drift".
  const planErrors = run.plan?.errors.map((error) => error.message) ?? [];
  for (const message of planErrors) output.stderr(`✗ ${message}`);
  const failure = run.failure ?? (planErrors.length ? { stage: "read" as const, messages: planErrors } : undefined);
  if (!run.plan || !run.desired || failure) {
    if (options.json && failure) output.stdout(jsonDocument(failureDocumentOf("drift", failure)));
    return 1;
  }
  const report = classifyDrift(run.plan, run.desired);
  const text = driftText(report, output.color);
  if (options.json) {
    output.stderr(text);
    output.stdout(jsonDocument(driftJson(report)));
  } else output.stdout(text);
  return driftFound(report) ? 2 : 0;
}
