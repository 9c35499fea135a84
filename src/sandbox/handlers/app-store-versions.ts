/** appStoreVersions: one version and its localizations. */
import { assertVersionAttributesEditable } from "../rules/states.js";
import { applyFilters, linkages, list, matchesAny, mustFind, ok, pathId, resourceBody, type Handler } from "./context.js";

export const appStoreVersionsHandlers = {
  appStoreVersions_getInstance: (context) => ok(context, "appStoreVersions", mustFind(context, "appStoreVersions", pathId(context))),
  /** The copyright, while the version's state allows its text to change (rules/states.ts); other attributes are not kept yet. */
  appStoreVersions_updateInstance: async (context) => {
    const version = mustFind(context, "appStoreVersions", pathId(context));
    const { attributes } = resourceBody(context);
    assertVersionAttributesEditable(version, Object.keys(attributes));
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
