/** appInfos: one app info (the live one or the one being prepared) and its localizations. */
import { applyFilters, linkages, list, matchesAny, mustFind, ok, pathId, type Handler } from "./context.js";

export const appInfosHandlers = {
  appInfos_getInstance: (context) => ok(context, "appInfos", mustFind(context, "appInfos", pathId(context))),
  appInfos_appInfoLocalizations_getToManyRelated: (context) => {
    const info = mustFind(context, "appInfos", pathId(context));
    const localizations = applyFilters(
      context,
      context.store.tables.appInfoLocalizations.where((localization) => localization.appInfoId === info.id),
      { locale: (localization, values) => matchesAny(localization.locale, values) },
    );
    return list(context, "appInfoLocalizations", localizations);
  },
  appInfos_appInfoLocalizations_getToManyRelationship: (context) => {
    const info = mustFind(context, "appInfos", pathId(context));
    return linkages(
      context,
      "appInfoLocalizations",
      context.store.tables.appInfoLocalizations.where((localization) => localization.appInfoId === info.id).map((localization) => localization.id),
    );
  },
} satisfies Record<string, Handler>;
