/**
 * drift: a plan read as drift (live edited by hand), pending rotations and
 * blocked changes. `checkDrift` only reads (the command line's drift);
 * `correctDrift` is the scheduled run: today's rotations are applied whatever
 * on-drift says, the drift too with on-drift: apply. Both return data.
 */
import type { ApplyReport } from "../engine/apply/report.js";
import { classifyDrift, isRotation, narrowPlan, type DriftReport } from "../engine/drift.js";
import type { Change } from "../engine/plan/plan.js";
import { runApply, type ApplyOptions, type ApplyResult, type Select } from "./apply.js";
import type { RunFailure } from "./failure.js";
import type { RunEvents, RunOptions } from "./options.js";
import { makePlan, type PlanResult } from "./plan.js";

export interface DriftCheck extends PlanResult {
  /** Set once the plan was made without errors. */
  drift?: DriftReport;
}

export async function checkDrift(options: RunOptions, events: RunEvents = {}): Promise<DriftCheck> {
  const result = await makePlan(options, events);
  // A plan with errors (a version app.yml names that is not there) checked nothing: it is a failure, never "No drift".
  const planErrors = result.plan?.errors.map((error) => error.message) ?? [];
  const failure: RunFailure | undefined = result.failure ?? (planErrors.length ? { stage: "read", messages: planErrors } : undefined);
  if (failure) return { ...result, failure };
  if (!result.plan || !result.desired) return result;
  return { ...result, drift: classifyDrift(result.plan, result.desired) };
}

/** What a scheduled run does about drift: `report` it, or `apply` the repository's values. */
export type OnDrift = "report" | "apply";

export interface DriftCorrection extends ApplyResult {
  /** What the fresh plan held (set once the apply ran). */
  found?: DriftReport;
  /** Drift still there after the run (all of it with on-drift: report). */
  remaining: Change[];
}

/** Applies the rotations alone, or everything with on-drift: apply. */
const selectFor =
  (onDrift: OnDrift): Select =>
  (plan, desired) =>
    onDrift === "apply" ? { plan } : { plan: narrowPlan(plan, classifyDrift(plan, desired).rotations), scope: (change) => isRotation(change, desired) };

export async function correctDrift(options: ApplyOptions, onDrift: OnDrift, events: RunEvents = {}): Promise<DriftCorrection> {
  const result = await runApply(options, events, selectFor(onDrift));
  if (!result.report || !result.planned || !result.desired) return { ...result, remaining: [] };
  const found = classifyDrift(result.planned, result.desired);
  return { ...result, found, remaining: remainingDrift(found, result.report, onDrift) };
}

function remainingDrift(found: DriftReport, report: ApplyReport, onDrift: OnDrift): Change[] {
  return onDrift === "apply" ? (report.verification?.remaining ?? found.drift) : found.drift;
}
