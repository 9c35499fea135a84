/** apps: the collection (found by bundle id), one app, and the lists of its versions and app infos. */
import type { AppRecord, AppStoreVersionRecord } from "../store/records.js";
import { applyFilters, linkages, list, mustFind, ok, pathId, resourceBody, type Handler, type HandlerContext } from "./context.js";

function versionsOf(context: HandlerContext, appId: string): AppStoreVersionRecord[] {
  // Newest first, as App Store Connect lists them; a version just created is listed once the read-after-write lag has passed.
  return context.store.tables.appStoreVersions
    .where((version) => version.appId === appId && (version.listedAt ?? 0) <= context.now)
    .sort((a, b) => b.createdDate.localeCompare(a.createdDate));
}

function hasVersion(context: HandlerContext, app: AppRecord, test: (version: AppStoreVersionRecord) => boolean): boolean {
  return versionsOf(context, app.id).some(test);
}

const SORT_KEYS = ["name", "bundleId", "sku"] as const;

function sortApps(apps: AppRecord[], sort: readonly string[] | undefined): AppRecord[] {
  if (!sort) return apps;
  return [...apps].sort((a, b) => {
    for (const key of sort) {
      const field = key.replace(/^-/, "") as (typeof SORT_KEYS)[number];
      const order = a[field].localeCompare(b[field]) * (key.startsWith("-") ? -1 : 1);
      if (order !== 0) return order;
    }
    return 0;
  });
}

export const appsHandlers = {
  apps_getCollection: (context) => {
    let apps = applyFilters(context, context.store.tables.apps.all(), {
      bundleId: (app, values) => values.includes(app.bundleId),
      name: (app, values) => values.includes(app.name),
      sku: (app, values) => values.includes(app.sku),
      id: (app, values) => values.includes(app.id),
      appStoreVersions: (app, values) => hasVersion(context, app, (version) => values.includes(version.id)),
      "appStoreVersions.platform": (app, values) => hasVersion(context, app, (version) => values.includes(version.platform)),
      "appStoreVersions.appStoreState": (app, values) => hasVersion(context, app, (version) => values.includes(version.appStoreState)),
      "appStoreVersions.appVersionState": (app, values) => hasVersion(context, app, (version) => values.includes(version.appVersionState)),
      "reviewSubmissions.state": (app, values) =>
        context.store.tables.reviewSubmissions.find((submission) => submission.appId === app.id && values.includes(submission.state)) !== undefined,
      "reviewSubmissions.platform": (app, values) =>
        context.store.tables.reviewSubmissions.find((submission) => submission.appId === app.id && values.includes(submission.platform)) !== undefined,
    });
    // Nor Game Center versions: exists[gameCenterEnabledVersions]=true matches none.
    if (context.query.flag("exists[gameCenterEnabledVersions]") === true) apps = [];
    return list(context, "apps", sortApps(apps, context.query.list("sort")));
  },
  apps_getInstance: (context) => ok(context, "apps", mustFind(context, "apps", pathId(context))),
  /** The content rights declaration (the spec's enum checks its value); the other attributes are not kept by the sandbox. */
  apps_updateInstance: async (context) => {
    const app = mustFind(context, "apps", pathId(context));
    const { attributes } = resourceBody(context);
    const rights = attributes.contentRightsDeclaration;
    if (typeof rights === "string") app.contentRightsDeclaration = rights;
    else if (rights === null) delete app.contentRightsDeclaration;
    await context.store.commit();
    return ok(context, "apps", app);
  },
  apps_appStoreVersions_getToManyRelated: (context) => {
    const app = mustFind(context, "apps", pathId(context));
    const versions = applyFilters(context, versionsOf(context, app.id), {
      platform: (version, values) => values.includes(version.platform),
      versionString: (version, values) => values.includes(version.versionString),
      appStoreState: (version, values) => values.includes(version.appStoreState),
      appVersionState: (version, values) => values.includes(version.appVersionState),
      id: (version, values) => values.includes(version.id),
    });
    return list(context, "appStoreVersions", versions);
  },
  apps_appStoreVersions_getToManyRelationship: (context) => {
    const app = mustFind(context, "apps", pathId(context));
    return linkages(
      context,
      "appStoreVersions",
      versionsOf(context, app.id).map((version) => version.id),
    );
  },
  apps_appInfos_getToManyRelated: (context) => {
    const app = mustFind(context, "apps", pathId(context));
    return list(
      context,
      "appInfos",
      context.store.tables.appInfos.where((info) => info.appId === app.id),
    );
  },
  apps_appInfos_getToManyRelationship: (context) => {
    const app = mustFind(context, "apps", pathId(context));
    return linkages(
      context,
      "appInfos",
      context.store.tables.appInfos.where((info) => info.appId === app.id).map((info) => info.id),
    );
  },
} satisfies Record<string, Handler>;
