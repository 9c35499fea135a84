/**
 * Drift: what a scheduled run finds when live App Store Connect differs from
 * the repository. A change its resource calls scheduled (a pending rotation:
 * the calendar moved, nobody edited it) is told apart; every other difference
 * is drift: live was changed by hand. A blocked change
 * (one the repository asks for and apply cannot make now) is a difference too.
 */
import type { AnyResource } from "../contracts/resource.js";
import { RESOURCES } from "../resources/index.js";
import type { DesiredState } from "./desired-state.js";
import { summarize } from "./diff.js";
import { ownerOf } from "./owners.js";
import type { BlockedChange, Change, Plan } from "./plan/plan.js";

export interface DriftReport {
  /** Live changed by hand: the repository's value is not there. */
  drift: Change[];
  /** Values the calendar changed today (a window started or ended) that live does not show yet. */
  rotations: Change[];
  /** What the repository asks for that cannot be made now: live differs, and apply cannot change that yet. */
  blocked: BlockedChange[];
  plan: Plan;
}

/** Live and the repository differ: drift, a pending rotation, or a blocked change. */
export const driftFound = (report: DriftReport): boolean => report.drift.length + report.rotations.length + report.blocked.length > 0;

/** A change the calendar made (its resource says: a dated rotation), not a hand edit. */
export function isRotation(change: Change, desired: DesiredState, resources: readonly AnyResource[] = RESOURCES): boolean {
  return ownerOf(change, resources)?.scheduled?.(change, desired) ?? false;
}

export function classifyDrift(plan: Plan, desired: DesiredState): DriftReport {
  const rotations = plan.changes.filter((change) => isRotation(change, desired));
  const drift = plan.changes.filter((change) => !rotations.includes(change));
  return { drift, rotations, blocked: plan.blocked, plan };
}

/** The plan narrowed to some of its changes (to apply only the rotations, say), and to some of its blocked ones. */
export function narrowPlan(plan: Plan, changes: Change[], blocked: BlockedChange[] = plan.blocked): Plan {
  return { ...plan, changes, blocked, summary: summarize(changes, blocked, plan.errors) };
}
