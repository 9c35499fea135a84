/**
 * appCategories: the app's primary and secondary categories and their
 * subcategories (app.yml `categories`), six relationships of the appInfo being
 * edited. They ride on the engine's ONE appInfos read (to-one includes, so Apple
 * answers their `data`) and are written with ONE PATCH of that appInfo; the
 * catalogue is static (model/categories.ts), never read in a plan.
 */
import type { AppInfo } from "../../asc/types.js";
import type { ReadClient, Resource } from "../../contracts/resource.js";
import { CATEGORY_RELATIONSHIPS, categoriesValue, type CategorySlots } from "../../model/categories.js";
import { plural } from "../../util/plural.js";
import { categoriesDescribe } from "./describe.js";
import { categoriesDesired, type DesiredCategories } from "./desired.js";
import { CATEGORIES_RESOURCE, diffCategories, type CategoriesUpdate, type LiveCategories } from "./diff.js";
import { validateCategories } from "./validate.js";

type Linkage = { data?: { id: string } | null; links?: unknown } | undefined;

/** The six relationships as the appInfo answered them; undefined when Apple sent links without data (the include not honoured). */
function slotsOf(info: AppInfo): CategorySlots | undefined {
  const relationships = (info.relationships ?? {}) as Record<string, Linkage>;
  const slots = {} as CategorySlots;
  for (const name of CATEGORY_RELATIONSHIPS) {
    const linkage = relationships[name];
    if (linkage && !("data" in linkage)) return undefined;
    // Absent or null: the appInfo has none.
    slots[name] = linkage?.data?.id ?? null;
  }
  return slots;
}

async function readSlots(client: ReadClient, info: AppInfo | undefined, mayRequest: boolean): Promise<CategorySlots | undefined> {
  if (!info) return undefined;
  const slots = slotsOf(info);
  if (slots || !mayRequest) return slots;
  const answer = await client.get<{ data: AppInfo }>(`/v1/appInfos/${encodeURIComponent(info.id)}`, { include: [...CATEGORY_RELATIONSHIPS] });
  return slotsOf(answer.data);
}

export const categories: Resource<DesiredCategories, LiveCategories, CategoriesUpdate> = {
  name: CATEGORIES_RESOURCE,
  kinds: { "categories-update": "update" },
  validate: validateCategories,
  desired: categoriesDesired,
  locales: () => [],
  read: {
    includesOne: { appInfos: CATEGORY_RELATIONSHIPS },
    async read(client, { desired, shared }) {
      // From the include even when unmanaged (pull writes them); a request of its own only for managed categories Apple left out.
      const slots = await readSlots(client, shared.appInfo, Boolean(desired.categories));
      return slots ? { categories: slots } : {};
    },
  },
  diff: (desired, live) => diffCategories(desired.categories, live),
  order: () => [],
  async apply(changes, run) {
    for (const change of changes) {
      // A relationship set to none is sent as data: null, as JSON:API clears a to-one relationship.
      const relationships = Object.fromEntries(
        change.slots.map((slot) => [slot.relationship, { data: slot.after ? { type: "appCategories", id: slot.after } : null }]),
      );
      try {
        await run.client.patch(`/v1/appInfos/${encodeURIComponent(change.id)}`, { data: { type: "appInfos", id: change.id, relationships } });
        run.record(change, "done");
        run.progress(`✓ categories: ${plural(change.slots.length, "relationship", "relationships")} updated`);
      } catch (error) {
        run.fail(change, error, "updating the categories");
      }
    }
  },
  pull(live) {
    const slots = live.categories;
    if (!slots?.primaryCategory) return [];
    const value = categoriesValue(slots);
    return [
      {
        file: "app.yml",
        values: { categories: { primary: slots.primaryCategory, primarySubcategories: null, secondary: null, secondarySubcategories: null, ...value } },
        exact: ["categories"],
      },
    ];
  },
  describe: categoriesDescribe,
};
