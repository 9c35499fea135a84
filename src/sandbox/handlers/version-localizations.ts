/**
 * appStoreVersionLocalizations: a version's text in one locale. Create needs
 * the locale and the version; text can change only while the version is
 * editable, except promotionalText; whatsNew has no place on an app's first
 * version; a locale exists once per version.
 */
import { VERSION_FIELDS } from "../../model/fields.js";
import { entityProblems, errors, type EntityProblem } from "../errors.js";
import { attributeProblems, localeProblems } from "../rules/attributes.js";
import { assertVersionAttributesEditable, assertVersionEditable } from "../rules/states.js";
import type { AppStoreVersionRecord, VersionLocalizationRecord } from "../store/records.js";
import { deleteVersionLocalization } from "./cascade.js";
import { applyFilters, linkages, list, mustFind, noContent, ok, pathId, relatedId, resourceBody, type Handler, type HandlerContext } from "./context.js";

/** whatsNew on an app's first version on this platform: App Store Connect does not let it be set. */
function assertWhatsNewAllowed(context: HandlerContext, version: AppStoreVersionRecord, attributes: Record<string, unknown>): void {
  if (typeof attributes.whatsNew !== "string" || attributes.whatsNew === "") return;
  const earlier = context.store.tables.appStoreVersions.find(
    (other) => other.appId === version.appId && other.platform === version.platform && other.id !== version.id && other.createdDate < version.createdDate,
  );
  if (!earlier) throw errors.state([{ detail: "Attribute 'whatsNew' cannot be edited at this time", at: "/data/attributes/whatsNew" }]);
}

/** Copies the text attributes of a request; "" and null clear a value. */
function applyText(record: VersionLocalizationRecord, attributes: Record<string, unknown>): void {
  for (const name of VERSION_FIELDS) {
    if (!(name in attributes)) continue;
    const value = attributes[name];
    if (typeof value === "string" && value !== "") record[name] = value;
    else delete record[name];
  }
}

function primaryLocaleOf(context: HandlerContext, version: AppStoreVersionRecord): string | undefined {
  return context.store.tables.apps.get(version.appId)?.primaryLocale;
}

export const versionLocalizationsHandlers = {
  appStoreVersionLocalizations_createInstance: async (context) => {
    const body = resourceBody(context);
    const versionId = relatedId(body, "appStoreVersion")!;
    const version = context.store.tables.appStoreVersions.get(versionId);
    if (!version) throw errors.entity([entityProblems.relationshipInvalid("appStoreVersion", `'${versionId}' is not a valid ID for this relationship.`)]);
    assertVersionEditable(version, "Localizations");
    const locale = String(body.attributes.locale);
    const problems: EntityProblem[] = [...localeProblems(locale), ...attributeProblems(body.attributes, locale)];
    const existing = context.store.tables.appStoreVersionLocalizations.find((other) => other.versionId === version.id && other.locale === locale);
    if (existing) problems.push(entityProblems.duplicate("locale", `Entity with locale: ${locale} already exists. Try updating.`));
    if (problems.length > 0) throw errors.entity(problems);
    assertWhatsNewAllowed(context, version, body.attributes);
    const record: VersionLocalizationRecord = { id: context.store.newId(), versionId: version.id, locale };
    applyText(record, body.attributes);
    context.store.tables.appStoreVersionLocalizations.insert(record);
    await context.store.commit();
    return ok(context, "appStoreVersionLocalizations", record, 201);
  },
  appStoreVersionLocalizations_getInstance: (context) =>
    ok(context, "appStoreVersionLocalizations", mustFind(context, "appStoreVersionLocalizations", pathId(context))),
  appStoreVersionLocalizations_updateInstance: async (context) => {
    const record = mustFind(context, "appStoreVersionLocalizations", pathId(context));
    const version = mustFind(context, "appStoreVersions", record.versionId);
    const { attributes } = resourceBody(context);
    assertVersionAttributesEditable(version, Object.keys(attributes));
    const problems = attributeProblems(attributes, record.locale);
    if (problems.length > 0) throw errors.entity(problems);
    assertWhatsNewAllowed(context, version, attributes);
    applyText(record, attributes);
    await context.store.commit();
    return ok(context, "appStoreVersionLocalizations", record);
  },
  appStoreVersionLocalizations_deleteInstance: async (context) => {
    const record = mustFind(context, "appStoreVersionLocalizations", pathId(context));
    const version = mustFind(context, "appStoreVersions", record.versionId);
    assertVersionEditable(version, "Localizations");
    if (record.locale === primaryLocaleOf(context, version)) {
      throw errors.state([{ detail: `The localization in the app's primary language (${record.locale}) cannot be deleted` }]);
    }
    deleteVersionLocalization(context.store, context.assets, record.id);
    await context.store.commit();
    return noContent;
  },
  appStoreVersionLocalizations_appScreenshotSets_getToManyRelated: (context) => {
    const localization = mustFind(context, "appStoreVersionLocalizations", pathId(context));
    const sets = applyFilters(
      context,
      context.store.tables.appScreenshotSets.where((set) => set.localizationId === localization.id),
      {
        screenshotDisplayType: (set, values) => values.includes(set.screenshotDisplayType),
        // Sets of custom product pages and experiments are not modelled: none match.
        appCustomProductPageLocalization: () => false,
        appStoreVersionExperimentTreatmentLocalization: () => false,
      },
    );
    return list(context, "appScreenshotSets", sets);
  },
  appStoreVersionLocalizations_appScreenshotSets_getToManyRelationship: (context) => {
    const localization = mustFind(context, "appStoreVersionLocalizations", pathId(context));
    return linkages(
      context,
      "appScreenshotSets",
      context.store.tables.appScreenshotSets.where((set) => set.localizationId === localization.id).map((set) => set.id),
    );
  },
} satisfies Record<string, Handler>;
