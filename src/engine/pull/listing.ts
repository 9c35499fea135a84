/**
 * What a pull brings in, from App Store Connect or from a fastlane deliver
 * folder, before it is merged into the repository's files: the app, text
 * values per locale, and the screenshot sets with a way to fetch each image.
 */
import type { PulledFilePart } from "../../contracts/resource.js";
import type { AgeRatingAttribute, AgeRatingValue } from "../../model/age-rating.js";
import type { DisplayTypeInfo } from "../../model/display-types.js";
import type { FieldName } from "../../model/fields.js";
import type { AppStoreLocale } from "../../model/locales.js";
import type { Platform } from "../../model/platforms.js";

/** A field's value: a string, null when the source holds none; a field left out is not known (pull leaves it alone). */
export type PulledValues = Partial<Record<FieldName, string | null>>;

export interface PulledScreenshot {
  /** The image's name at the source (Apple's fileName, or the fastlane file). */
  sourceName: string;
  /**
   * The checksum a repository file stands for: Apple's sourceFileChecksum (a
   * pulled file pairs with it through the lock), or the MD5 of a local file.
   */
  checksum: string;
  /** The extension of what fetch gives: ".png" for Apple's renditions, the file's own for a local image. */
  extension: string;
  fetch(): Promise<Uint8Array>;
}

export interface PulledSet {
  locale: AppStoreLocale;
  info: DisplayTypeInfo;
  /** In App Store order. */
  screenshots: PulledScreenshot[];
}

/** A live preview: a video like a screenshot, with its poster frame (HH:MM:SS:FF). */
export interface PulledPreview extends PulledScreenshot {
  posterFrame: string;
}

/** A preview set: `info` names its folder (alias, or Apple's previewType without the APP_ prefix). */
export interface PulledPreviewSet {
  locale: AppStoreLocale;
  info: Pick<DisplayTypeInfo, "alias" | "displayType">;
  /** In App Store order. */
  screenshots: PulledPreview[];
}

export interface PulledListing {
  /** Where the values come from, as a sentence names it: "App Store Connect", "the fastlane folder". */
  source: string;
  app: { id?: string; bundleId?: string; platform: Platform };
  locales: Map<AppStoreLocale, PulledValues>;
  sets: PulledSet[];
  /** The preview sets (absent: previews are not pulled, e.g. a fastlane folder without app previews). */
  previewSets?: PulledPreviewSet[];
  /** The resources' parts of app-level files (app.yml, review.yml…), by their `pull`. */
  files?: PulledFilePart[];
  /** The age rating questionnaire's answers (absent: none to write, e.g. from fastlane). */
  ageRating?: Partial<Record<AgeRatingAttribute, AgeRatingValue>>;
  /** Said for the user's information; nothing is wrong. */
  notes: string[];
  /** What should have come in and could not, with why: pull exits 1. */
  skipped: string[];
}

/** `01-today.png` from position 1 and the source name `today.png` (or `03-today.jpg`), with the source's extension. */
export function pulledFileName(position: number, sourceName: string, extension = ".png"): string {
  const base =
    sourceName
      .replace(/\.[^.]+$/, "")
      .replace(/^\d+[-_ .]*/, "")
      .replace(/[^\p{L}\p{N}._-]+/gu, "-")
      .replace(/^[-.]+|-+$/g, "") || "screenshot";
  return `${String(position).padStart(2, "0")}-${base}${extension}`;
}

/** Text from outside (Apple's answers, file names) as a message shows it: quoted, control and direction characters escaped, cut short. */
export function shown(text: string, limit = 60): string {
  const cut = [...text].length > limit ? `${[...text].slice(0, limit).join("")}…` : text;
  return JSON.stringify(cut).replace(
    /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
