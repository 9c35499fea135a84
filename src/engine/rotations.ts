/**
 * Dated rotations (DESIGN.md §2): which value of keywords or promotionalText
 * is in force on a UTC day, and on which coming days it changes. Windows are
 * inclusive at both ends; validation guarantees they do not overlap per field.
 */
import type { RotatingField } from "../model/fields.js";
import type { DesiredRotation, DesiredVersionLocalization } from "../resources/version-localizations/desired.js";
import type { UpcomingRotation } from "./plan/plan.js";

export interface ValueInForce {
  /** undefined: the field is unmanaged today. */
  value: string | undefined;
  rotation?: DesiredRotation;
}

export function valueInForce(localization: DesiredVersionLocalization, field: RotatingField, today: string): ValueInForce {
  const rotation = localization.rotations.find((window) => window[field] !== undefined && window.from <= today && today <= window.until);
  return rotation ? { value: rotation[field], rotation } : { value: localization.fields[field] };
}

/** A real calendar date written YYYY-MM-DD (2027-02-30 is not one). */
export function isUtcDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The UTC date `days` after `date` (YYYY-MM-DD). */
function addDays(date: string, days: number): string {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

export const nextDay = (date: string): string => addDays(date, 1);

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
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
  return upcoming.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.locale < b.locale ? -1 : a.locale > b.locale ? 1 : a.field < b.field ? -1 : 1));
}

const previousDay = (date: string): string => addDays(date, -1);
