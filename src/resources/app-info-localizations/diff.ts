/**
 * appInfoLocalizations: name, subtitle and privacy URLs per locale, on the
 * appInfo being prepared. A new locale needs a name (App Store Connect refuses
 * the create without one).
 */
import type { LiveLocalization, SharedLive } from "../../contracts/live-state.js";
import type { DiffContext, DiffResult } from "../../contracts/resource.js";
import { APP_INFO_FIELDS, type AppInfoField } from "../../model/fields.js";
import { appInfoStateAllows, type AppInfoStateAllows } from "../../model/version-states.js";
import type { LocalizationChange } from "../localization-changes.js";
import { diffLocalizations, type DesiredFieldValue } from "../localization-diff.js";
import type { DesiredAppInfoLocalization } from "./desired.js";

/** The app info localizations resource's slice of the LiveState. */
export interface LiveAppInfoLocalizations {
  appInfoLocalizations: LiveLocalization<AppInfoField>[];
}

/** Why this kind of change cannot be made to the app info now (model/version-states.ts), or undefined. */
function appInfoBlockedReason(live: SharedLive, change: keyof AppInfoStateAllows): string | undefined {
  if (!live.appInfo) return "App Store Connect returned no appInfo for this app";
  if (appInfoStateAllows(live.appInfo.state)[change]) return undefined;
  if (live.appInfo.editable)
    return (
      `the app info is ${live.appInfo.state}; ` +
      "locales are added or removed only while it is prepared or after a rejection: make the change with the next version"
    );
  return `the app info is ${live.appInfo.state}; name, subtitle and privacy URLs change with a new version: create one in App Store Connect`;
}

export function diffAppInfoLocalizations(
  desired: readonly DesiredAppInfoLocalization[],
  live: SharedLive & LiveAppInfoLocalizations,
  context: DiffContext,
): DiffResult<LocalizationChange> {
  return diffLocalizations(
    desired.map((localization) => ({
      locale: localization.locale,
      fields: new Map(Object.entries(localization.fields).map(([field, value]): [string, DesiredFieldValue] => [field, { value: value!, pointer: field }])),
      sources: localization.sources,
    })),
    live.appInfoLocalizations,
    live,
    context,
    {
      resource: "appInfoLocalizations",
      fieldOrder: APP_INFO_FIELDS,
      localizationsBlockedReason: appInfoBlockedReason(live, "localizations"),
      fieldBlockedReason: () => appInfoBlockedReason(live, "text"),
      createBlockedReason: (fields) =>
        fields.name
          ? undefined
          : "a new locale needs a name: App Store Connect refuses to create an app info localization without one; add name: to the locale file",
    },
  );
}
