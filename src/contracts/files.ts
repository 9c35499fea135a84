/**
 * What loading the repository yields: the files, parsed, with positions kept,
 * before any resource takes its part of the DesiredState from them. Declared
 * here, below the engine and the resources, since both read them.
 */
import type { FieldValues, RotatingField } from "../model/fields.js";
import type { AppStoreLocale } from "../model/locales.js";
import type { Platform } from "../model/platforms.js";
import type { SourcePosition } from "./diagnostics.js";

export interface NodeLocation {
  /** Where the key is, for a mapping entry. */
  key?: SourcePosition;
  /** Where the value starts: the first character, the opening quote, or a block scalar's `|`/`>`. */
  value: SourcePosition;
  /** Source offsets of the value's text, for locating a word inside it. */
  valueStart: number;
  valueEnd: number;
}

export interface YamlDocument {
  value: unknown;
  text: string;
  /** JSON pointer ("" for the root) -> location. */
  locations: Map<string, NodeLocation>;
  positionAt(offset: number): SourcePosition;
}

export interface AppConfig {
  app: { id?: string; bundleId?: string; platform: Platform };
  version?: string;
  prune: boolean;
}

/** One dated window of `rotations`: the rotating fields it sets (model/fields.ts). */
export interface RotationWindow extends Pick<FieldValues, RotatingField> {
  /** Index in the file's `rotations` list. */
  index: number;
  from: string;
  until: string;
}

/** A locale file's fields after validation (one per entry of FIELDS: strings as written, list fields as trimmed items), and its rotations. */
export interface LocaleFields extends FieldValues {
  rotations: RotationWindow[];
}

export interface LocaleFile {
  locale: AppStoreLocale;
  /** Display path, e.g. metadata/ja.yml. */
  file: string;
  document: YamlDocument;
  fields: LocaleFields;
}

export type ImageFormat = "png" | "jpeg";

export interface ScreenshotFile {
  /** Display path, e.g. screenshots/en-US/iphone-6.9/01-home.png. */
  file: string;
  absolutePath: string;
  fileName: string;
  fileSize: number;
  /** MD5 hex of the bytes: App Store Connect's sourceFileChecksum. */
  checksum: string;
  format: ImageFormat;
  width: number;
  height: number;
}

export interface ScreenshotFolder {
  locale: AppStoreLocale;
  displayType: string;
  /** Display path of the folder. */
  folder: string;
  /** In natural order of file names: the order on the App Store. */
  screenshots: ScreenshotFile[];
}

/** How a folder was chosen: a folder the user named must exist; an absent default one is unmanaged. */
export interface FolderChoice {
  /** What names it, in the user's words: "--screenshots", "the screenshots-path input". */
  option: string;
  /** The user named it; false: the default folder. */
  named: boolean;
}

/** An app-level YAML file (metadata/review.yml), parsed with positions; `value`: its text normalized as sent. */
export interface AppLevelFile {
  file: string;
  document: YamlDocument;
  value: unknown;
}

/** A reply file, reviews/replies/<territory>/<reviewId>.yml: the territory and review id its path names. */
export interface ReplyFileEntry extends AppLevelFile {
  territory: string;
  reviewId: string;
}

/** The reviews folder (DESIGN.md §17): its config and the reply files; absent when the default folder does not exist. */
export interface ReviewsFiles {
  /** Display path of the folder. */
  folder: string;
  config?: AppLevelFile;
  replies: ReplyFileEntry[];
}

export interface LoadedFiles {
  metadataDir: string;
  screenshotsDir: string;
  /** The screenshots folder is the default and does not exist: no screenshot set is managed, even with prune. */
  screenshotsFolderAbsent?: boolean;
  appFile: string;
  /** app.yml as parsed, positions kept: resources take their own keys from it (copyright, categories…). */
  appDocument?: YamlDocument;
  app: AppConfig;
  locales: LocaleFile[];
  /** metadata/age-rating.yml as parsed (absent: the age rating is unmanaged). */
  ageRating?: { file: string; document: YamlDocument };
  /** metadata/review.yml: App Review information, when the repository manages it. */
  review?: AppLevelFile;
  screenshotFolders: ScreenshotFolder[];
  /** reviews/: the config and the reply files, when the repository has the folder. */
  reviews?: ReviewsFiles;
  previewsDir?: string;
  /** The previews folder is the default and does not exist (or was not looked for): no preview set is managed. */
  previewsFolderAbsent?: boolean;
  /** App preview folders (absent: none loaded). */
  previewFolders?: PreviewFolder[];
  /** From the pull lock: pulled file MD5 -> the live sourceFileChecksum it stands for. */
  pulledChecksums: Record<string, string>;
}

/** One app preview video, as validation read it from its container. */
export interface PreviewFile {
  /** Display path, e.g. previews/en-US/iphone-6.9/01-intro.mp4. */
  file: string;
  absolutePath: string;
  fileName: string;
  fileSize: number;
  /** MD5 hex of the bytes: App Store Connect's sourceFileChecksum. */
  checksum: string;
  mimeType: "video/mp4" | "video/quicktime";
  /** Seconds. */
  duration: number;
  width: number;
  height: number;
  frameRate: number;
  codec: string;
  /** HH:MM:SS:FF, from posters.yml or the default. */
  posterFrame: string;
}

export interface PreviewFolder {
  locale: AppStoreLocale;
  /** Apple's previewType (IPHONE_67). */
  previewType: string;
  /** Display path of the folder. */
  folder: string;
  /** In natural order of file names: the order on the App Store. */
  previews: PreviewFile[];
}
