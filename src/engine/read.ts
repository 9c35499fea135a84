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
import type { AppInfo, AppInfoLocalization, AppInfosResponse, AppsResponse, AppStoreVersion, AppStoreVersionLocalization, AppStoreVersionLocalizationsResponse, AppStoreVersionsResponse, App } from "../asc/types.js";
import { APP_INFO_FIELDS, VERSION_FIELDS } from "../model/fields.js";
import type { Platform } from "../model/platforms.js";
import { toLiveLocalizations } from "../resources/localization-read.js";
import { readScreenshotSets, type LiveReadClient } from "../resources/screenshots/read.js";
import type { DesiredState } from "./desired-state.js";
import { EDITABLE_APP_INFO_STATES, EDITABLE_VERSION_STATES, isOnSale, type LiveAppInfo, type LiveState, type LiveVersion } from "./live-state.js";
import type { PlanError } from "./plan/plan.js";

/** Every version state but REPLACED_WITH_NEW_VERSION: the versions that are current, at most a few. */
const CURRENT_VERSION_STATES = [
  "PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY", "WAITING_FOR_REVIEW", "IN_REVIEW",
  "READY_FOR_REVIEW", "WAITING_FOR_EXPORT_COMPLIANCE", "ACCEPTED", "PENDING_DEVELOPER_RELEASE", "PENDING_APPLE_RELEASE", "PROCESSING_FOR_DISTRIBUTION", "READY_FOR_DISTRIBUTION",
];
const APP_FIELDS = ["bundleId", "name", "primaryLocale"];

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

function versionState(version: AppStoreVersion): string {
  const attributes = version.attributes ?? {};
  return attributes.appStoreState ?? attributes.appVersionState ?? "UNKNOWN";
}

function toLiveVersion(version: AppStoreVersion): LiveVersion {
  const state = versionState(version);
  const modern = version.attributes?.appVersionState;
  return {
    id: version.id,
    versionString: version.attributes?.versionString ?? "",
    state,
    editable: (EDITABLE_VERSION_STATES as readonly string[]).includes(modern ?? state),
  };
}

function toLiveAppInfo(info: AppInfo): LiveAppInfo {
  const state = info.attributes?.state ?? info.attributes?.appStoreState ?? "UNKNOWN";
  return { id: info.id, state, editable: (EDITABLE_APP_INFO_STATES as readonly string[]).includes(state) };
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
      "filter[appVersionState]": CURRENT_VERSION_STATES,
      include: ["appStoreVersionLocalizations"],
      limit: 200,
      "limit[appStoreVersionLocalizations]": 50,
    }),
    client.getAll<AppInfosResponse>(`${appPath}/appInfos`, {
      include: found.app ? ["appInfoLocalizations"] : ["appInfoLocalizations", "app"],
      ...(found.app ? {} : { "fields[apps]": APP_FIELDS }),
      limit: 200,
      "limit[appInfoLocalizations]": 50,
    }),
  ]);

  const app = found.app ?? (infosDocument.included ?? []).find((item): item is App => item.type === "apps");
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

  const includedLocalizations = (versionsDocument.included ?? []).filter((item): item is AppStoreVersionLocalization => item.type === "appStoreVersionLocalizations");
  const localizationsOf = async (version: AppStoreVersion | undefined): Promise<AppStoreVersionLocalization[]> => {
    if (!version) return [];
    const relationship = version.relationships?.appStoreVersionLocalizations;
    const ids = new Set((relationship?.data ?? []).map((link) => link.id));
    const total = relationship?.meta?.paging?.total;
    // More localizations than an include carries (50): read the rest from the relationship.
    if (total !== undefined && total > ids.size) {
      const all = await client.getAll<AppStoreVersionLocalizationsResponse>(`/v1/appStoreVersions/${encodeURIComponent(version.id)}/appStoreVersionLocalizations`, { limit: 200 });
      return all.data;
    }
    return includedLocalizations.filter((item) => ids.has(item.id));
  };
  const [managedLocalizations, onSaleLocalizations] = await Promise.all([localizationsOf(managed), localizationsOf(onSale)]);

  const infos = infosDocument.data.map(toLiveAppInfo);
  const appInfo = infos.find((info) => info.editable) ?? infos[0];
  const infoResource = infosDocument.data.find((info) => info.id === appInfo?.id);
  const infoIds = new Set((infoResource?.relationships?.appInfoLocalizations?.data ?? []).map((link) => link.id));
  const infoLocalizations = (infosDocument.included ?? []).filter((item): item is AppInfoLocalization => item.type === "appInfoLocalizations" && infoIds.has(item.id));

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
