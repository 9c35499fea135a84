/**
 * Which registered resource owns a change, and the order of changes across
 * resources: by locale, then in apply order (what each kind does, see
 * CHANGE_ACTIONS), then by resource in registry order, then as the resource orders its own.
 */
import type { BlockedChange, PlanChange } from "../contracts/plan.js";
import { CHANGE_ACTIONS, type AnyResource, type ChangeIdentity } from "../contracts/resource.js";
import { compareCodeUnits } from "../util/natural-sort.js";

/** The resource a change is of: the one it names, else the one that owns its kind. */
export function ownerOf(change: Pick<ChangeIdentity, "kind" | "resource">, resources: readonly AnyResource[]): AnyResource | undefined {
  return resources.find((resource) => (change.resource === undefined || resource.name === change.resource) && Object.hasOwn(resource.kinds, change.kind));
}

/** The owner, or an error that names the change: a change no resource owns is a bug, never something to skip. */
export function ownerOrThrow(change: Pick<ChangeIdentity, "kind" | "resource">, resources: readonly AnyResource[]): AnyResource {
  const owner = ownerOf(change, resources);
  if (!owner) throw new Error(`no registered resource owns a ${change.kind} change${change.resource ? ` of ${change.resource}` : ""}`);
  return owner;
}

/** Where a kind stands in apply order. */
export function actionRank(kind: string, resources: readonly AnyResource[]): number {
  const owner = resources.find((resource) => Object.hasOwn(resource.kinds, kind));
  // A resource applied last (the submission) has its kinds after every other's.
  if (owner?.last) return CHANGE_ACTIONS.length + CHANGE_ACTIONS.indexOf(owner.kinds[kind]!);
  return owner ? CHANGE_ACTIONS.indexOf(owner.kinds[kind]!) : CHANGE_ACTIONS.length * 2;
}

/** Every kind the resources own, in apply order (the summary counts in it). */
export function kindsInOrder(resources: readonly AnyResource[]): string[] {
  const kinds = [...new Set(resources.flatMap((resource) => Object.keys(resource.kinds)))];
  return kinds
    .map((kind, index) => ({ kind, index, rank: actionRank(kind, resources) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ kind }) => kind);
}

function compareKeys(keyA: readonly (string | number)[], keyB: readonly (string | number)[]): number {
  for (let i = 0; i < Math.max(keyA.length, keyB.length); i++) {
    const x = keyA[i] ?? "";
    const y = keyB[i] ?? "";
    const order = typeof x === "number" && typeof y === "number" ? x - y : compareCodeUnits(String(x), String(y));
    if (order !== 0) return order;
  }
  return 0;
}

/** Compares changes (or blocked changes) so that the same inputs always give the same plan. */
export function changeOrder(resources: readonly AnyResource[]): (a: PlanChange | BlockedChange, b: PlanChange | BlockedChange) => number {
  const kinds = kindsInOrder(resources);
  const key = (change: PlanChange | BlockedChange): (string | number)[] => {
    const owner = ownerOf(change, resources);
    return [change.locale, kinds.indexOf(change.kind), owner ? resources.indexOf(owner) : -1, change.kind, ...(owner ? owner.order(change) : [])];
  };
  return (a, b) => compareKeys(key(a), key(b));
}
