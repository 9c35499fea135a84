/**
 * Reads the LiveState with the fewest requests, independent reads in parallel:
 *
 *   requests = A + 2 + S
 *     A = 0 when app.yml gives app.id (the app comes included with the appInfos), 1 for a bundleId lookup;
 *     2 = the app's current versions with their localizations included, and its appInfos with theirs;
 *     S = live localizations of the managed version whose screenshots the repository manages
 *         (a locale with a screenshot folder, or any managed locale with prune), one request each.
 *   chain of dependent requests: A + 2 (lookup, versions, screenshot sets).
 * Every collection uses limit=200 (and the relationship limits) so one page holds it.
 */
import { includedOfType, includedRelated } from "../asc/relationships.js";
import type {
  App,
  AppInfo,
  AppInfoLocalization,
  AppInfoLocalizationsResponse,
  AppInfosResponse,
  AppResponse,
  AppsResponse,
  AppStoreVersion,
  AppStoreVersionLocalization,
  AppStoreVersionLocalizationsResponse,
  AppStoreVersionsResponse,
} from "../asc/types.js";
import { APP_INFO_FIELDS, VERSION_FIELDS } from "../model/fields.js";
import type { Platform } from "../model/platforms.js";
import { appInfoStateAllows, CURRENT_APP_VERSION_STATES, versionStateAllows } from "../model/version-states.js";
import { toLiveLocalizations } from "../resources/localization-read.js";
import { readScreenshotSets, type LiveReadClient } from "../resources/screenshots/read.js";
import type { DesiredState } from "./desired-state.js";
import { isOnSale, type LiveAppInfo, type LiveState, type LiveVersion } from "./live-state.js";
import type { PlanError } from "./plan/plan.js";

const APP_FIELDS = ["bundleId", "name", "primaryLocale"];
/** The most items an include carries per relationship (the spec's maximum for limit[…]). */
const INCLUDED_LIMIT = 50;

export interface ReadResult {
  live?: LiveState;
  errors: PlanError[];
}

export interface ReadOptions {
  /** Screenshot sets read at once. */
  concurrency?: number;
  /** Read the screenshot sets of every live localization (pull), not only the managed ones. */
  allScreenshots?: boolean;
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

async function findApp(client: LiveReadClient, desired: DesiredState): Promise<{ id: string; app?: App } | PlanError> {
  const { id, bundleId } = desired.app.app;
  if (id) return { id };
  const found = await client.getAll<AppsResponse>("/v1/apps", { "filter[bundleId]": bundleId!, "fields[apps]": APP_FIELDS, limit: 200 });
  const app = found.data.find((item) => item.attributes?.bundleId === bundleId);
  if (!app) return { message: `no app with bundle id ${bundleId} in this App Store Connect account (check app.bundleId in app.yml, or the API key's team)` };
  return { id: app.id, app };
}

export async function readLiveState(client: LiveReadClient, desired: DesiredState, options: ReadOptions = {}): Promise<ReadResult> {
  const platform: Platform = desired.app.app.platform;
  const screenshotLocales = new Set<string>(desired.screenshotSets.map((set) => set.locale));
  if (desired.app.prune && !desired.screenshotsUnmanaged) for (const localization of desired.versionLocalizations) screenshotLocales.add(localization.locale);
  // The reads that will go out together (versions and appInfos, then one per locale's screenshot sets) find
  // their connections open. Opened once the first request is on its way, so that it does not wait behind them.
  const together = Math.max(2, options.allScreenshots ? desired.versionLocalizations.length : screenshotLocales.size);
  setImmediate(() => client.preconnect?.(Math.min(together, options.concurrency ?? 50)));
  const found = await findApp(client, desired);
  if ("message" in found) return { errors: [found] };
  const appPath = `/v1/apps/${encodeURIComponent(found.id)}`;

  const [versionsDocument, infosDocument] = await Promise.all([
    client.getAll<AppStoreVersionsResponse>(`${appPath}/appStoreVersions`, {
      "filter[platform]": platform,
      "filter[appVersionState]": CURRENT_APP_VERSION_STATES,
      include: ["appStoreVersionLocalizations"],
      limit: 200,
      "limit[appStoreVersionLocalizations]": INCLUDED_LIMIT,
    }),
    client.getAll<AppInfosResponse>(`${appPath}/appInfos`, {
      include: found.app ? ["appInfoLocalizations"] : ["appInfoLocalizations", "app"],
      ...(found.app ? {} : { "fields[apps]": APP_FIELDS }),
      limit: 200,
      "limit[appInfoLocalizations]": INCLUDED_LIMIT,
    }),
  ]);

  // The app rides on the appInfos read; an include App Store Connect did not honour costs one read of it.
  const app =
    found.app ??
    (infosDocument.included ?? []).find((item): item is App => item.type === "apps") ??
    (await client.get<AppResponse>(appPath, { "fields[apps]": APP_FIELDS })).data;
  const errors: PlanError[] = [];
  const versions = [...versionsDocument.data].sort(newestFirst);
  const wanted = desired.app.version;
  // With no version in preparation (after a release, before the next), the repository is compared with the one on sale:
  // what differs is blocked (a difference), what agrees is no change, and promotionalText still applies.
  const managed = wanted
    ? versions.find((version) => version.attributes?.versionString === wanted)
    : (versions.find((version) => toLiveVersion(version).editable) ?? versions.find((version) => isOnSale(versionState(version))));
  if (wanted && !managed)
    errors.push({
      message: `version ${wanted} (${platform}) is not among the app's current versions (${versions.map((version) => `${version.attributes?.versionString} ${versionState(version)}`).join(", ") || "none"}); create it in App Store Connect or change version: in app.yml`,
    });
  const onSale = versions.find((version) => isOnSale(versionState(version)) && version.id !== managed?.id);

  const includedLocalizations = includedOfType<AppStoreVersionLocalization>(versionsDocument.included, "appStoreVersionLocalizations");
  // When the answer may not hold every localization (links only, more than an include carries), the relationship is read whole.
  const localizationsOf = async (version: AppStoreVersion | undefined): Promise<AppStoreVersionLocalization[]> => {
    if (!version) return [];
    const included = includedRelated(version, "appStoreVersionLocalizations", includedLocalizations, INCLUDED_LIMIT);
    if (included) return included;
    const path = `/v1/appStoreVersions/${encodeURIComponent(version.id)}/appStoreVersionLocalizations`;
    return (await client.getAll<AppStoreVersionLocalizationsResponse>(path, { limit: 200 })).data;
  };
  const infos = infosDocument.data.map(toLiveAppInfo);
  const appInfo = infos.find((info) => info.editable) ?? infos[0];
  const infoResource = infosDocument.data.find((info) => info.id === appInfo?.id);
  const includedInfoLocalizations = includedOfType<AppInfoLocalization>(infosDocument.included, "appInfoLocalizations");
  const infoLocalizationsOf = async (info: AppInfo | undefined): Promise<AppInfoLocalization[]> => {
    if (!info) return [];
    const included = includedRelated(info, "appInfoLocalizations", includedInfoLocalizations, INCLUDED_LIMIT);
    if (included) return included;
    return (await client.getAll<AppInfoLocalizationsResponse>(`/v1/appInfos/${encodeURIComponent(info.id)}/appInfoLocalizations`, { limit: 200 })).data;
  };
  const [managedLocalizations, onSaleLocalizations, infoLocalizations] = await Promise.all([
    localizationsOf(managed),
    localizationsOf(onSale),
    infoLocalizationsOf(infoResource),
  ]);

  const versionLocalizations = toLiveLocalizations(managedLocalizations, VERSION_FIELDS);
  const screenshotSets = managed
    ? await readScreenshotSets(client, versionLocalizations.filter((localization) => options.allScreenshots || screenshotLocales.has(localization.locale)), {
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        withImages: options.allScreenshots ?? false,
      })
    : [];

  const live: LiveState = {
    app: {
      id: found.id,
      bundleId: app?.attributes?.bundleId ?? desired.app.app.bundleId ?? "",
      ...(app?.attributes?.name ? { name: app.attributes.name } : {}),
      ...(app?.attributes?.primaryLocale ? { primaryLocale: app.attributes.primaryLocale } : {}),
      platform,
    },
    ...(managed ? { version: toLiveVersion(managed) } : {}),
    ...(onSale ? { liveVersion: toLiveVersion(onSale) } : {}),
    isFirstVersion: !versions.some((version) => version.id !== managed?.id && !toLiveVersion(version).editable),
    ...(appInfo ? { appInfo } : {}),
    appInfoLocalizations: toLiveLocalizations(infoLocalizations, APP_INFO_FIELDS),
    versionLocalizations,
    liveVersionLocalizations: toLiveLocalizations(onSaleLocalizations, ["promotionalText"] as const),
    screenshotSets,
  };
  return { live, errors };
}
