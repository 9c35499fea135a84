/**
 * The app's categories: ONE change holding every appInfo relationship that
 * differs, sent as ONE PATCH of the editable appInfo. A live appInfo that
 * cannot change (no version in preparation) blocks it, with the reason.
 */
import type { SharedLive } from "../../contracts/live-state.js";
import { APP_GROUP, type BlockedChange, type PlanChange } from "../../contracts/plan.js";
import type { DiffResult } from "../../contracts/resource.js";
import { CATEGORY_RELATIONSHIPS, type CategoryRelationship, type CategorySlots } from "../../model/categories.js";
import { sourceOf } from "../localization-diff.js";
import type { DesiredCategories } from "./desired.js";

export const CATEGORIES_RESOURCE = "appCategories";
/** Where its changes are grouped in the plan: with the app's other app-level values (contracts/plan.ts). */
export const CATEGORIES_GROUP = APP_GROUP;

/** The categories resource's slice of the LiveState: the edited appInfo's six relationships, if read. */
export interface LiveCategories {
  categories?: CategorySlots;
}

export interface CategorySlotChange {
  relationship: CategoryRelationship;
  /** null: none. */
  before: string | null;
  after: string | null;
}

export interface CategoriesUpdate extends PlanChange {
  kind: "categories-update";
  resource: typeof CATEGORIES_RESOURCE;
  /** The appInfo PATCHed. */
  id: string;
  slots: CategorySlotChange[];
}

function blockedReason(live: SharedLive & LiveCategories): string | undefined {
  if (!live.appInfo) return "App Store Connect returned no appInfo for this app";
  if (!live.appInfo.editable)
    return `the app info is ${live.appInfo.state}; categories change with a new version: create one in App Store Connect (or set version: in app.yml)`;
  if (!live.categories) return "App Store Connect did not answer the app info's categories; run the plan again";
  return undefined;
}

export function diffCategories(desired: DesiredCategories["categories"], live: SharedLive & LiveCategories): DiffResult<CategoriesUpdate> {
  if (!desired) return { changes: [], blocked: [] };
  const slots: CategorySlotChange[] = [];
  for (const relationship of CATEGORY_RELATIONSHIPS) {
    const after = desired.slots[relationship];
    const before = live.categories?.[relationship] ?? null;
    if (before !== after) slots.push({ relationship, before, after });
  }
  if (slots.length === 0) return { changes: [], blocked: [] };
  const base = { kind: "categories-update", resource: CATEGORIES_RESOURCE, locale: CATEGORIES_GROUP } as const;
  const reason = blockedReason(live);
  if (reason) {
    const blocked: BlockedChange[] = slots.map((slot) => ({ ...base, field: slot.relationship, reason, source: sourceOf(desired.sources, slot.relationship) }));
    return { changes: [], blocked };
  }
  return { changes: [{ ...base, id: live.appInfo!.id, slots, source: sourceOf(desired.sources, slots[0]!.relationship) }], blocked: [] };
}
