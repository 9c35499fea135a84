/**
 * Reads the LiveState with the fewest requests, independent reads in parallel:
 *
 *   requests = A + 2 + S + B
 *     A = 0 when app.yml gives app.id (the app comes included with the appInfos), 1 for a bundleId lookup;
 *     2 = the app's current versions and its appInfos, each read ONCE for every resource, with the
 *         includes the resources declare (the version and app info localizations);
 *     S = what the resources read on their own: live localizations of the managed version whose
 *         screenshots the repository manages (a locale with a screenshot folder, or any managed locale with prune), one request each;
 *     B = 1 when app.yml sets `build`: the app's builds of the managed version (GET /v1/builds, filtered), beside S.
 *   chain of dependent requests: A + 2 (lookup, versions, screenshot sets).
 * Every collection uses limit=200 (and the relationship limits) so one page holds it.
 */
import type { App, AppInfo, AppInfosResponse, AppResponse, AppsResponse, AppStoreVersion, AppStoreVersionsResponse } from "../asc/types.js";
import type { LiveAppInfo, LiveVersion, SharedLive, VersionToMake } from "../contracts/live-state.js";
import type { PlanError } from "../contracts/plan.js";
import { INCLUDED_LIMIT, type AnyResource, type ReadClient, type ReadOptions, type SharedReads } from "../contracts/resource.js";
import type { Platform } from "../model/platforms.js";
import { appInfoStateAllows, CURRENT_APP_VERSION_STATES, isOnSaleState, versionStage, versionStateAllows } from "../model/version-states.js";
import { RESOURCES, type DesiredState, type LiveState } from "../resources/index.js";
import { inDependencyOrder } from "./schedule.js";

export type { ReadOptions };

const APP_FIELDS = ["bundleId", "name", "primaryLocale"];

export interface ReadResult {
  live?: LiveState;
  errors: PlanError[];
}

/** appVersionState, the current attribute; the deprecated appStoreState can disagree with it, so it only fills in. */
function versionState(version: AppStoreVersion): string {
  const attributes = version.attributes ?? {};
  return attributes.appVersionState ?? attributes.appStoreState ?? "UNKNOWN";
}

function toLiveVersion(version: AppStoreVersion): LiveVersion {
  const state = versionState(version);
  return { id: version.id, versionString: version.attributes?.versionString ?? "", state, editable: versionStateAllows(state).versionText };
}

function toLiveAppInfo(info: AppInfo): LiveAppInfo {
  const state = info.attributes?.state ?? info.attributes?.appStoreState ?? "UNKNOWN";
  return { id: info.id, state, editable: appInfoStateAllows(state).text };
}

const newestFirst = (a: AppStoreVersion, b: AppStoreVersion) => (b.attributes?.createdDate ?? "").localeCompare(a.attributes?.createdDate ?? "");

/** The app's attributes every read asks for, and those the resources declare. */
const appFields = (resources: readonly AnyResource[]) => [...new Set([...APP_FIELDS, ...resources.flatMap((resource) => resource.read.includes?.app ?? [])])];

async function findApp(client: ReadClient, desired: DesiredState, fields: string[]): Promise<{ id: string; app?: App } | PlanError> {
  const { id, bundleId } = desired.app.app;
  if (id) return { id };
  const found = await client.getAll<AppsResponse>("/v1/apps", { "filter[bundleId]": bundleId!, "fields[apps]": fields, limit: 200 });
  const app = found.data.find((item) => item.attributes?.bundleId === bundleId);
  if (!app) return { message: `no app with bundle id ${bundleId} in this App Store Connect account (check app.bundleId in app.yml, or the API key's team)` };
  return { id: app.id, app };
}

/** The includes the resources declare for one shared read, each with its item limit. */
function includesFor(resources: readonly AnyResource[], read: "versions" | "appInfos"): string[] {
  return [...new Set(resources.flatMap((resource) => resource.read.includes?.[read] ?? []))];
}

/** The to-one includes the resources declare for one shared read (no limit[…]). */
function oneIncludesFor(resources: readonly AnyResource[], read: "versions" | "appInfos"): string[] {
  return [...new Set(resources.flatMap((resource) => resource.read.includesOne?.[read] ?? []))];
}

const includeLimits = (relationships: readonly string[]) => Object.fromEntries(relationships.map((name) => [`limit[${name}]`, INCLUDED_LIMIT]));

/** The two reads every resource shares: the app's current versions and its appInfos (with the app, when not known yet). */
async function readShared(client: ReadClient, appPath: string, platform: Platform, withApp: boolean, resources: readonly AnyResource[]) {
  const versionIncludes = includesFor(resources, "versions");
  const infoIncludes = includesFor(resources, "appInfos");
  const versionOnes = [...versionIncludes, ...oneIncludesFor(resources, "versions")];
  const infoOnes = [...infoIncludes, ...oneIncludesFor(resources, "appInfos")];
  return Promise.all([
    client.getAll<AppStoreVersionsResponse>(`${appPath}/appStoreVersions`, {
      "filter[platform]": platform,
      "filter[appVersionState]": CURRENT_APP_VERSION_STATES,
      ...(versionOnes.length ? { include: versionOnes } : {}),
      limit: 200,
      ...includeLimits(versionIncludes),
    }),
    client.getAll<AppInfosResponse>(`${appPath}/appInfos`, {
      ...(withApp || infoOnes.length ? { include: withApp ? [...infoOnes, "app"] : infoOnes } : {}),
      ...(withApp ? { "fields[apps]": appFields(resources) } : {}),
      limit: 200,
      ...includeLimits(infoIncludes),
    }),
  ]);
}

/**
 * The version managed (app.yml's, else the editable one) and the one on sale.
 * With no version in preparation (after a release, before the next), the repository is compared with the one on sale:
 * what differs is blocked (a difference), what agrees is no change, and promotionalText still applies.
 * A version app.yml names that the app lacks is made as EAS Metadata makes it: the platform's one editable version
 * renamed to it, or, with none editable, created; until it exists the rest is planned against the version App Store
 * Connect copies into it (the one on sale), as it will stand, and apply plans again once it is created.
 */
function chooseVersions(document: AppStoreVersionsResponse, wanted: string | undefined) {
  const versions = [...document.data].sort(newestFirst);
  const editable = versions.find((version) => toLiveVersion(version).editable);
  const found = wanted ? versions.find((version) => version.attributes?.versionString === wanted) : undefined;
  let managed = wanted ? found : (editable ?? versions.find((version) => isOnSaleState(versionState(version))));
  let versionToMake: VersionToMake | undefined;
  let projected: LiveVersion | undefined;
  const errors: PlanError[] = [];
  const onSaleNow = versions.find((version) => isOnSaleState(versionState(version)));
  const current = () => versions.map((version) => `${version.attributes?.versionString} ${versionState(version)}`).join(", ") || "none";
  const onSaleString = onSaleNow?.attributes?.versionString ?? "";
  // A number not above the one on sale was used already (Apple refuses it); with nothing on sale or editable there is nothing to copy or rename.
  if (wanted && !found && onSaleNow && compareVersions(wanted, onSaleString) <= 0)
    errors.push({ message: `version ${wanted} is not after ${onSaleString}, the version on sale; name a later version in app.yml (current: ${current()})` });
  else if (wanted && !found && !editable && !onSaleNow)
    errors.push({
      message: `version ${wanted} is not among the app's current versions (${current()}); create it in App Store Connect or change version: in app.yml`,
    });
  else if (wanted && !found && editable) {
    managed = editable;
    versionToMake = { action: "rename", from: editable.attributes?.versionString ?? "", to: wanted };
  } else if (wanted && !found) {
    managed = versions.find((version) => isOnSaleState(versionState(version)));
    versionToMake = { action: "create", versionString: wanted, ...(managed ? { basis: managed.attributes?.versionString ?? "" } : {}) };
    if (managed) projected = { id: managed.id, versionString: wanted, state: "PREPARE_FOR_SUBMISSION", editable: true };
  }
  const onSale = versions.find((version) => isOnSaleState(versionState(version)) && version.id !== managed?.id);
  const isFirstVersion = projected
    ? !versions.some((version) => !toLiveVersion(version).editable)
    : !versions.some((version) => version.id !== managed?.id && !toLiveVersion(version).editable);
  return { managed, projected, onSale, isFirstVersion, versionToMake, errors };
}

/** Version numbers compared number by number ("2.10" after "2.9"; "2.5" equals "2.5.0"). */
function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

export async function readLiveState(
  client: ReadClient,
  desired: DesiredState,
  options: ReadOptions & { resources?: readonly AnyResource[] } = {},
): Promise<ReadResult> {
  const resources = options.resources ?? RESOURCES;
  const platform: Platform = desired.app.app.platform;
  // The reads that will go out together (versions and appInfos, then each resource's) find their connections open.
  // Opened once the first request is on its way, so that it does not wait behind them.
  const together = Math.max(2, ...resources.map((resource) => resource.read.atOnce?.(desired, options) ?? 0));
  setImmediate(() => client.preconnect?.(Math.min(together, options.concurrency ?? 50)));
  const found = await findApp(client, desired, appFields(resources));
  if ("message" in found) return { errors: [found] };
  const appPath = `/v1/apps/${encodeURIComponent(found.id)}`;
  const [versions, appInfos] = await readShared(client, appPath, platform, !found.app, resources);

  // The app rides on the appInfos read; an include App Store Connect did not honour costs one read of it.
  const app =
    found.app ??
    (appInfos.included ?? []).find((item): item is App => item.type === "apps") ??
    (await client.get<AppResponse>(appPath, { "fields[apps]": appFields(resources) })).data;
  const { managed, projected, onSale, isFirstVersion, versionToMake, errors } = chooseVersions(versions, desired.app.version);
  const infos = appInfos.data.map(toLiveAppInfo);
  // Past review and not on sale yet (approved, waiting for release), the app info that goes live with the version is the one to compare.
  const appInfo = infos.find((info) => info.editable) ?? infos.find((info) => ["in-review", "approved"].includes(versionStage(info.state))) ?? infos[0];

  const shared: SharedLive = {
    app: {
      id: found.id,
      bundleId: app?.attributes?.bundleId ?? desired.app.app.bundleId ?? "",
      ...(app?.attributes?.name ? { name: app.attributes.name } : {}),
      ...(app?.attributes?.primaryLocale ? { primaryLocale: app.attributes.primaryLocale } : {}),
      platform,
    },
    ...(managed ? { version: projected ?? toLiveVersion(managed) } : {}),
    ...(versionToMake ? { versionToMake } : {}),
    ...(onSale ? { liveVersion: toLiveVersion(onSale) } : {}),
    isFirstVersion,
    ...(appInfo ? { appInfo } : {}),
  };
  const reads: SharedReads = {
    ...(app ? { app } : {}),
    versions,
    ...(managed ? { managed } : {}),
    ...(onSale ? { onSale } : {}),
    appInfos,
    ...(appInfo ? { appInfo: appInfos.data.find((info) => info.id === appInfo.id)! } : {}),
  };
  // A resource may build on the slices of those it needs (screenshot sets hang on the version localizations).
  const live: Record<string, unknown> = { ...shared };
  await inDependencyOrder(resources, async (resource) => {
    Object.assign(live, await resource.read.read(client, { desired, live, shared: reads, options }));
  });
  return { live: live as unknown as LiveState, errors };
}
