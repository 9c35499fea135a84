/**
 * The text fields of a locale file, where each lives in App Store Connect, and
 * its limits (shared asc/README.md). The JSON Schemas in schema/, the validator
 * and the sandbox all read these, so a limit is written once.
 * Lengths are Unicode code points: an emoji or a kanji counts once.
 */
export type LocalizationResource = "appInfoLocalizations" | "appStoreVersionLocalizations";

export interface FieldSpec {
  resource: LocalizationResource;
  title: string;
  description: string;
  minLength?: number;
  maxLength: number;
  url?: boolean;
  /** Text of several lines (line breaks and tabs allowed); every other field is one line. */
  multiline?: boolean;
  /** Items (keywords): a list, or one comma-separated string, in the file; joined with commas in App Store Connect. */
  list?: boolean;
}

export const FIELDS = {
  name: {
    resource: "appInfoLocalizations",
    title: "App name",
    description: "The app's name on the App Store for this locale. 2 to 30 characters on one line; required to create a locale.",
    minLength: 2,
    maxLength: 30,
  },
  subtitle: {
    resource: "appInfoLocalizations",
    title: "Subtitle",
    description: "A short summary shown under the name. Up to 30 characters on one line; an empty string clears it.",
    maxLength: 30,
  },
  privacyPolicyUrl: {
    resource: "appInfoLocalizations",
    title: "Privacy policy URL",
    description: "An http or https URL of up to 255 characters. Every app needs one.",
    maxLength: 255,
    url: true,
  },
  privacyChoicesUrl: {
    resource: "appInfoLocalizations",
    title: "Privacy choices URL",
    description: "Where people manage their privacy choices. An http or https URL of up to 255 characters; an empty string clears it.",
    maxLength: 255,
    url: true,
  },
  privacyPolicyText: {
    resource: "appInfoLocalizations",
    title: "Privacy policy text (tvOS)",
    description: "The privacy policy as text, for tvOS apps only.",
    maxLength: 4000,
    multiline: true,
  },
  description: {
    resource: "appStoreVersionLocalizations",
    title: "Description",
    description: "The App Store description. 10 to 4,000 characters; required to submit.",
    minLength: 10,
    maxLength: 4000,
    multiline: true,
  },
  keywords: {
    resource: "appStoreVersionLocalizations",
    title: "Keywords",
    description:
      "Search keywords: a list, or one comma-separated string. " +
      "At most 100 characters once joined with commas (spaces around items are trimmed and do not count). " +
      "Characters, not bytes: a Japanese keyword set keeps the whole budget.",
    maxLength: 100,
    list: true,
  },
  promotionalText: {
    resource: "appStoreVersionLocalizations",
    title: "Promotional text",
    description: "Shown above the description. Up to 170 characters; it can change at any time without review.",
    maxLength: 170,
    multiline: true,
  },
  whatsNew: {
    resource: "appStoreVersionLocalizations",
    title: "What's New",
    description: "Release notes of this version. Up to 4,000 characters; not allowed on an app's first version.",
    maxLength: 4000,
    multiline: true,
  },
  marketingUrl: {
    resource: "appStoreVersionLocalizations",
    title: "Marketing URL",
    description: "An http or https URL of up to 255 characters; an empty string clears it.",
    maxLength: 255,
    url: true,
  },
  supportUrl: {
    resource: "appStoreVersionLocalizations",
    title: "Support URL",
    description: "An http or https URL of up to 255 characters; required to submit.",
    maxLength: 255,
    url: true,
  },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

/** A field's value once validated: a list field's trimmed items, any other field's string as written. */
export type FieldValue<K extends FieldName> = (typeof FIELDS)[K] extends { list: true } ? string[] : string;
/** Values of the fields a file sets (absent = unmanaged). */
export type FieldValues = { [K in FieldName]?: FieldValue<K> };

export type AppInfoField = { [K in FieldName]: (typeof FIELDS)[K]["resource"] extends "appInfoLocalizations" ? K : never }[FieldName];
export type VersionField = Exclude<FieldName, AppInfoField>;

export const APP_INFO_FIELDS = FIELD_NAMES.filter((name) => FIELDS[name].resource === "appInfoLocalizations") as AppInfoField[];
export const VERSION_FIELDS = FIELD_NAMES.filter((name) => FIELDS[name].resource === "appStoreVersionLocalizations") as VersionField[];

/** Fields that a dated rotation may override. */
export const ROTATING_FIELDS = ["keywords", "promotionalText"] as const;
export type RotatingField = (typeof ROTATING_FIELDS)[number];

/** Length as App Store Connect counts it: Unicode code points. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * The bytes a screenshot file may hold. The largest accepted size (3840x2160)
 * as an uncompressed 16-bit RGB PNG is 50 MB; nothing real is larger, and a
 * file past this is not read on. (Apple states no limit of its own.)
 */
export const MAX_SCREENSHOT_BYTES = 64 * 1024 * 1024;

/** Screenshots per set, as App Store Connect allows. */
export const SCREENSHOTS_PER_SET = { min: 1, max: 10 } as const;

/** App previews per set, as App Store Connect allows (three per localization and device size). */
export const PREVIEWS_PER_SET = { min: 1, max: 3 } as const;

/** Apple's "500 MB", read as the smaller 500,000,000 bytes so nothing it refuses passes (capabilities §1b). */
export const MAX_PREVIEW_BYTES = 500_000_000;

/** App preview durations Apple accepts, in seconds, and the frame rate it allows at most. */
export const PREVIEW_DURATION = { min: 15, max: 30 } as const;
export const PREVIEW_MAX_FPS = 30;

/** The poster frame App Store Connect picks when none is set (fastlane's default "like on ASC"). */
export const DEFAULT_POSTER_FRAME = "00:00:05:00";
