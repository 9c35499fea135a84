/**
 * appInfoLocalizations: name, subtitle and privacy URLs in one locale, on the
 * app info being prepared (the live one refuses edits). Create needs the
 * locale and the name; the name cannot be cleared.
 */
import { APP_INFO_FIELDS } from "../../model/fields.js";
import { entityProblems, errors, type EntityProblem } from "../errors.js";
import { attributeProblems, clearingProblems, localeProblems } from "../rules/attributes.js";
import { assertAppInfoEditable } from "../rules/states.js";
import type { AppInfoLocalizationRecord } from "../store/records.js";
import { mustFind, noContent, ok, pathId, relatedId, resourceBody, type Handler } from "./context.js";

const NOT_CLEARABLE = ["name"] as const;

function applyText(record: AppInfoLocalizationRecord, attributes: Record<string, unknown>): void {
  for (const name of APP_INFO_FIELDS) {
    if (!(name in attributes)) continue;
    const value = attributes[name];
    if (typeof value === "string" && value !== "") record[name] = value;
    else delete record[name];
  }
}

export const appInfoLocalizationsHandlers = {
  appInfoLocalizations_createInstance: async (context) => {
    const body = resourceBody(context);
    const infoId = relatedId(body, "appInfo")!;
    const info = context.store.tables.appInfos.get(infoId);
    if (!info) throw errors.entity([entityProblems.relationshipInvalid("appInfo", `'${infoId}' is not a valid ID for this relationship.`)]);
    assertAppInfoEditable(info, "App info localizations");
    const locale = String(body.attributes.locale);
    const problems: EntityProblem[] = [
      ...localeProblems(locale),
      ...clearingProblems(body.attributes, NOT_CLEARABLE),
      ...attributeProblems(body.attributes, locale),
    ];
    const existing = context.store.tables.appInfoLocalizations.find((other) => other.appInfoId === info.id && other.locale === locale);
    if (existing) problems.push(entityProblems.duplicate("locale", `Entity with locale: ${locale} already exists. Try updating.`));
    if (problems.length > 0) throw errors.entity(problems);
    const record: AppInfoLocalizationRecord = { id: context.store.newId(), appInfoId: info.id, locale };
    applyText(record, body.attributes);
    context.store.tables.appInfoLocalizations.insert(record);
    await context.store.commit();
    return ok(context, "appInfoLocalizations", record, 201);
  },
  appInfoLocalizations_getInstance: (context) => ok(context, "appInfoLocalizations", mustFind(context, "appInfoLocalizations", pathId(context))),
  appInfoLocalizations_updateInstance: async (context) => {
    const record = mustFind(context, "appInfoLocalizations", pathId(context));
    const info = mustFind(context, "appInfos", record.appInfoId);
    const { attributes } = resourceBody(context);
    assertAppInfoEditable(info, "App info localizations", Object.keys(attributes));
    const problems = [...clearingProblems(attributes, NOT_CLEARABLE), ...attributeProblems(attributes, record.locale)];
    if (problems.length > 0) throw errors.entity(problems);
    applyText(record, attributes);
    await context.store.commit();
    return ok(context, "appInfoLocalizations", record);
  },
  appInfoLocalizations_deleteInstance: async (context) => {
    const record = mustFind(context, "appInfoLocalizations", pathId(context));
    const info = mustFind(context, "appInfos", record.appInfoId);
    assertAppInfoEditable(info, "App info localizations");
    if (record.locale === context.store.tables.apps.get(info.appId)?.primaryLocale) {
      throw errors.state([{ detail: `The localization in the app's primary language (${record.locale}) cannot be deleted` }]);
    }
    context.store.tables.appInfoLocalizations.delete(record.id);
    await context.store.commit();
    return noContent;
  },
} satisfies Record<string, Handler>;
