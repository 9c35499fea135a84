/**
 * diff(DesiredState, LiveState, today) -> Plan: a pure function. Each
 * registered resource diffs its own slice; the engine orders the result
 * deterministically (by locale, then in apply order) so that the same inputs give the same plan.
 */
import type { AnyResource, DiffContext } from "../contracts/resource.js";
import { RESOURCES, type DesiredState, type LiveState } from "../resources/index.js";
import { planClock } from "../util/utc-dates.js";
import { changeOrder, kindsInOrder } from "./owners.js";
import { PLAN_SCHEMA_VERSION, type BlockedChange, type Change, type Plan, type PlanChange, type PlanError, type PlanSummary } from "./plan/plan.js";

export function summarize(
  changes: readonly PlanChange[],
  blocked: readonly BlockedChange[],
  errors: readonly PlanError[],
  resources: readonly AnyResource[] = RESOURCES,
): PlanSummary {
  const byKind: PlanSummary["byKind"] = {};
  for (const kind of kindsInOrder(resources)) {
    const count = changes.filter((change) => change.kind === kind).length;
    if (count) byKind[kind] = count;
  }
  return {
    changes: changes.length,
    blocked: blocked.length,
    errors: errors.length,
    byKind,
    locales: [...new Set([...changes, ...blocked].map((change) => change.locale).filter((locale) => locale !== ""))].sort(),
  };
}

/** Live differs from the repository: changes to make, or blocked changes (a difference that apply cannot remove now). */
export const planDiffers = (plan: Pick<Plan, "changes" | "blocked">): boolean => plan.changes.length > 0 || plan.blocked.length > 0;

export interface DiffOptions {
  today: string;
  /** The plan's clock; default planClock(today). */
  now?: string;
  /** Errors found while reading live state (e.g. the version named in app.yml does not exist). */
  errors?: PlanError[];
  /** The resources to diff (default: the registry). */
  resources?: readonly AnyResource[];
}

export function diff(desired: DesiredState, live: LiveState, options: DiffOptions): Plan {
  const resources = options.resources ?? RESOURCES;
  const context: DiffContext = {
    today: options.today,
    now: options.now ?? planClock(options.today),
    prune: desired.app.prune,
    managedLocales: new Set(resources.flatMap((resource) => resource.locales(desired))),
  };
  const results: ReturnType<AnyResource["diff"]>[] = [];
  for (const resource of resources) results.push(resource.diff(desired, live, { ...context, blockedBefore: results.flatMap((result) => result.blocked) }));
  const order = changeOrder(resources);
  const changes: Change[] = results.flatMap((result) => result.changes).sort(order);
  const blocked = results.flatMap((result) => result.blocked).sort(order);
  const pending = results.flatMap((result) => result.pending ?? []);
  const errors = options.errors ?? [];
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    today: options.today,
    app: {
      id: live.app.id,
      bundleId: live.app.bundleId,
      ...(live.app.name ? { name: live.app.name } : {}),
      platform: live.app.platform,
      ...(live.version ? { version: { ...live.version } } : {}),
      ...(live.liveVersion ? { liveVersion: { id: live.liveVersion.id, versionString: live.liveVersion.versionString, state: live.liveVersion.state } } : {}),
    },
    // Blocked first: what apply cannot make is what a reader of the plan must see before anything else.
    blocked,
    changes,
    errors,
    pending,
    upcomingRotations: results.flatMap((result) => result.upcomingRotations ?? []),
    summary: summarize(changes, blocked, errors, resources),
  };
}
