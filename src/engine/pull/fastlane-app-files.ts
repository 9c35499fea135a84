/**
 * fastlane deliver's non-localized metadata as app-level files:
 *   metadata/copyright.txt                        -> app.yml copyright
 *   metadata/primary_category.txt, secondary_category.txt,
 *   primary_first_sub_category.txt … secondary_second_sub_category.txt -> app.yml categories
 *   metadata/review_information/{first_name,last_name,phone_number,email_address,demo_user,notes}.txt -> review.yml
 * Category names are mapped as deliver maps them (spaceship's app_category.rb: `MZGenre.HealthAndFitness`,
 * legacy iTunes Connect names, or the ids themselves). demo_password.txt is NEVER copied: review.yml names
 * ASC_DEMO_PASSWORD, and the import says to set it. What cannot be converted is listed with why.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { PulledFilePart, PulledValue } from "../../contracts/resource.js";
import { isCategoryId, isSubcategoryId, MAX_SUBCATEGORIES, parentOf, takesSubcategories } from "../../model/categories.js";
import { normalizeText } from "../../model/text.js";
import { shown } from "./listing.js";

/** spaceship's LEGACY_CATEGORY_ITC_MAP (after `MZGenre.` is dropped). */
const LEGACY_CATEGORIES: Readonly<Record<string, string>> = {
  "Apps.Food_Drink": "FOOD_AND_DRINK",
  Business: "BUSINESS",
  Education: "EDUCATION",
  SocialNetworking: "SOCIAL_NETWORKING",
  Book: "BOOKS",
  Sports: "SPORTS",
  Finance: "FINANCE",
  Reference: "REFERENCE",
  "Apps.GraphicsDesign": "GRAPHICS_AND_DESIGN",
  "Apps.DeveloperTools": "DEVELOPER_TOOLS",
  Healthcare_Fitness: "HEALTH_AND_FITNESS",
  Music: "MUSIC",
  Weather: "WEATHER",
  Travel: "TRAVEL",
  Entertainment: "ENTERTAINMENT",
  Stickers: "STICKERS",
  Games: "GAMES",
  Lifestyle: "LIFESTYLE",
  Medical: "MEDICAL",
  "Apps.Newsstand": "MAGAZINES_AND_NEWSPAPERS",
  Utilities: "UTILITIES",
  "Apps.Shopping": "SHOPPING",
  Productivity: "PRODUCTIVITY",
  News: "NEWS",
  Photography: "PHOTO_AND_VIDEO",
  Navigation: "NAVIGATION",
};

/** spaceship's LEGACY_SUBCATEGORY_ITC_MAP: game genres by their old names, sticker ones as `Apps.Stickers.*`. */
const LEGACY_SUBCATEGORIES: Readonly<Record<string, string>> = {
  "Apps.Stickers.Places": "STICKERS_PLACES_AND_OBJECTS",
  "Apps.Stickers.Emotions": "STICKERS_EMOJI_AND_EXPRESSIONS",
  "Apps.Stickers.BirthdaysAndCelebrations": "STICKERS_CELEBRATIONS",
  "Apps.Stickers.Celebrities": "STICKERS_CELEBRITIES",
  "Apps.Stickers.MoviesAndTV": "STICKERS_MOVIES_AND_TV",
  "Apps.Stickers.Sports": "STICKERS_SPORTS_AND_ACTIVITIES",
  "Apps.Stickers.FoodAndDrink": "STICKERS_EATING_AND_DRINKING",
  "Apps.Stickers.Characters": "STICKERS_CHARACTERS",
  "Apps.Stickers.Animals": "STICKERS_ANIMALS",
  "Apps.Stickers.Fashion": "STICKERS_FASHION",
  "Apps.Stickers.Art": "STICKERS_ART",
  "Apps.Stickers.Games": "STICKERS_GAMING",
  "Apps.Stickers.KidsAndFamily": "STICKERS_KIDS_AND_FAMILY",
  "Apps.Stickers.People": "STICKERS_PEOPLE",
  "Apps.Stickers.Music": "STICKERS_MUSIC",
  Sports: "GAMES_SPORTS",
  Word: "GAMES_WORD",
  Music: "GAMES_MUSIC",
  Adventure: "GAMES_ADVENTURE",
  Action: "GAMES_ACTION",
  RolePlaying: "GAMES_ROLE_PLAYING",
  Arcade: "GAMES_CASUAL",
  Board: "GAMES_BOARD",
  Trivia: "GAMES_TRIVIA",
  Card: "GAMES_CARD",
  Puzzle: "GAMES_PUZZLE",
  Casino: "GAMES_CASINO",
  Strategy: "GAMES_STRATEGY",
  Simulation: "GAMES_SIMULATION",
  Racing: "GAMES_RACING",
  Family: "GAMES_FAMILY",
};

/** `MZGenre.HealthAndFitness` or `HealthAndFitness` -> HEALTH_AND_FITNESS, as a last resort after the legacy names. */
const upperSnake = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();

export function categoryIdFrom(text: string, sub: boolean): string | undefined {
  const name = text.trim().replace(/^MZGenre\./, "");
  if (!name) return undefined;
  const table = sub ? LEGACY_SUBCATEGORIES : LEGACY_CATEGORIES;
  const candidates = [table[name], name, upperSnake(name), sub ? `GAMES_${upperSnake(name)}` : undefined].filter((id): id is string => Boolean(id));
  return candidates.find((id) => (sub ? isSubcategoryId(id) : isCategoryId(id)));
}

const CATEGORY_FILES = [
  ["primary", "primary_category.txt", "primary_first_sub_category.txt", "primary_second_sub_category.txt"],
  ["secondary", "secondary_category.txt", "secondary_first_sub_category.txt", "secondary_second_sub_category.txt"],
] as const;

const REVIEW_FILES: Readonly<Record<string, string>> = {
  first_name: "/contact/firstName",
  last_name: "/contact/lastName",
  email_address: "/contact/email",
  phone_number: "/contact/phone",
  notes: "/notes",
  demo_user: "/demoAccount/name",
};

export const DEMO_PASSWORD_VARIABLE = "ASC_DEMO_PASSWORD";

/** The top-level `.txt` names this module converts, so the import does not list them as not converted. */
export const CONVERTED_FILES: ReadonlySet<string> = new Set(["copyright.txt", ...CATEGORY_FILES.flatMap(([, ...files]) => files)]);
export const REVIEW_FOLDER = "review_information";

export interface AppFilesImport {
  parts: PulledFilePart[];
  notConverted: string[];
  notes: string[];
}

async function text(file: string): Promise<string | undefined> {
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return undefined;
  const value = normalizeText(new TextDecoder("utf-8").decode(bytes)).trim();
  return value || undefined;
}

type Tree = { [key: string]: PulledValue };
function put(tree: Tree, pointer: string, value: PulledValue): void {
  const keys = pointer.slice(1).split("/");
  let node = tree;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Tree;
  node[keys.at(-1)!] = value;
}

export async function importAppFiles(metadataRoot: string, present: ReadonlySet<string>): Promise<AppFilesImport> {
  const notConverted: string[] = [];
  const notes: string[] = [];
  const parts: PulledFilePart[] = [];
  const at = (name: string) => path.join(metadataRoot, name);
  const app: Record<string, PulledValue> = {};

  const copyright = present.has("copyright.txt") ? await text(at("copyright.txt")) : undefined;
  if (copyright) app.copyright = copyright;

  const categories: Tree = {};
  for (const [which, categoryFile, ...subFiles] of CATEGORY_FILES) {
    const written = present.has(categoryFile) ? await text(at(categoryFile)) : undefined;
    const category = written && categoryIdFrom(written, false);
    if (written && !category) notConverted.push(`metadata/${categoryFile} (${shown(written)} is no App Store category)`);
    const subcategories: string[] = [];
    for (const subFile of subFiles) {
      const subWritten = present.has(subFile) ? await text(at(subFile)) : undefined;
      if (!subWritten) continue;
      const sub = categoryIdFrom(subWritten, true);
      if (!sub) notConverted.push(`metadata/${subFile} (${shown(subWritten)} is no App Store subcategory)`);
      else if (!category || !takesSubcategories(category) || parentOf(sub) !== category)
        notConverted.push(`metadata/${subFile} (${sub} is not a subcategory of ${category ?? "a category the import found"})`);
      else if (subcategories.length < MAX_SUBCATEGORIES) subcategories.push(sub);
    }
    if (!category) continue;
    categories[which] = category;
    if (subcategories.length) categories[`${which}Subcategories`] = subcategories;
  }
  if (categories.secondary && !categories.primary) {
    notConverted.push("metadata/secondary_category.txt (a secondary category without a primary one)");
    delete categories.secondary;
    delete categories.secondarySubcategories;
  }
  if (categories.primary) app.categories = categories;
  if (Object.keys(app).length) parts.push({ file: "app.yml", values: app });

  if (present.has(REVIEW_FOLDER)) {
    const review: Tree = {};
    // In review.yml's order (contact, notes, demo account), files deliver does not know last.
    const rank = (name: string) => [...Object.keys(REVIEW_FILES), "demo_password"].indexOf(name.replace(/\.txt$/, "")) >>> 0;
    const names = (await readdir(at(REVIEW_FOLDER)).catch(() => [] as string[])).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const name of names) {
      const key = name.replace(/\.txt$/, "");
      if (key === "demo_password") {
        // Never copied: the value stays in fastlane's folder, the file names the variable to set.
        put(review, "/demoAccount/password", { env: DEMO_PASSWORD_VARIABLE });
        notes.push(
          `metadata/${REVIEW_FOLDER}/demo_password.txt is not copied: review.yml names ${DEMO_PASSWORD_VARIABLE}; ` +
            `set ${DEMO_PASSWORD_VARIABLE} (a secret) where plan and apply run, and delete that file from the repository`,
        );
        continue;
      }
      const pointer = REVIEW_FILES[key];
      if (!pointer || !name.endsWith(".txt")) {
        notConverted.push(`metadata/${REVIEW_FOLDER}/${name} (no such App Review field)`);
        continue;
      }
      const value = await text(path.join(at(REVIEW_FOLDER), name));
      if (value) put(review, pointer, value);
    }
    // deliver says a demo account is required when it has a user and a password.
    const account = review.demoAccount as Tree | undefined;
    if (account?.name && account.password) account.required = true;
    if (Object.keys(review).length)
      parts.push({
        file: "review.yml",
        values: review,
        onlyNew: ["/demoAccount/password"],
        header: ["yaml-language-server: $schema=../schema/review.schema.json", "App Review information (imported from fastlane)."],
      });
  }
  return { parts, notConverted, notes };
}
