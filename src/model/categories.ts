/**
 * App Store categories: the ids App Store Connect's appCategories answer
 * (the spec has no enum for them), which parents take subcategories (only
 * GAMES and STICKERS, at most two per category) and on which platforms.
 * ONE table for the schema, validation, the plan, pull and the sandbox.
 * Sources: fastlane's upload_to_app_store reference and spaceship's
 * app_category.rb (26 categories, 16 game and 15 sticker subcategories).
 */
import type { Platform } from "./platforms.js";

export const CATEGORY_IDS = [
  "BOOKS",
  "BUSINESS",
  "DEVELOPER_TOOLS",
  "EDUCATION",
  "ENTERTAINMENT",
  "FINANCE",
  "FOOD_AND_DRINK",
  "GAMES",
  "GRAPHICS_AND_DESIGN",
  "HEALTH_AND_FITNESS",
  "LIFESTYLE",
  "MAGAZINES_AND_NEWSPAPERS",
  "MEDICAL",
  "MUSIC",
  "NAVIGATION",
  "NEWS",
  "PHOTO_AND_VIDEO",
  "PRODUCTIVITY",
  "REFERENCE",
  "SHOPPING",
  "SOCIAL_NETWORKING",
  "SPORTS",
  "STICKERS",
  "TRAVEL",
  "UTILITIES",
  "WEATHER",
] as const;

export const SUBCATEGORY_IDS = {
  GAMES: [
    "GAMES_ACTION",
    "GAMES_ADVENTURE",
    "GAMES_BOARD",
    "GAMES_CARD",
    "GAMES_CASINO",
    "GAMES_CASUAL",
    "GAMES_FAMILY",
    "GAMES_MUSIC",
    "GAMES_PUZZLE",
    "GAMES_RACING",
    "GAMES_ROLE_PLAYING",
    "GAMES_SIMULATION",
    "GAMES_SPORTS",
    "GAMES_STRATEGY",
    "GAMES_TRIVIA",
    "GAMES_WORD",
  ],
  STICKERS: [
    "STICKERS_ANIMALS",
    "STICKERS_ART",
    "STICKERS_CELEBRATIONS",
    "STICKERS_CELEBRITIES",
    "STICKERS_CHARACTERS",
    "STICKERS_EATING_AND_DRINKING",
    "STICKERS_EMOJI_AND_EXPRESSIONS",
    "STICKERS_FASHION",
    "STICKERS_GAMING",
    "STICKERS_KIDS_AND_FAMILY",
    "STICKERS_MOVIES_AND_TV",
    "STICKERS_MUSIC",
    "STICKERS_PEOPLE",
    "STICKERS_PLACES_AND_OBJECTS",
    "STICKERS_SPORTS_AND_ACTIVITIES",
  ],
} as const;

export type CategoryId = (typeof CATEGORY_IDS)[number];
export type ParentCategory = keyof typeof SUBCATEGORY_IDS;
export type SubcategoryId = (typeof SUBCATEGORY_IDS)[ParentCategory][number];

export const ALL_SUBCATEGORY_IDS: readonly SubcategoryId[] = Object.values(SUBCATEGORY_IDS).flat();

/** Subcategories per category, as App Store Connect allows them. */
export const MAX_SUBCATEGORIES = 2;

/**
 * Platforms a category is offered on. Sticker packs are iMessage apps, iOS only;
 * every other category is accepted on every platform, since which ones the Mac,
 * tvOS and visionOS stores lack is not confirmed: refusing a valid one would block a user.
 */
const IOS_ONLY: ReadonlySet<string> = new Set(["STICKERS", ...SUBCATEGORY_IDS.STICKERS]);

export const isCategoryId = (id: string): id is CategoryId => (CATEGORY_IDS as readonly string[]).includes(id);
export const isSubcategoryId = (id: string): id is SubcategoryId => (ALL_SUBCATEGORY_IDS as readonly string[]).includes(id);
export const takesSubcategories = (id: string): id is ParentCategory => Object.hasOwn(SUBCATEGORY_IDS, id);

/** The category a subcategory belongs to (GAMES for GAMES_PUZZLE). */
export function parentOf(id: string): ParentCategory | undefined {
  return (Object.keys(SUBCATEGORY_IDS) as ParentCategory[]).find((parent) => (SUBCATEGORY_IDS[parent] as readonly string[]).includes(id));
}

export const offeredOn = (id: string, platform: Platform): boolean => !IOS_ONLY.has(id) || platform === "IOS";

/** The platforms of a category or subcategory, as appCategories' `platforms` attribute lists them. */
export const categoryPlatforms = (id: string): Platform[] => (IOS_ONLY.has(id) ? ["IOS"] : (["IOS", "MAC_OS", "TV_OS", "VISION_OS"] satisfies Platform[]));

/** The appInfo relationships that hold the categories, in app.yml's order. */
export const CATEGORY_RELATIONSHIPS = [
  "primaryCategory",
  "primarySubcategoryOne",
  "primarySubcategoryTwo",
  "secondaryCategory",
  "secondarySubcategoryOne",
  "secondarySubcategoryTwo",
] as const;
export type CategoryRelationship = (typeof CATEGORY_RELATIONSHIPS)[number];

/** app.yml's `categories` as the six relationships hold them (null: none). */
export type CategorySlots = Record<CategoryRelationship, string | null>;

export interface CategoriesValue {
  primary?: string;
  primarySubcategories?: readonly string[];
  secondary?: string | null;
  secondarySubcategories?: readonly string[];
}

/** The six relationships app.yml's `categories` sets: a secondary left out or null is none, as are missing subcategories. */
export function slotsOf(value: CategoriesValue): CategorySlots {
  return {
    primaryCategory: value.primary ?? null,
    primarySubcategoryOne: value.primarySubcategories?.[0] ?? null,
    primarySubcategoryTwo: value.primarySubcategories?.[1] ?? null,
    secondaryCategory: value.secondary ?? null,
    secondarySubcategoryOne: value.secondarySubcategories?.[0] ?? null,
    secondarySubcategoryTwo: value.secondarySubcategories?.[1] ?? null,
  };
}

/** The six relationships back as app.yml writes them (pull). */
export function categoriesValue(slots: CategorySlots): CategoriesValue {
  const list = (...ids: (string | null)[]) => ids.filter((id): id is string => id !== null);
  const primarySubcategories = list(slots.primarySubcategoryOne, slots.primarySubcategoryTwo);
  const secondarySubcategories = list(slots.secondarySubcategoryOne, slots.secondarySubcategoryTwo);
  return {
    ...(slots.primaryCategory ? { primary: slots.primaryCategory } : {}),
    ...(primarySubcategories.length ? { primarySubcategories } : {}),
    ...(slots.secondaryCategory ? { secondary: slots.secondaryCategory } : {}),
    ...(secondarySubcategories.length ? { secondarySubcategories } : {}),
  };
}
