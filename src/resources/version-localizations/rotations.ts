/**
 * Dated rotations (DESIGN.md §2): which value of keywords or promotionalText
 * is in force on a UTC day, and on which coming days it changes. Windows are
 * inclusive at both ends; validation guarantees they do not overlap per field.
 */
import type { UpcomingRotation } from "../../contracts/plan.js";
import { ROTATING_FIELDS, type RotatingField } from "../../model/fields.js";
import { comparableValue } from "../../model/text.js";
import type { LocalizationChange } from "../localization-changes.js";
import { nextDay, previousDay } from "../../util/utc-dates.js";
import type { DesiredRotation, DesiredVersionLocalization } from "./desired.js";

export interface ValueInForce {
  /** undefined: the field is unmanaged today. */
  value: string | undefined;
  rotation?: DesiredRotation;
}

export function valueInForce(localization: DesiredVersionLocalization, field: RotatingField, today: string): ValueInForce {
  const rotation = localization.rotations.find((window) => window[field] !== undefined && window.from <= today && today <= window.until);
  return rotation ? { value: rotation[field], rotation } : { value: localization.fields[field] };
}

/** Days after `today` on which a rotating field takes another value, in date order. */
export function upcomingRotations(localizations: readonly DesiredVersionLocalization[], today: string, fields: readonly RotatingField[]): UpcomingRotation[] {
  const upcoming: UpcomingRotation[] = [];
  for (const localization of localizations) {
    for (const field of fields) {
      const days = new Set<string>();
      for (const window of localization.rotations) {
        if (window[field] === undefined) continue;
        days.add(window.from);
        days.add(nextDay(window.until));
      }
      for (const date of [...days].filter((day) => day > today).sort()) {
        const before = valueInForce(localization, field, previousDay(date)).value;
        const after = valueInForce(localization, field, date).value;
        if (before !== after) upcoming.push({ locale: localization.locale, field, date, value: after ?? null });
      }
    }
  }
  return upcoming.sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.locale < b.locale ? -1 : a.locale > b.locale ? 1 : a.field < b.field ? -1 : 1,
  );
}

/** Every value the repository gives a rotating field of a locale, on some day. */
function sanctionedValues(localizations: readonly DesiredVersionLocalization[], locale: string, field: RotatingField): Set<string> {
  const localization = localizations.find((item) => item.locale === locale);
  const values = new Set<string>();
  if (!localization) return values;
  const base = localization.fields[field];
  if (base !== undefined) values.add(comparableValue(field, base));
  for (const window of localization.rotations) {
    const value = window[field];
    if (value !== undefined) values.add(comparableValue(field, value));
  }
  return values;
}

/**
 * A rotating field (keywords, promotionalText) whose live value is one the
 * repository itself sets on some day (its base value or a window's): the
 * calendar moved, nobody edited it.
 */
export function isPendingRotation(change: LocalizationChange, localizations: readonly DesiredVersionLocalization[]): boolean {
  if (change.kind !== "field-update" || !(ROTATING_FIELDS as readonly string[]).includes(change.field)) return false;
  const field = change.field as RotatingField;
  return change.before !== null && sanctionedValues(localizations, change.locale, field).has(comparableValue(field, change.before));
}
