/**
 * appInfoLocalizations: name, subtitle and privacy URLs per locale, on the
 * appInfo being prepared. A new locale needs a name (App Store Connect refuses
 * the create without one).
 */
import { APP_INFO_FIELDS } from "../../model/fields.js";
import type { LiveState } from "../../engine/live-state.js";
import { appInfoStateAllows, type AppInfoStateAllows } from "../../model/version-states.js";
import { diffLocalizations, type DesiredFieldValue } from "../localization-diff.js";
import type { DiffContext, DiffResult } from "../resource.js";
import type { DesiredAppInfoLocalization } from "./desired.js";

/** Why this kind of change cannot be made to the app info now (model/version-states.ts), or undefined. */
function appInfoBlockedReason(live: LiveState, change: keyof AppInfoStateAllows): string | undefined {
  if (!live.appInfo) return "App Store Connect returned no appInfo for this app";
  if (appInfoStateAllows(live.appInfo.state)[change]) return undefined;
  if (live.appInfo.editable)
    return `the app info is ${live.appInfo.state}; locales are added or removed only while it is prepared or after a rejection: make the change with the next version`;
  return `the app info is ${live.appInfo.state}; name, subtitle and privacy URLs change with a new version: create one in App Store Connect`;
}

export function diffAppInfoLocalizations(desired: readonly DesiredAppInfoLocalization[], context: DiffContext): DiffResult {
  return diffLocalizations(
    desired.map((localization) => ({
      locale: localization.locale,
      fields: new Map(Object.entries(localization.fields).map(([field, value]): [string, DesiredFieldValue] => [field, { value: value!, pointer: field }])),
      sources: localization.sources,
    })),
    context.live.appInfoLocalizations,
    context,
    {
      resource: "appInfoLocalizations",
      fieldOrder: APP_INFO_FIELDS,
      localizationsBlockedReason: appInfoBlockedReason(context.live, "localizations"),
      fieldBlockedReason: () => appInfoBlockedReason(context.live, "text"),
      createBlockedReason: (fields) => (fields.name ? undefined : "a new locale needs a name: App Store Connect refuses to create an app info localization without one; add name: to the locale file"),
    },
  );
}
