/**
 * appInfoLocalizations: name, subtitle and privacy URLs per locale, on the
 * appInfo being prepared. A new locale needs a name (App Store Connect refuses
 * the create without one).
 */
import { APP_INFO_FIELDS } from "../../model/fields.js";
import type { LiveState } from "../../engine/live-state.js";
import { diffLocalizations, type DesiredFieldValue } from "../localization-diff.js";
import type { DiffContext, DiffResult } from "../resource.js";
import type { DesiredAppInfoLocalization } from "./desired.js";

function appInfoBlockedReason(live: LiveState): string | undefined {
  if (!live.appInfo) return "App Store Connect returned no appInfo for this app";
  if (!live.appInfo.editable)
    return `the app info is ${live.appInfo.state}; name, subtitle and privacy URLs change with a new version: create one in App Store Connect`;
  return undefined;
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
      blockedReason: appInfoBlockedReason(context.live),
      createBlockedReason: (fields) =>
        fields.name ? undefined : "a new locale needs a name: App Store Connect refuses to create an app info localization without one; add name: to the locale file",
    },
  );
}
