/**
 * Finds the screenshot folders: screenshots/<locale>/<display type>/<files>,
 * display types by alias (iphone-6.9) or Apple's enum (APP_IPHONE_67), and the
 * app preview folders the same way (previews/<locale>/<preview type>/, enum
 * IPHONE_67): one finder, told which media it looks for. Only the layout is
 * checked here; images.ts and videos.ts inspect each file.
 */
import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { DISPLAY_TYPES, displayTypeForFolder, type DisplayTypeInfo } from "../../model/display-types.js";
import { PREVIEW_TYPES, previewTypeForFolder } from "../../model/preview-types.js";
import { isAppStoreLocale, suggestLocale, type AppStoreLocale } from "../../model/locales.js";
import type { Platform } from "../../model/platforms.js";
import { compareNatural } from "../../util/natural-sort.js";
import { displayPath } from "../../util/paths.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";
import type { FolderChoice } from "./files.js";
import { closestMatch } from "../validate/suggest.js";
import { unsafeName } from "./file-names.js";

export interface FolderCandidate {
  locale: AppStoreLocale;
  info: DisplayTypeInfo;
  folder: string;
  absoluteFolder: string;
  /** File names in natural order, hidden files left out. */
  fileNames: string[];
}

/** Files that operating systems drop into folders; never screenshots. */
const IGNORED_FILES = new Set(["thumbs.db", "desktop.ini"]);
const isIgnored = (name: string) => name.startsWith(".") || IGNORED_FILES.has(name.toLowerCase());

/** What the finder looks for, in the words its messages use. */
export interface MediaKind {
  /** The folder and the rules' prefix: "screenshots". */
  root: string;
  /** "screenshot", "app preview". */
  noun: string;
  /** "display type", "preview type". */
  typeNoun: string;
  /** An example file: "01-home.png". */
  example: string;
  /** An example of Apple's enum: "APP_IPHONE_67". */
  enumExample: string;
  /** "images", "videos". */
  files: string;
  resolve(folder: string): DisplayTypeInfo | undefined;
  names: readonly string[];
}

export const SCREENSHOT_MEDIA: MediaKind = {
  root: "screenshots",
  noun: "screenshot",
  typeNoun: "display type",
  example: "01-home.png",
  enumExample: "APP_IPHONE_67",
  files: "images",
  resolve: displayTypeForFolder,
  names: DISPLAY_TYPES.flatMap((info) => [info.alias, info.displayType]),
};

export const PREVIEW_MEDIA: MediaKind = {
  root: "previews",
  noun: "app preview",
  typeNoun: "preview type",
  example: "01-intro.mp4",
  enumExample: "IPHONE_67",
  files: "videos",
  resolve: previewTypeForFolder,
  names: PREVIEW_TYPES.flatMap((info) => [info.alias, info.displayType]),
};

/** A folder's entries in natural order, hidden files left out; a name with a control or bidi character is refused, not listed. */
async function entriesOf(absolute: string, diagnostics: Diagnostic[]): Promise<Dirent[]> {
  const entries: Dirent[] = [];
  for (const entry of await readdir(absolute, { withFileTypes: true })) {
    const refused = unsafeName(displayPath(absolute), entry.name, entry.isDirectory() ? "folder" : "file");
    if (refused) diagnostics.push(refused);
    else if (!isIgnored(entry.name)) entries.push(entry);
  }
  return entries.sort((a, b) => compareNatural(a.name, b.name));
}

const symlinkedFolder = (media: MediaKind) =>
  `is a symbolic link; ${media.noun} folders must be real folders in the repository (files in them may link inside it)`;

export interface FoundScreenshotFolders {
  folders: FolderCandidate[];
  diagnostics: Diagnostic[];
  /** The default folder does not exist: no screenshot set is managed. */
  absent: boolean;
}

/**
 * A screenshots folder that does not exist is no screenshots at all, and with
 * prune that would delete every live set: so a folder the user named must
 * exist, and only the default folder may be absent (then nothing is managed).
 */
export async function findScreenshotFolders(
  screenshotsDir: string,
  platform: Platform,
  choice: FolderChoice = { option: `--${SCREENSHOT_MEDIA.root}`, named: false },
  media: MediaKind = SCREENSHOT_MEDIA,
): Promise<FoundScreenshotFolders> {
  const root = media.root;
  const diagnostics: Diagnostic[] = [];
  const folders: FolderCandidate[] = [];
  const error = (rule: string, absolute: string, message: string) => diagnostics.push({ severity: "error", rule, file: displayPath(absolute), message });

  let localeEntries: Dirent[];
  try {
    localeEntries = await entriesOf(screenshotsDir, diagnostics);
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !choice.named) return { folders, diagnostics, absent: true };
    const message =
      code === "ENOENT"
        ? `no such folder, and ${choice.option} names it: fix the path, or create the folder ` +
          `(without ${choice.option}, an absent ${root} folder leaves every ${media.noun} set unmanaged)`
        : code === "ENOTDIR"
          ? `is a file, not a folder; ${choice.option} must name the folder of <locale>/<${media.typeNoun}>/ ${media.files}`
          : `cannot be read: ${code ?? String(caught)}`;
    error(`${root}.folder`, screenshotsDir, message);
    return { folders, diagnostics, absent: false };
  }

  for (const localeEntry of localeEntries) {
    const localePath = path.join(screenshotsDir, localeEntry.name);
    if (localeEntry.isSymbolicLink()) {
      error(`${root}.symlink`, localePath, symlinkedFolder(media));
      continue;
    }
    if (!localeEntry.isDirectory()) {
      error(
        `${root}.layout`,
        localePath,
        `is not a folder; ${root} go in ${root}/<locale>/<${media.typeNoun}>/, e.g. ${root}/en-US/iphone-6.9/${media.example}`,
      );
      continue;
    }
    if (!isAppStoreLocale(localeEntry.name)) {
      const suggestion = suggestLocale(localeEntry.name);
      error(
        "locale.unknown",
        localePath,
        `"${localeEntry.name}" is not an App Store locale` +
          (suggestion ? `; did you mean ${suggestion}?` : "; name locale folders after App Store Connect's codes, such as en-US"),
      );
      continue;
    }
    const locale = localeEntry.name;
    const seenTypes = new Map<string, string>();
    for (const displayEntry of await entriesOf(localePath, diagnostics)) {
      const displayPathAbsolute = path.join(localePath, displayEntry.name);
      if (displayEntry.isSymbolicLink()) {
        error(`${root}.symlink`, displayPathAbsolute, symlinkedFolder(media));
        continue;
      }
      if (!displayEntry.isDirectory()) {
        error(
          `${root}.layout`,
          displayPathAbsolute,
          `is not inside a ${media.typeNoun.replace(" ", "-")} folder; move it to ${displayPath(localePath)}/<${media.typeNoun}>/, e.g. iphone-6.9`,
        );
        continue;
      }
      const info = media.resolve(displayEntry.name);
      if (!info) {
        const suggestion = closestMatch(displayEntry.name, media.names);
        error(
          `${root}.${media.typeNoun.replace(" ", "-")}`,
          displayPathAbsolute,
          `"${displayEntry.name}" is not a ${media.typeNoun}` +
            (suggestion ? `; did you mean ${suggestion}?` : `; use an alias such as iphone-6.9 or ipad-13, or Apple's enum such as ${media.enumExample}`),
        );
        continue;
      }
      if (!info.platforms.includes(platform)) {
        error(
          `${root}.platform`,
          displayPathAbsolute,
          `${info.device} ${media.noun}s (${info.displayType}) belong to ${info.platforms.join(" or ")} apps, and app.platform is ${platform}`,
        );
        continue;
      }
      const earlier = seenTypes.get(info.displayType);
      if (earlier) {
        error(
          `${root}.duplicate-set`,
          displayPathAbsolute,
          `names the same ${media.typeNoun} (${info.displayType}) as ${earlier}; keep one folder per ${media.typeNoun}`,
        );
        continue;
      }
      seenTypes.set(info.displayType, displayPath(displayPathAbsolute));
      const fileNames = (await entriesOf(displayPathAbsolute, diagnostics)).map((entry) => entry.name);
      folders.push({ locale, info, folder: displayPath(displayPathAbsolute), absoluteFolder: displayPathAbsolute, fileNames });
    }
  }
  return { folders, diagnostics, absent: false };
}
