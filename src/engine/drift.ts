/**
 * Drift: what a scheduled run finds when live App Store Connect differs from
 * the repository. A rotating field (keywords, promotionalText) whose live
 * value is one the repository itself sets on some day (its base value or a
 * window's) is a pending rotation: the calendar moved, nobody edited it.
 * Every other difference is drift: live was changed by hand. A blocked change
 * (one the repository asks for and apply cannot make now) is a difference too.
 */
import { ROTATING_FIELDS } from "../model/fields.js";
import { comparableValue } from "../model/text.js";
import type { DesiredState } from "./desired-state.js";
import { summarize } from "./diff.js";
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

/** Every value the repository gives a rotating field of a locale, on some day. */
function sanctionedValues(desired: DesiredState, locale: string, field: string): Set<string> {
  const localization = desired.versionLocalizations.find((item) => item.locale === locale);
  const values = new Set<string>();
  if (!localization) return values;
  const base = localization.fields[field as keyof typeof localization.fields];
  if (base !== undefined) values.add(comparableValue(field, base));
  for (const window of localization.rotations) {
    const value = window[field as "keywords" | "promotionalText"];
    if (value !== undefined) values.add(comparableValue(field, value));
  }
  return values;
}

export function isRotation(change: Change, desired: DesiredState): boolean {
  if (change.kind !== "field-update" || !(ROTATING_FIELDS as readonly string[]).includes(change.field)) return false;
  return change.before !== null && sanctionedValues(desired, change.locale, change.field).has(comparableValue(change.field, change.before));
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
