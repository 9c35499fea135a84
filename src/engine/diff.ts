/**
 * diff(DesiredState, LiveState, today) -> Plan: a pure function. Each resource
 * diffs its own part; the engine orders the result deterministically (by
 * locale, then in apply order) so that the same inputs give the same plan.
 */
import { FIELD_NAMES, ROTATING_FIELDS } from "../model/fields.js";
import { diffAppInfoLocalizations } from "../resources/app-info-localizations/diff.js";
import type { DiffContext } from "../resources/resource.js";
import { diffScreenshots } from "../resources/screenshots/diff.js";
import { diffVersionLocalizations } from "../resources/version-localizations/diff.js";
import type { DesiredState } from "./desired-state.js";
import type { LiveState } from "./live-state.js";
import { PLAN_SCHEMA_VERSION, type BlockedChange, type Change, type ChangeKind, type Plan, type PlanError, type PlanSummary } from "./plan/plan.js";
import { upcomingRotations } from "./rotations.js";
import { compareCodeUnits } from "../util/natural-sort.js";

/** The order apply works in: create, update, upload, reorder, and delete last. */
export const APPLY_ORDER: readonly ChangeKind[] = [
  "localization-create",
  "screenshot-set-create",
  "field-update",
  "screenshot-upload",
  "screenshot-reorder",
  "screenshot-delete",
  "screenshot-set-delete",
  "localization-delete",
];

const RESOURCE_ORDER = ["appInfoLocalizations", "appStoreVersionLocalizations"];

function sortKey(change: Change | BlockedChange): (string | number)[] {
  const resource = "resource" in change && change.resource ? RESOURCE_ORDER.indexOf(change.resource) : -1;
  const target = "target" in change ? (change.target === "live" ? 1 : 0) : 0;
  const field = "field" in change && change.field ? FIELD_NAMES.indexOf(change.field as (typeof FIELD_NAMES)[number]) : -1;
  const displayType = "displayType" in change ? (change.displayType ?? "") : "";
  const position = "position" in change ? change.position : 0;
  const name = "fileName" in change ? change.fileName : "";
  return [change.locale, APPLY_ORDER.indexOf(change.kind), resource, target, displayType, field, position, name];
}

export function compareChanges(a: Change | BlockedChange, b: Change | BlockedChange): number {
  const keyA = sortKey(a);
  const keyB = sortKey(b);
  for (let i = 0; i < keyA.length; i++) {
    const x = keyA[i]!;
    const y = keyB[i]!;
    const order = typeof x === "number" && typeof y === "number" ? x - y : compareCodeUnits(String(x), String(y));
    if (order !== 0) return order;
  }
  return 0;
}

export function summarize(changes: readonly Change[], blocked: readonly BlockedChange[], errors: readonly PlanError[]): PlanSummary {
  const byKind: PlanSummary["byKind"] = {};
  for (const kind of APPLY_ORDER) {
    const count = changes.filter((change) => change.kind === kind).length;
    if (count) byKind[kind] = count;
  }
  return {
    changes: changes.length,
    blocked: blocked.length,
    errors: errors.length,
    byKind,
    locales: [...new Set([...changes, ...blocked].map((change) => change.locale))].sort(),
  };
}

/** Live differs from the repository: changes to make, or blocked changes (a difference that apply cannot remove now). */
export const planDiffers = (plan: Pick<Plan, "changes" | "blocked">): boolean => plan.changes.length > 0 || plan.blocked.length > 0;

export interface DiffOptions {
  today: string;
  /** Errors found while reading live state (e.g. the version named in app.yml does not exist). */
  errors?: PlanError[];
}

export function diff(desired: DesiredState, live: LiveState, options: DiffOptions): Plan {
  const localeFiles = new Set(desired.versionLocalizations.map((localization) => localization.locale));
  const context: DiffContext = {
    today: options.today,
    prune: desired.app.prune,
    screenshotsUnmanaged: desired.screenshotsUnmanaged === true,
    live,
    localeFiles,
    managedLocales: new Set([...localeFiles, ...desired.screenshotSets.map((set) => set.locale)]),
  };
  const results = [
    diffAppInfoLocalizations(desired.appInfoLocalizations, context),
    diffVersionLocalizations(desired.versionLocalizations, context),
    diffScreenshots(desired.screenshotSets, context),
  ];
  const changes = results.flatMap((result) => result.changes).sort(compareChanges);
  const blocked = results.flatMap((result) => result.blocked).sort(compareChanges);
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
    upcomingRotations: upcomingRotations(desired.versionLocalizations, options.today, ROTATING_FIELDS),
    summary: summarize(changes, blocked, errors),
  };
}
