/**
 * appStoreVersionLocalizations: the managed version's text per locale, with
 * today's rotation values, plus promotionalText on the version on sale (it
 * needs no review, so a campaign reaches the live page at once).
 */
import type { LiveLocalization, SharedLive } from "../../contracts/live-state.js";
import type { DiffContext, DiffResult } from "../../contracts/resource.js";
import { ROTATING_FIELDS, VERSION_FIELDS, type VersionField } from "../../model/fields.js";
import { comparableValue } from "../../model/text.js";
import { versionStateAdvice, versionStateAllows, type VersionChange } from "../../model/version-states.js";
import type { FieldUpdate, LocalizationChange } from "../localization-changes.js";
import { diffLocalizations, sourceOf, type DesiredFieldValue, type DesiredLocalizationFields } from "../localization-diff.js";
import type { DesiredVersionLocalization } from "./desired.js";
import { valueInForce } from "./rotations.js";

/** The version localizations resource's slice of the LiveState: the managed version's, and the on-sale version's promotional text. */
export interface LiveVersionLocalizations {
  versionLocalizations: LiveLocalization<VersionField>[];
  liveVersionLocalizations: LiveLocalization<"promotionalText">[];
}

const WHAT: Record<VersionChange, string> = {
  versionText: "its text and screenshots change",
  screenshots: "its text and screenshots change",
  localizations: "its locales are added or removed",
  promotionalText: "its promotional text changes",
};

/** Why this kind of change cannot be made to the managed version now (model/version-states.ts), or undefined. */
export function versionBlockedReason(live: SharedLive, change: VersionChange = "versionText"): string | undefined {
  const version = live.version;
  if (!version)
    return "there is no version to manage: no version is in an editable state (create one in App Store Connect, or name one with version: in app.yml)";
  if (versionStateAllows(version.state)[change]) return undefined;
  const when =
    change === "promotionalText" ? "while it is prepared, in review or on sale" : "only while it is prepared (PREPARE_FOR_SUBMISSION) or after a rejection";
  return `version ${version.versionString} is ${version.state}; ${WHAT[change]} ${when}: ${versionStateAdvice(version.state)}`;
}

/** Each managed field's value today: the base value, or the rotation in force. */
export function fieldsInForce(localization: DesiredVersionLocalization, today: string): Map<string, DesiredFieldValue> {
  const fields = new Map<string, DesiredFieldValue>();
  for (const field of VERSION_FIELDS) {
    const rotating = (ROTATING_FIELDS as readonly string[]).includes(field);
    const { value, rotation } = rotating
      ? valueInForce(localization, field as (typeof ROTATING_FIELDS)[number], today)
      : { value: localization.fields[field], rotation: undefined };
    if (value === undefined) continue;
    fields.set(field, {
      value,
      pointer: rotation ? `rotations/${rotation.index}/${field}` : field,
      ...(rotation ? { rotation: { from: rotation.from, until: rotation.until } } : {}),
    });
  }
  return fields;
}

function liveVersionPromotionalText(
  desired: readonly DesiredLocalizationFields[],
  liveLocalizations: readonly LiveLocalization<"promotionalText">[],
): FieldUpdate[] {
  const byLocale = new Map(liveLocalizations.map((localization) => [localization.locale, localization]));
  const changes: FieldUpdate[] = [];
  for (const localization of desired) {
    const wanted = localization.fields.get("promotionalText");
    const live = byLocale.get(localization.locale);
    if (!wanted || !live || comparableValue("promotionalText", live.fields.promotionalText) === comparableValue("promotionalText", wanted.value)) continue;
    changes.push({
      kind: "field-update",
      resource: "appStoreVersionLocalizations",
      target: "live",
      localizationId: live.id,
      locale: localization.locale,
      field: "promotionalText",
      before: live.fields.promotionalText ?? null,
      after: wanted.value,
      ...(wanted.rotation ? { rotation: wanted.rotation } : {}),
      source: sourceOf(localization.sources, wanted.pointer),
    });
  }
  return changes;
}

export function diffVersionLocalizations(
  desired: readonly DesiredVersionLocalization[],
  live: SharedLive & LiveVersionLocalizations,
  context: DiffContext,
): DiffResult<LocalizationChange> {
  const wanted: DesiredLocalizationFields[] = desired.map((localization) => ({
    locale: localization.locale,
    fields: fieldsInForce(localization, context.today),
    sources: localization.sources,
  }));
  const result = diffLocalizations(wanted, live.versionLocalizations, live, context, {
    resource: "appStoreVersionLocalizations",
    fieldOrder: VERSION_FIELDS,
    localizationsBlockedReason: versionBlockedReason(live, "localizations"),
    fieldBlockedReason: (field) =>
      versionBlockedReason(live, field === "promotionalText" ? "promotionalText" : "versionText") ??
      (field === "whatsNew" && live.isFirstVersion
        ? "whatsNew is not allowed on an app's first version; App Store Connect accepts it from the second version on"
        : undefined),
  });
  if (live.liveVersion && live.liveVersion.id !== live.version?.id) result.changes.push(...liveVersionPromotionalText(wanted, live.liveVersionLocalizations));
  return result;
}
