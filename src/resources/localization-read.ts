import { includedOfType, includedRelated } from "../asc/relationships.js";
import { INCLUDED_LIMIT, type ReadClient } from "../contracts/resource.js";
import type { LiveLocalization } from "../contracts/live-state.js";

interface LocalizationDocument {
  id: string;
  attributes?: { locale?: string } & Record<string, unknown>;
}

/** JSON:API localization resources as live localizations with the given fields (missing = null). */
export function toLiveLocalizations<F extends string>(resources: readonly LocalizationDocument[], fields: readonly F[]): LiveLocalization<F>[] {
  return resources
    .filter((resource) => typeof resource.attributes?.locale === "string")
    .map((resource) => ({
      id: resource.id,
      locale: resource.attributes!.locale!,
      fields: Object.fromEntries(
        fields.map((field) => [field, typeof resource.attributes?.[field] === "string" ? (resource.attributes[field] as string) : null]),
      ) as Partial<Record<F, string | null>>,
    }));
}

interface Parent {
  id: string;
  type: string;
  relationships?: object;
}

type Included = readonly { type: string; id: string }[] | undefined;

/**
 * The localizations of a parent (a version, an appInfo) from the shared read's
 * includes; when the answer may not hold them all (links only, more than an
 * include carries), the relationship is read whole.
 */
export async function includedLocalizations<T extends LocalizationDocument & { type: string }>(
  client: ReadClient,
  parent: Parent | undefined,
  included: Included,
  relationship: string,
): Promise<T[]> {
  if (!parent) return [];
  const found = includedRelated(parent, relationship, includedOfType<T>(included, relationship), INCLUDED_LIMIT);
  if (found) return found;
  return (await client.getAll<{ data: T[] }>(`/v1/${parent.type}/${encodeURIComponent(parent.id)}/${relationship}`, { limit: 200 })).data;
}
