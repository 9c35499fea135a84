/**
 * The diff both localization resources share: per locale, create what is
 * missing, update fields that differ (absent = unmanaged, "" = cleared), and
 * with prune delete live locales the repository lacks. What cannot be done now
 * becomes a blocked change with its reason.
 */
import type { LiveLocalization, SharedLive } from "../contracts/live-state.js";
import type { BlockedChange, ChangeSource } from "../contracts/plan.js";
import type { DiffContext, DiffResult, FieldSources } from "../contracts/resource.js";
import { FIELD_NAMES } from "../model/fields.js";
import { comparableValue } from "../model/text.js";
import type { LocalizationChange, LocalizationResource } from "./localization-changes.js";

export interface DesiredFieldValue {
  value: string;
  /** Where it is written (a rotation's value points at the rotation). */
  pointer: string;
  rotation?: { from: string; until: string };
}

export interface DesiredLocalizationFields {
  locale: string;
  fields: Map<string, DesiredFieldValue>;
  sources: FieldSources;
}

export interface LocalizationDiffOptions {
  resource: LocalizationResource;
  /** Field order for a deterministic plan. */
  fieldOrder: readonly string[];
  /** Why no locale can be created or deleted now (the version's or app info's state), or undefined. */
  localizationsBlockedReason: string | undefined;
  /** Why one field cannot change now (the state, or a rule such as whatsNew on a first version), or undefined. */
  fieldBlockedReason: (field: string) => string | undefined;
  /** Why a locale cannot be created with these fields, or undefined. */
  createBlockedReason?: (fields: Record<string, string>) => string | undefined;
}

export function sourceOf(sources: FieldSources, pointer: string): ChangeSource {
  const position = sources.positions[pointer];
  return { file: sources.file, ...(position ? { line: position.line, column: position.column } : {}) };
}

const sameText = (field: string, live: string | null | undefined, desired: string) => comparableValue(field, live) === comparableValue(field, desired);

export function diffLocalizations(
  desired: readonly DesiredLocalizationFields[],
  live: readonly LiveLocalization<string>[],
  shared: SharedLive,
  context: DiffContext,
  options: LocalizationDiffOptions,
): DiffResult<LocalizationChange> {
  const changes: LocalizationChange[] = [];
  const blocked: BlockedChange[] = [];
  const liveByLocale = new Map(live.map((localization) => [localization.locale, localization]));
  const order = (field: string) => options.fieldOrder.indexOf(field);

  for (const localization of desired) {
    const { locale, sources } = localization;
    const fields = [...localization.fields.entries()].sort(([a], [b]) => order(a) - order(b));
    const existing = liveByLocale.get(locale);
    if (!existing) {
      const initial = Object.fromEntries(fields.filter(([field]) => !options.fieldBlockedReason(field)).map(([field, { value }]) => [field, value]));
      const reason = options.localizationsBlockedReason ?? options.createBlockedReason?.(initial);
      if (reason) blocked.push({ kind: "localization-create", resource: options.resource, locale, reason, source: { file: sources.file } });
      else changes.push({ kind: "localization-create", resource: options.resource, locale, fields: initial, source: { file: sources.file } });
      for (const [field, { pointer }] of fields) {
        const fieldReason = options.fieldBlockedReason(field);
        if (fieldReason && !reason)
          blocked.push({ kind: "field-update", resource: options.resource, locale, field, reason: fieldReason, source: sourceOf(sources, pointer) });
      }
      continue;
    }
    for (const [field, { value, pointer, rotation }] of fields) {
      const before = existing.fields[field];
      if (sameText(field, before, value)) continue;
      const source = sourceOf(sources, pointer);
      const reason = options.fieldBlockedReason(field);
      if (reason) {
        blocked.push({ kind: "field-update", resource: options.resource, locale, field, reason, source });
        continue;
      }
      changes.push({
        kind: "field-update",
        resource: options.resource,
        target: "editable",
        localizationId: existing.id,
        locale,
        field,
        before: before ?? null,
        after: value,
        ...(rotation ? { rotation } : {}),
        source,
      });
    }
  }

  if (context.prune) {
    const primary = shared.app.primaryLocale;
    for (const localization of live) {
      if (context.managedLocales.has(localization.locale)) continue;
      const reason =
        localization.locale === primary
          ? `${localization.locale} is the app's primary locale, which App Store Connect never deletes; add metadata/${localization.locale}.yml`
          : options.localizationsBlockedReason;
      if (reason) blocked.push({ kind: "localization-delete", resource: options.resource, locale: localization.locale, reason });
      else changes.push({ kind: "localization-delete", resource: options.resource, locale: localization.locale, localizationId: localization.id });
    }
  }
  return { changes, blocked };
}

/** Within a locale and kind: the managed version before the one on sale, fields in the order of the locale file. */
export function localizationOrder(change: LocalizationChange | BlockedChange): (string | number)[] {
  const target = "target" in change && change.target === "live" ? 1 : 0;
  const field = "field" in change && change.field ? FIELD_NAMES.indexOf(change.field as (typeof FIELD_NAMES)[number]) : -1;
  return [target, field];
}
