/**
 * appScreenshotSets: one display type of a version localization. A display
 * type exists once per localization and must suit the app's platform; the set
 * holds the order of its screenshots, which the relationship PATCH replaces.
 */
import { displayTypeInfo } from "../../model/display-types.js";
import { entityProblems, errors } from "../errors.js";
import { assertVersionEditable } from "../rules/states.js";
import type { AppStoreVersionRecord, ScreenshotSetRecord } from "../store/records.js";
import { deleteScreenshotSet } from "./cascade.js";
import { linkages, linkagesBody, list, mustFind, noContent, ok, pathId, relatedId, resourceBody, type Handler, type HandlerContext } from "./context.js";

export function versionOfSet(context: HandlerContext, set: ScreenshotSetRecord): AppStoreVersionRecord {
  const localization = mustFind(context, "appStoreVersionLocalizations", set.localizationId);
  return mustFind(context, "appStoreVersions", localization.versionId);
}

/**
 * The new order: the relationship PATCH replaces the whole list, so it must
 * name every screenshot of the set once (as fastlane and the asc CLI send it);
 * a list that leaves one out is refused rather than guessed at.
 */
function reorder(set: ScreenshotSetRecord, ids: readonly string[]): string[] {
  const problems = ids.flatMap((id, index) => {
    const detail = !set.screenshotIds.includes(id)
      ? `'${id}' is not a screenshot of the set '${set.id}'`
      : ids.indexOf(id) !== index
        ? `'${id}' is listed more than once`
        : undefined;
    return detail ? [{ ...entityProblems.relationshipInvalid("appScreenshots", detail), at: `/data/${index}/id` }] : [];
  });
  const missing = set.screenshotIds.filter((id) => !ids.includes(id));
  if (missing.length > 0) {
    const names = missing.map((id) => `'${id}'`).join(", ");
    problems.push({
      ...entityProblems.relationshipInvalid("appScreenshots", `The list must name every screenshot of the set '${set.id}'; it leaves out ${names}`),
      at: "/data",
    });
  }
  if (problems.length > 0) throw errors.entity(problems);
  return [...ids];
}

export const screenshotSetsHandlers = {
  appScreenshotSets_createInstance: async (context) => {
    const body = resourceBody(context);
    const localizationId = relatedId(body, "appStoreVersionLocalization");
    if (!localizationId) {
      const other = Object.keys(body.relationships).find((name) => relatedId(body, name));
      throw errors.entity([
        other
          ? entityProblems.relationshipInvalid(other, `The sandbox models screenshot sets of version localizations only, not of '${other}'`)
          : entityProblems.relationshipRequired("appStoreVersionLocalization"),
      ]);
    }
    const localization = context.store.tables.appStoreVersionLocalizations.get(localizationId);
    if (!localization) {
      throw errors.entity([entityProblems.relationshipInvalid("appStoreVersionLocalization", `'${localizationId}' is not a valid ID for this relationship.`)]);
    }
    const version = mustFind(context, "appStoreVersions", localization.versionId);
    assertVersionEditable(version, "Screenshots");
    const displayType = String(body.attributes.screenshotDisplayType);
    const info = displayTypeInfo(displayType);
    if (info && !info.platforms.includes(version.platform as never)) {
      throw errors.entity([entityProblems.invalid("screenshotDisplayType", `${displayType} screenshots do not belong to a ${version.platform} version`)]);
    }
    const existing = context.store.tables.appScreenshotSets.find((set) => set.localizationId === localization.id && set.screenshotDisplayType === displayType);
    if (existing) {
      throw errors.entity([
        entityProblems.duplicate("screenshotDisplayType", `A screenshot set of type ${displayType} already exists for locale ${localization.locale}.`),
      ]);
    }
    const set: ScreenshotSetRecord = { id: context.store.newId(), localizationId: localization.id, screenshotDisplayType: displayType, screenshotIds: [] };
    context.store.tables.appScreenshotSets.insert(set);
    await context.store.commit();
    return ok(context, "appScreenshotSets", set, 201);
  },
  appScreenshotSets_getInstance: (context) => ok(context, "appScreenshotSets", mustFind(context, "appScreenshotSets", pathId(context))),
  appScreenshotSets_deleteInstance: async (context) => {
    const set = mustFind(context, "appScreenshotSets", pathId(context));
    assertVersionEditable(versionOfSet(context, set), "Screenshots");
    deleteScreenshotSet(context.store, context.assets, set.id);
    await context.store.commit();
    return noContent;
  },
  appScreenshotSets_appScreenshots_getToManyRelated: (context) => {
    const set = mustFind(context, "appScreenshotSets", pathId(context));
    return list(
      context,
      "appScreenshots",
      set.screenshotIds.map((id) => mustFind(context, "appScreenshots", id)),
    );
  },
  appScreenshotSets_appScreenshots_getToManyRelationship: (context) => {
    const set = mustFind(context, "appScreenshotSets", pathId(context));
    return linkages(context, "appScreenshots", set.screenshotIds);
  },
  appScreenshotSets_appScreenshots_replaceToManyRelationship: async (context) => {
    const set = mustFind(context, "appScreenshotSets", pathId(context));
    assertVersionEditable(versionOfSet(context, set), "Screenshots");
    set.screenshotIds = reorder(
      set,
      linkagesBody(context).data.map((item) => item.id),
    );
    await context.store.commit();
    return noContent;
  },
} satisfies Record<string, Handler>;
