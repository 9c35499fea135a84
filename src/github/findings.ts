/** What a plan and an apply report annotate: plan errors, blocked changes, failed steps, each at its file and line. */
import type { ApplyReport } from "../engine/apply/report.js";
import type { ChangeSource, Plan } from "../engine/plan/plan.js";
import { describeChange, localeHeading } from "../engine/render/describe.js";
import { workspacePath, type Finding } from "./annotations.js";

const at = (source: ChangeSource | undefined, workspace: string) =>
  source
    ? {
        file: workspacePath(source.file, workspace),
        ...(source.line !== undefined ? { line: source.line } : {}),
        ...(source.column !== undefined ? { column: source.column } : {}),
      }
    : {};

export function planFindings(plan: Plan, workspace: string): Finding[] {
  return [
    ...plan.errors.map((error): Finding => ({ level: "error", message: error.message, title: "asc-gitops: plan", ...at(error.source, workspace) })),
    ...plan.blocked.map(
      (blocked): Finding => ({
        level: "warning",
        message: `blocked: ${localeHeading(blocked.locale)}: ${describeChange(blocked, plan.app)} cannot be applied now: ${blocked.reason}`,
        title: "asc-gitops: blocked change",
        ...at(blocked.source, workspace),
      }),
    ),
  ];
}

export function applyFindings(report: ApplyReport, workspace: string): Finding[] {
  return report.steps
    .filter((step) => step.status === "failed")
    .map(
      (step): Finding => ({
        level: "error",
        title: "asc-gitops: apply",
        message: `${step.locale}: ${describeChange(step, report.app)} failed: ${step.error?.message ?? "no reason given"}`,
        ...at(step.source, workspace),
      }),
    );
}
