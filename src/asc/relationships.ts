/**
 * The resources of a to-many relationship, as a JSON:API document with
 * `include=` carries them. App Store Connect does not always carry them all:
 * a relationship read without its include (or an include it did not honour)
 * has only `links`, and an include holds at most `limit[relationship]` (50)
 * items. Reading such a relationship as "zero items" would plan to create
 * everything, so whenever the document may not hold the whole list, the answer
 * is undefined and the caller reads the relationship itself.
 */

interface ToManyRelationship {
  data?: unknown;
  meta?: { paging?: { total?: unknown } };
}

interface WithRelationships {
  relationships?: object;
}

/**
 * The related resources in linkage order, or undefined when the document may
 * not hold them all: no `data` (links only), a `meta.paging.total` above the
 * linkages given, as many linkages as the include's `limit` with no total to
 * tell whether the list was cut there, or a linkage missing from `included`.
 */
export function includedRelated<T>(resource: WithRelationships, name: string, included: ReadonlyMap<string, T>, limit: number): T[] | undefined {
  const relationship = (resource.relationships as Record<string, ToManyRelationship | undefined> | undefined)?.[name];
  const data = relationship?.data;
  if (!Array.isArray(data)) return undefined;
  const total = relationship?.meta?.paging?.total;
  if (typeof total === "number" ? total > data.length : data.length >= limit) return undefined;
  const found: T[] = [];
  for (const link of data as Array<{ id?: unknown } | undefined>) {
    const item = typeof link?.id === "string" ? included.get(link.id) : undefined;
    if (item === undefined) return undefined;
    found.push(item);
  }
  return found;
}

/** The `included` resources of one type, by id. */
export function includedOfType<T extends { type: string; id: string }>(
  included: readonly { type: string; id: string }[] | undefined,
  type: T["type"],
): Map<string, T> {
  const byId = new Map<string, T>();
  for (const item of included ?? []) if (item.type === type) byId.set(item.id, item as T);
  return byId;
}
