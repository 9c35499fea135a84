/**
 * What the schema cannot say about `categories`: a subcategory belongs to its
 * category (GAMES_PUZZLE under GAMES), only GAMES and STICKERS take any, the
 * secondary differs from the primary, and the category is offered on the app's platform.
 */
import type { Diagnostic } from "../../contracts/diagnostics.js";
import type { LoadedFiles } from "../../contracts/files.js";
import { isCategoryId, isSubcategoryId, offeredOn, parentOf, takesSubcategories } from "../../model/categories.js";
import { categoriesValueIn } from "./desired.js";

export function validateCategories(files: LoadedFiles): Diagnostic[] {
  const value = categoriesValueIn(files);
  if (!value) return [];
  const found: Diagnostic[] = [];
  const error = (pointer: string, rule: string, message: string) => {
    const location = files.appDocument?.locations.get(pointer);
    const position = location?.value;
    found.push({
      severity: "error",
      rule,
      file: files.appFile,
      ...(position ? { line: position.line, column: position.column } : {}),
      field: pointer.slice(1).replaceAll("/", "."),
      message,
    });
  };
  const platform = files.app.app.platform;
  for (const which of ["primary", "secondary"] as const) {
    const category = value[which];
    if (typeof category === "string" && isCategoryId(category) && !offeredOn(category, platform))
      error(`/categories/${which}`, "categories.platform", `categories.${which} ${category} is not offered on ${platform}; sticker packs are iOS apps`);
    const list = value[`${which}Subcategories`];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      if (typeof item !== "string" || !isSubcategoryId(item)) return;
      const pointer = `/categories/${which}Subcategories/${index}`;
      const label = `categories.${which}Subcategories`;
      const parent = parentOf(item)!;
      if (typeof category !== "string" || !isCategoryId(category))
        error(pointer, "categories.subcategory-parent", `${label} needs categories.${which}: ${parent} for ${item}`);
      else if (!takesSubcategories(category))
        error(pointer, "categories.subcategory-parent", `${label}: ${category} takes no subcategories (only GAMES and STICKERS do); remove ${item}`);
      else if (parent !== category)
        error(pointer, "categories.subcategory-parent", `${label}: ${item} is a subcategory of ${parent}, not of ${category}; name one of ${category}'s`);
    });
  }
  if (typeof value.primary === "string" && value.secondary === value.primary)
    error(
      "/categories/secondary",
      "categories.secondary-same",
      `categories.secondary is ${value.primary}, the primary category too; name another or remove it`,
    );
  return found;
}
