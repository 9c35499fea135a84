/**
 * appStoreVersionLocalizations: the managed version's text per locale, with
 * the dated rotations in force today, and promotionalText on the version on
 * sale too. Its localizations ride on the engine's ONE versions read.
 */
import type { AppStoreVersionLocalization } from "../../asc/types.js";
import type { Resource } from "../../contracts/resource.js";
import { ROTATING_FIELDS, VERSION_FIELDS } from "../../model/fields.js";
import { applyLocalizationDeletes, applyLocalizations } from "../localization-apply.js";
import type { LocalizationChange } from "../localization-changes.js";
import { localizationDescribe } from "../localization-describe.js";
import { localizationOrder } from "../localization-diff.js";
import { LOCALIZATION_KINDS } from "../localization-kinds.js";
import { includedLocalizations, toLiveLocalizations } from "../localization-read.js";
import { versionLocalizationsDesired, type DesiredVersionLocalizations } from "./desired.js";
import { diffVersionLocalizations, type LiveVersionLocalizations } from "./diff.js";
import { isPendingRotation, upcomingRotations } from "./rotations.js";

const RELATIONSHIP = "appStoreVersionLocalizations";

export const versionLocalizations: Resource<DesiredVersionLocalizations, LiveVersionLocalizations, LocalizationChange> = {
  name: "appStoreVersionLocalizations",
  kinds: LOCALIZATION_KINDS,
  desired: versionLocalizationsDesired,
  locales: (desired) => desired.versionLocalizations.map((localization) => localization.locale),
  read: {
    includes: { versions: [RELATIONSHIP] },
    async read(client, { shared }) {
      const [managed, onSale] = await Promise.all([
        includedLocalizations<AppStoreVersionLocalization>(client, shared.managed, shared.versions.included, RELATIONSHIP),
        includedLocalizations<AppStoreVersionLocalization>(client, shared.onSale, shared.versions.included, RELATIONSHIP),
      ]);
      return {
        versionLocalizations: toLiveLocalizations(managed, VERSION_FIELDS),
        liveVersionLocalizations: toLiveLocalizations(onSale, ["promotionalText"] as const),
      };
    },
  },
  diff(desired, live, context) {
    return {
      ...diffVersionLocalizations(desired.versionLocalizations, live, context),
      upcomingRotations: upcomingRotations(desired.versionLocalizations, context.today, ROTATING_FIELDS),
    };
  },
  scheduled: (change, desired) => isPendingRotation(change, desired.versionLocalizations),
  order: localizationOrder,
  apply: (changes, run) => applyLocalizations(run, changes),
  remove: (changes, run) =>
    applyLocalizationDeletes(
      run,
      changes.filter((change) => change.kind === "localization-delete"),
    ),
  describe: localizationDescribe,
};
