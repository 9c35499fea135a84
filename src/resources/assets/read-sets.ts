/**
 * The media sets of version localizations (screenshot or preview sets), read
 * the same way for both: ONE request per localization with the set's items
 * included, in the order the set's relationship lists them; a set whose answer
 * may not hold all its items (links only, cut at the include's limit) is read
 * on its own, never taken as an empty set.
 */
import { includedOfType, includedRelated } from "../../asc/relationships.js";
import type { LiveLocalization } from "../../contracts/live-state.js";
import type { ReadClient } from "../../contracts/resource.js";
import { mapWithConcurrency } from "../../util/concurrency.js";

type ApiResource = { type: string; id: string };
type SetResource = ApiResource & { relationships?: unknown };

export interface MediaSetRead<Set extends SetResource, Item extends ApiResource, Out> {
  /** The localization's relationship to its sets ("appScreenshotSets") and the set's to its items ("appScreenshots"). */
  sets: string;
  items: string;
  /** The sets read's query: it includes the items, with `fields[<items>]` and `limit[<items>]`. */
  query: Record<string, unknown>;
  /** One set as the resource keeps it, from the API's set and its items in order. */
  toSet(set: Set, items: Item[], localization: LiveLocalization<string>): Out;
}

export async function readMediaSets<Set extends SetResource, Item extends ApiResource, Out>(
  client: ReadClient,
  localizations: readonly LiveLocalization<string>[],
  read: MediaSetRead<Set, Item, Out>,
  concurrency = 50,
): Promise<Out[]> {
  const limit = read.query[`limit[${read.items}]`] as number;
  const perLocalization = await mapWithConcurrency(localizations, concurrency, async (localization) => {
    const document = await client.getAll<{ data: Set[]; included?: ApiResource[] }>(
      `/v1/appStoreVersionLocalizations/${encodeURIComponent(localization.id)}/${read.sets}`,
      read.query as never,
    );
    const included = includedOfType<Item>(document.included, read.items);
    return Promise.all(
      document.data.map(async (set) => {
        const items =
          includedRelated(set as never, read.items, included, limit) ??
          (
            await client.getAll<{ data: Item[] }>(`/v1/${read.sets}/${encodeURIComponent(set.id)}/${read.items}`, {
              [`fields[${read.items}]`]: read.query[`fields[${read.items}]`],
              limit: 200,
            } as never)
          ).data;
        return read.toSet(set, items, localization);
      }),
    );
  });
  return perLocalization.flat();
}
