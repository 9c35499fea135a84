/**
 * appInfoLocalizations: name, subtitle and privacy URLs per locale, on the
 * appInfo being prepared. Its localizations ride on the engine's ONE appInfos read.
 */
import type { AppInfoLocalization } from "../../asc/types.js";
import type { Resource } from "../../contracts/resource.js";
import { APP_INFO_FIELDS } from "../../model/fields.js";
import { applyLocalizationDeletes, applyLocalizations } from "../localization-apply.js";
import type { LocalizationChange } from "../localization-changes.js";
import { localizationDescribe } from "../localization-describe.js";
import { localizationOrder } from "../localization-diff.js";
import { LOCALIZATION_KINDS } from "../localization-kinds.js";
import { includedLocalizations, toLiveLocalizations } from "../localization-read.js";
import { appInfoLocalizationsDesired, type DesiredAppInfoLocalizations } from "./desired.js";
import { diffAppInfoLocalizations, type LiveAppInfoLocalizations } from "./diff.js";

const RELATIONSHIP = "appInfoLocalizations";

export const appInfoLocalizations: Resource<DesiredAppInfoLocalizations, LiveAppInfoLocalizations, LocalizationChange> = {
  name: "appInfoLocalizations",
  kinds: LOCALIZATION_KINDS,
  desired: appInfoLocalizationsDesired,
  locales: (desired) => desired.appInfoLocalizations.map((localization) => localization.locale),
  read: {
    includes: { appInfos: [RELATIONSHIP] },
    async read(client, { shared }) {
      const found = await includedLocalizations<AppInfoLocalization>(client, shared.appInfo, shared.appInfos.included, RELATIONSHIP);
      return { appInfoLocalizations: toLiveLocalizations(found, APP_INFO_FIELDS) };
    },
  },
  diff: (desired, live, context) => diffAppInfoLocalizations(desired.appInfoLocalizations, live, context),
  order: localizationOrder,
  apply: (changes, run) => applyLocalizations(run, changes),
  remove: (changes, run) =>
    applyLocalizationDeletes(
      run,
      changes.filter((change) => change.kind === "localization-delete"),
    ),
  describe: localizationDescribe,
};
