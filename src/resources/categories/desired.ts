/** app.yml's `categories`: the six appInfo relationships it states, with where each id was written. */
import type { LoadedFiles } from "../../contracts/files.js";
import type { FieldSources } from "../../contracts/resource.js";
import { slotsOf, type CategoriesValue, type CategorySlots } from "../../model/categories.js";

export interface DesiredCategories {
  /** Absent: `categories` is not in app.yml, unmanaged. */
  categories?: { slots: CategorySlots; sources: FieldSources };
}

/** The pointer in app.yml each relationship comes from. */
export const POINTERS: Record<keyof CategorySlots, string> = {
  primaryCategory: "/categories/primary",
  primarySubcategoryOne: "/categories/primarySubcategories/0",
  primarySubcategoryTwo: "/categories/primarySubcategories/1",
  secondaryCategory: "/categories/secondary",
  secondarySubcategoryOne: "/categories/secondarySubcategories/0",
  secondarySubcategoryTwo: "/categories/secondarySubcategories/1",
};

export function categoriesValueIn(files: LoadedFiles): CategoriesValue | undefined {
  const root = files.appDocument?.value;
  if (root === null || typeof root !== "object" || Array.isArray(root)) return undefined;
  const value = (root as Record<string, unknown>).categories;
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as CategoriesValue) : undefined;
}

export function categoriesDesired(files: LoadedFiles): DesiredCategories {
  const value = categoriesValueIn(files);
  if (!value) return {};
  const positions: FieldSources["positions"] = {};
  for (const [slot, pointer] of Object.entries(POINTERS)) {
    // A slot that is none points at what would have held it: the list, or the block.
    const location =
      files.appDocument?.locations.get(pointer) ??
      files.appDocument?.locations.get(pointer.replace(/\/[01]$/, "")) ??
      files.appDocument?.locations.get("/categories");
    if (location) positions[slot] = location.value;
  }
  return { categories: { slots: slotsOf(value), sources: { file: files.appFile, positions } } };
}
