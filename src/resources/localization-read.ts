import type { LiveLocalization } from "../engine/live-state.js";

interface LocalizationResource {
  id: string;
  attributes?: { locale?: string } & Record<string, unknown>;
}

/** JSON:API localization resources as live localizations with the given fields (missing = null). */
export function toLiveLocalizations<F extends string>(resources: readonly LocalizationResource[], fields: readonly F[]): LiveLocalization<F>[] {
  return resources
    .filter((resource) => typeof resource.attributes?.locale === "string")
    .map((resource) => ({
      id: resource.id,
      locale: resource.attributes!.locale!,
      fields: Object.fromEntries(fields.map((field) => [field, typeof resource.attributes?.[field] === "string" ? (resource.attributes[field] as string) : null])) as Partial<Record<F, string | null>>,
    }));
}
