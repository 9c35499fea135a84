/**
 * Creating a version (POST /v1/appStoreVersions) as App Store Connect does
 * (capabilities.md §3): one editable version per platform, so a create while
 * one is being prepared is refused with Apple's two-error 409; a version
 * string the app has already used is a duplicate. The new version starts in
 * PREPARE_FOR_SUBMISSION with the localizations of the version on sale copied
 * into it [App Store Connect copies screenshots too; the sandbox does not,
 * which only means more uploads after a create]. It is listed only after the
 * read-after-write lag (the --read-after-write-lag-ms knob).
 */
import { VERSION_PATTERN } from "../../model/version-string.js";
import { versionStateAllows } from "../../model/version-states.js";
import { entityProblems, errors, type EntityProblem } from "../errors.js";
import type { AppStoreVersionRecord } from "../store/records.js";
import type { Store } from "../store/store.js";
import { ok, relatedId, resourceBody, type Handler } from "./context.js";

const ON_SALE = new Set(["READY_FOR_DISTRIBUTION", "READY_FOR_SALE"]);

/** Problems of a versionString for `version`'s app and platform (a create, or a rename of `version`). */
export function versionStringProblems(store: Store, appId: string, platform: string, versionString: string, self?: string): EntityProblem[] {
  if (!new RegExp(VERSION_PATTERN).test(versionString))
    return [entityProblems.invalid("versionString", `'${versionString}' is not a valid version number; use up to three numbers separated by periods.`)];
  const taken = store.tables.appStoreVersions.find(
    (version) => version.appId === appId && version.platform === platform && version.versionString === versionString && version.id !== self,
  );
  return taken ? [entityProblems.duplicate("versionString", `The version number '${versionString}' has already been used.`)] : [];
}

export const versionCreateHandlers = {
  appStoreVersions_createInstance: async (context) => {
    const body = resourceBody(context);
    const appId = relatedId(body, "app")!;
    const app = context.store.tables.apps.get(appId);
    if (!app) throw errors.entity([entityProblems.relationshipInvalid("app", `'${appId}' is not a valid ID for this relationship.`)]);
    const platform = String(body.attributes.platform);
    const versionString = String(body.attributes.versionString);
    const versions = context.store.tables.appStoreVersions.where((version) => version.appId === app.id && version.platform === platform);
    if (versions.some((version) => versionStateAllows(version.appVersionState).versionText))
      // Recorded live (rorkai PR 2579): the relationship error, then one on the version [second item's code unconfirmed].
      throw errors.entity([
        entityProblems.relationshipInvalid("app", "You cannot create a new version of the App in the current state."),
        entityProblems.duplicate("versionString", "You cannot create a new version of the App in the current state."),
      ]);
    const found = versionStringProblems(context.store, app.id, platform, versionString);
    if (found.length) throw errors.entity(found);
    const now = context.now;
    const record: AppStoreVersionRecord = {
      id: context.store.newId(),
      appId: app.id,
      platform,
      versionString,
      appStoreState: "PREPARE_FOR_SUBMISSION",
      appVersionState: "PREPARE_FOR_SUBMISSION",
      releaseType: typeof body.attributes.releaseType === "string" ? body.attributes.releaseType : "AFTER_APPROVAL",
      reviewType: "APP_STORE",
      downloadable: true,
      createdDate: new Date(now).toISOString(),
      ...(typeof body.attributes.copyright === "string" ? { copyright: body.attributes.copyright } : {}),
      ...(context.settings.readAfterWriteLagMs > 0 ? { listedAt: now + context.settings.readAfterWriteLagMs } : {}),
    };
    context.store.tables.appStoreVersions.insert(record);
    const basis = versions.filter((version) => ON_SALE.has(version.appVersionState)).sort((a, b) => b.createdDate.localeCompare(a.createdDate))[0];
    if (basis)
      for (const localization of context.store.tables.appStoreVersionLocalizations.where((item) => item.versionId === basis.id))
        context.store.tables.appStoreVersionLocalizations.insert({ ...localization, id: context.store.newId(), versionId: record.id });
    await context.store.commit();
    return ok(context, "appStoreVersions", record, 201);
  },
} satisfies Record<string, Handler>;
