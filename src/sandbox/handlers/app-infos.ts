/** appInfos: one app info (the live one or the one being prepared), its localizations and its categories. */
import { CATEGORY_RELATIONSHIPS, isCategoryId, isSubcategoryId, parentOf } from "../../model/categories.js";
import { appInfoStateAllows } from "../../model/version-states.js";
import { entityProblems, errors, type EntityProblem } from "../errors.js";
import type { AppInfoRecord } from "../store/records.js";
import { applyFilters, linkages, list, matchesAny, mustFind, ok, pathId, resourceBody, type Handler } from "./context.js";

/** The category slot a subcategory slot belongs to. */
const categorySlotOf = (name: string) => (name.startsWith("primary") ? "primaryCategory" : "secondaryCategory");

/**
 * The categories after a PATCH, or the problems Apple would answer: an id not in
 * the catalogue, a subcategory where a category goes (or the reverse), a
 * subcategory of another category [the last two unconfirmed, capabilities.md §2d].
 */
function patchedCategories(info: AppInfoRecord, relationships: Record<string, { data?: { type: string; id: string } | null } | undefined>) {
  const next: Partial<Record<string, string>> = { ...info.categories };
  const problems: EntityProblem[] = [];
  const named = CATEGORY_RELATIONSHIPS.filter((name) => relationships[name] !== undefined);
  for (const name of named) {
    const data = relationships[name]?.data;
    if (!data) {
      delete next[name];
      continue;
    }
    const isCategorySlot = name === "primaryCategory" || name === "secondaryCategory";
    const known = isCategorySlot ? isCategoryId(data.id) : isSubcategoryId(data.id);
    if (data.type !== "appCategories" || !known) {
      problems.push(entityProblems.relationshipInvalid(name, `'${data.id}' is not a valid ${isCategorySlot ? "category" : "subcategory"} for '${name}'`));
      continue;
    }
    next[name] = data.id;
  }
  for (const name of CATEGORY_RELATIONSHIPS) {
    const id = next[name];
    if (!id || name === "primaryCategory" || name === "secondaryCategory") continue;
    const category = next[categorySlotOf(name)];
    if (parentOf(id) !== category && named.includes(name))
      problems.push(entityProblems.relationshipInvalid(name, `The subcategory '${id}' does not belong to the category '${category ?? "(none)"}'`));
  }
  return { next, problems, named };
}

export const appInfosHandlers = {
  appInfos_getInstance: (context) => ok(context, "appInfos", mustFind(context, "appInfos", pathId(context))),
  appInfos_updateInstance: async (context) => {
    const info = mustFind(context, "appInfos", pathId(context));
    const { relationships } = resourceBody(context);
    const { next, problems, named } = patchedCategories(info, relationships);
    if (named.length > 0 && !appInfoStateAllows(info.state).text)
      throw errors.state(
        named.map((name) => ({
          detail: `Relationship '${name}' cannot be edited at this time: the app info is in state ${info.state}`,
          at: `/data/relationships/${name}`,
        })),
      );
    if (problems.length > 0) throw errors.entity(problems);
    info.categories = next;
    await context.store.commit();
    return ok(context, "appInfos", info);
  },
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
