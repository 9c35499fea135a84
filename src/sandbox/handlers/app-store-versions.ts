/** appStoreVersions: one version and its localizations. */
import { errors } from "../errors.js";
import { applyReleaseSettings } from "../rules/release.js";
import { assertVersionAttributesEditable } from "../rules/states.js";
import { versionStringProblems } from "./version-create.js";
import { applyFilters, linkages, list, matchesAny, mustFind, ok, pathId, resourceBody, type Handler } from "./context.js";

export const appStoreVersionsHandlers = {
  appStoreVersions_getInstance: (context) => ok(context, "appStoreVersions", mustFind(context, "appStoreVersions", pathId(context))),
  /** The copyright, the release settings and the build (rules/release.ts), while the version's state allows its text to change (rules/states.ts). */
  appStoreVersions_updateInstance: async (context) => {
    const version = mustFind(context, "appStoreVersions", pathId(context));
    const { attributes, relationships } = resourceBody(context);
    assertVersionAttributesEditable(version, [...Object.keys(attributes), ...("build" in relationships ? ["build"] : [])]);
    if (typeof attributes.versionString === "string") {
      const found = versionStringProblems(context.store, version.appId, version.platform, attributes.versionString, version.id);
      if (found.length) throw errors.entity(found);
    }
    applyReleaseSettings(context.store, version, attributes, relationships, context.now);
    if (typeof attributes.versionString === "string") version.versionString = attributes.versionString;
    const copyright = attributes.copyright;
    if (typeof copyright === "string" && copyright !== "") version.copyright = copyright;
    else if ("copyright" in attributes) delete version.copyright;
    await context.store.commit();
    return ok(context, "appStoreVersions", version);
  },
  appStoreVersions_appStoreVersionLocalizations_getToManyRelated: (context) => {
    const version = mustFind(context, "appStoreVersions", pathId(context));
    const localizations = applyFilters(
      context,
      context.store.tables.appStoreVersionLocalizations.where((localization) => localization.versionId === version.id),
      { locale: (localization, values) => matchesAny(localization.locale, values) },
    );
    return list(context, "appStoreVersionLocalizations", localizations);
  },
  appStoreVersions_appStoreVersionLocalizations_getToManyRelationship: (context) => {
    const version = mustFind(context, "appStoreVersions", pathId(context));
    return linkages(
      context,
      "appStoreVersionLocalizations",
      context.store.tables.appStoreVersionLocalizations.where((localization) => localization.versionId === version.id).map((localization) => localization.id),
    );
  },
} satisfies Record<string, Handler>;
