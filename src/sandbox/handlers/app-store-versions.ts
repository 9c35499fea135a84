/** appStoreVersions: one version and its localizations. */
import { applyFilters, linkages, list, matchesAny, mustFind, ok, pathId, type Handler } from "./context.js";

export const appStoreVersionsHandlers = {
  appStoreVersions_getInstance: (context) => ok(context, "appStoreVersions", mustFind(context, "appStoreVersions", pathId(context))),
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
