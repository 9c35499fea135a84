/**
 * Words the renderers share: the summary line, blocked changes, where a change
 * comes from. What a change is, each resource says (Resource.describe).
 */
import type { AnyResource, ChangeIdentity, Versions } from "../../contracts/resource.js";
import { RESOURCES } from "../../resources/index.js";
import { isAppStoreLocale } from "../../model/locales.js";
import { plural } from "../../util/plural.js";
import { ownerOrThrow } from "../owners.js";
import { appGroupOf, type BlockedChange, type Plan, type PlanApp, type PlanChange } from "../../contracts/plan.js";

export { plural };

/** How many of one kind, in the words of the resource that owns it. */
function kindCount(plan: Plan, kind: string, resources: readonly AnyResource[]): string {
  const changes = plan.changes.filter((change) => change.kind === kind);
  return ownerOrThrow({ kind }, resources).describe.count(kind, changes);
}

/** "7 changes in 2 locales: 1 locale to create (app info and version), 4 screenshots to upload; 1 change blocked (…)". */
export function summaryLine(plan: Plan, resources: readonly AnyResource[] = RESOURCES): string {
  const { summary } = plan;
  if (summary.changes === 0 && summary.blocked === 0 && summary.errors === 0) return "No changes: App Store Connect matches the repository.";
  const parts = Object.keys(summary.byKind).map((kind) => kindCount(plan, kind, resources));
  // App-level changes (contracts/plan.ts APP_GROUP) are not locales: "3 changes in 2 locales and the app", "2 changes to the app".
  const locales = new Set(plan.changes.map((change) => change.locale).filter(isAppStoreLocale)).size;
  const appLevel = plan.changes.some((change) => !isAppStoreLocale(change.locale));
  const where = (locales ? ` in ${plural(locales, "locale", "locales")}` : "") + (appLevel ? (locales ? " and the app" : " to the app") : "");
  const errors = summary.errors ? plural(summary.errors, "error", "errors") : "";
  if (summary.changes === 0 && summary.blocked > 0)
    return (
      `No change can be made now: ${plural(summary.blocked, "change is", "changes are")} blocked, ` +
      `so App Store Connect still differs from the repository${errors ? `; ${errors}` : ""}.`
    );
  const head = summary.changes === 0 ? "No changes to make" : `${plural(summary.changes, "change", "changes")}${where}: ${parts.join(", ")}`;
  const blocked = summary.blocked ? `${plural(summary.blocked, "change", "changes")} blocked (not applied: App Store Connect will still differ)` : "";
  const tail = [blocked, errors].filter(Boolean);
  return tail.length ? `${head}; ${tail.join(", ")}` : head;
}

export type { ChangeIdentity, Versions };

/** One change in words, as its resource says it: "update promotionalText on version 2.3.1 (on sale)", "upload 01-home.png to iphone-6.9". */
export function describeChange(item: ChangeIdentity, app?: Versions, resources: readonly AnyResource[] = RESOURCES): string {
  return ownerOrThrow(item, resources).describe.what(item, app);
}

/** "it: create the iphone-6.9 set: <why> (screenshots/it/iphone-6.9)". */
export function blockedLine(blocked: BlockedChange, app?: PlanApp, resources: readonly AnyResource[] = RESOURCES): string {
  return `${blockedWhat(blocked, app, resources)}: ${blocked.reason}${blockedWhere(blocked)}`;
}

/** "it: create the iphone-6.9 set": which change is blocked, without why. */
export const blockedWhat = (blocked: BlockedChange, app?: PlanApp, resources: readonly AnyResource[] = RESOURCES): string =>
  `${localeHeading(blocked.locale)}: ${describeChange(blocked, app, resources)}`;

const blockedWhere = (blocked: BlockedChange): string => {
  const where = whereOf(blocked);
  return where ? ` (${where})` : "";
};

/**
 * Blocked changes as lines, those that share a reason under it (a version on
 * sale blocks every text field at once): `{ text, depth }`, depth 1 under a reason.
 */
export function blockedLines(
  blocked: readonly BlockedChange[],
  app?: PlanApp,
  resources: readonly AnyResource[] = RESOURCES,
): { text: string; depth: 0 | 1 }[] {
  const byReason = new Map<string, BlockedChange[]>();
  for (const item of blocked) {
    const group = byReason.get(item.reason);
    if (group) group.push(item);
    else byReason.set(item.reason, [item]);
  }
  return [...byReason].flatMap(([reason, items]) => {
    if (items.length === 1) return [{ text: blockedLine(items[0]!, app, resources), depth: 0 as const }];
    const each = items.map((item) => ({ text: `${blockedWhat(item, app, resources)}${blockedWhere(item)}`, depth: 1 as const }));
    return [{ text: `${plural(items.length, "change", "changes")}: ${reason}`, depth: 0 as const }, ...each];
  });
}

/** The plan's changes by locale, locales in code-unit order (blocked changes are listed apart, at the top). */
/** A locale's heading; app-level changes ("app", or "" as App Review information has it) stand under one (contracts/plan.ts). */
export const localeHeading = (locale: string): string => appGroupOf(locale);

/** Changes by heading: every app-level change in ONE group, whichever way its resource names it. */
export function groupByLocale<C extends PlanChange>(plan: Pick<Plan<C>, "changes">): Map<string, C[]> {
  const groups = new Map<string, C[]>();
  for (const change of plan.changes) {
    const key = appGroupOf(change.locale);
    const group = groups.get(key);
    if (group) group.push(change);
    else groups.set(key, [change]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function whereOf(item: { source?: { file: string; line?: number; column?: number } }): string {
  const source = item.source;
  if (!source) return "";
  return source.line ? `${source.file}:${source.line}` : source.file;
}

export function versionLine(plan: Plan): string {
  const { app } = plan;
  const version = app.version ? `version ${app.version.versionString} (${app.version.state})` : "no editable version";
  const live = app.liveVersion ? `, on sale ${app.liveVersion.versionString}` : "";
  return `${app.name ?? app.bundleId} (${app.bundleId}) · ${app.platform} ${version}${live} · rotations as of ${plan.today}`;
}
