/**
 * A fastlane deliver folder as a pulled listing:
 *   metadata/<locale>/name.txt, subtitle.txt, description.txt, keywords.txt,
 *   promotional_text.txt, release_notes.txt, marketing_url.txt, support_url.txt,
 *   privacy_url.txt, apple_tv_privacy_policy.txt  -> metadata/<locale>.yml
 *   screenshots/<locale>/*.png (iMessage/<locale>/, appleTV/<locale>/ too)
 *     -> screenshots/<locale>/<alias>/NN-name.png
 * The display type is decided as deliver decides it: by pixel size, and for
 * a size two types share by the file's name (iPad Pro 12.9" 2nd generation
 * only when the name says so); where frameit's `*_framed` images stand, only
 * those are taken, as deliver uploads only those. Text must be UTF-8, as
 * deliver reads it. Everything else (Deliverfile options, review
 * information, categories…) is listed as not converted, with where it will
 * live, never dropped silently.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { acceptsSize, DISPLAY_TYPES, type DisplayTypeInfo } from "../../model/display-types.js";
import { SCREENSHOTS_PER_SET, type FieldName } from "../../model/fields.js";
import { isAppStoreLocale, type AppStoreLocale } from "../../model/locales.js";
import { PLATFORMS, type Platform } from "../../model/platforms.js";
import { normalizeText } from "../../model/text.js";
import { compareNatural } from "../../util/natural-sort.js";
import { PullError } from "./errors.js";
import { shown } from "./listing.js";
import { ratingConfigFrom } from "./fastlane-age-rating.js";
import { CONVERTED_FILES, importAppFiles, REVIEW_FOLDER } from "./fastlane-app-files.js";
import { importFastlanePreviews } from "./fastlane-previews.js";
import { deliverfileOptions, type DeliverfileOptions, FASTLANE_PLATFORMS, FASTLANE_SETTINGS } from "./fastlane-settings.js";
import { shown as shownValue, type PulledListing, type PulledSet, type PulledValues } from "./listing.js";
import type { PulledValue } from "../../contracts/resource.js";

const FASTLANE_FIELDS: Record<string, FieldName> = {
  "name.txt": "name",
  "subtitle.txt": "subtitle",
  "description.txt": "description",
  "keywords.txt": "keywords",
  "promotional_text.txt": "promotionalText",
  "release_notes.txt": "whatsNew",
  "marketing_url.txt": "marketingUrl",
  "support_url.txt": "supportUrl",
  "privacy_url.txt": "privacyPolicyUrl",
  "apple_tv_privacy_policy.txt": "privacyPolicyText",
};

/** fastlane's folders for iMessage and Apple TV screenshots, each holding locale folders. */
const IMESSAGE_FOLDER = "imessage";
const APPLE_TV_FOLDER = "appletv";
/** Folders other fastlane tools keep beside the locales (supply's android/, frameit's fonts/). */
const OTHER_TOOLS = new Set(["android", "fonts"]);

export interface FastlaneImport {
  listing: PulledListing;
  notConverted: string[];
  locales: number;
  images: number;
  videos: number;
}

/** deliver's app_previews_path has no default: the Deliverfile's (from the folder, or the project above it), else app_previews/ or previews/. */
async function previewsRootOf(folder: string, fromDeliverfile: string | undefined): Promise<{ absolute: string; shown: string } | undefined> {
  const candidates = fromDeliverfile
    ? [path.resolve(folder, fromDeliverfile), path.resolve(folder, "..", fromDeliverfile)]
    : [path.join(folder, "app_previews"), path.join(folder, "previews")];
  for (const absolute of candidates)
    if ((await listing(absolute)).length) return { absolute, shown: path.relative(folder, absolute).split(path.sep).join("/") || "." };
  return undefined;
}

interface Entry {
  name: string;
  isDirectory: boolean;
}

async function listing(folder: string): Promise<Entry[]> {
  try {
    return (await readdir(folder, { withFileTypes: true }))
      .filter((entry) => !entry.name.startsWith("."))
      .map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() }))
      .sort((a, b) => compareNatural(a.name, b.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/**
 * The display type deliver gives an image: the type that takes its size; for
 * 2048x2732 (both iPad 13" and iPad Pro 12.9" 2nd gen) the 2nd generation
 * only when the path names it (APP_IPAD_PRO_129, or "12.9" with "2nd
 * generation"), and for 3840x2160 Vision Pro only when the path says "vision".
 * Types of the import's platform come first.
 */
export function displayTypeFor(width: number, height: number, relativePath: string, iMessage: boolean, platform: Platform): DisplayTypeInfo | undefined {
  const sized = DISPLAY_TYPES.filter((info) => info.displayType.startsWith("IMESSAGE_") === iMessage && acceptsSize(info, width, height));
  const ours = sized.filter((info) => info.platforms.includes(platform));
  const pool = ours.length ? ours : sized;
  const lower = relativePath.toLowerCase();
  const prefix = iMessage ? "IMESSAGE_" : "";
  const pick = (displayType: string) => pool.find((info) => info.displayType === displayType);
  if (pick(`${prefix}APP_IPAD_PRO_129`) && pick(`${prefix}APP_IPAD_PRO_3GEN_129`)) {
    const secondGeneration = lower.includes("app_ipad_pro_129") || (lower.includes("12.9") && lower.includes("2nd generation"));
    return pick(`${prefix}${secondGeneration ? "APP_IPAD_PRO_129" : "APP_IPAD_PRO_3GEN_129"}`);
  }
  if (pick("APP_APPLE_TV") && pick("APP_APPLE_VISION_PRO")) return pick(lower.includes("vision") ? "APP_APPLE_VISION_PRO" : "APP_APPLE_TV");
  return pool[0];
}

const FRAMED = /_framed\.(png|jpe?g)$/i;
const IMAGE = /\.(png|jpe?g)$/i;

async function readFirst(folder: string, candidates: string[]): Promise<{ text: string; name: string } | undefined> {
  for (const candidate of candidates) {
    const text = await readFile(path.join(folder, candidate), "utf8").catch(() => undefined);
    if (text !== undefined) return { text, name: candidate };
  }
  return undefined;
}

async function bundleIdFrom(folder: string): Promise<string | undefined> {
  for (const candidate of ["Appfile", "Deliverfile", "../Appfile", "../Deliverfile", "fastlane/Appfile"]) {
    const text = await readFile(path.join(folder, candidate), "utf8").catch(() => undefined);
    const match = text?.match(/^\s*app_identifier\s*\(?\s*["']([^"']+)["']/m);
    if (match) return match[1];
  }
  return undefined;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The line of the first byte that is not UTF-8, for the message. */
function firstBadLine(bytes: Uint8Array): number {
  const loose = new TextDecoder("utf-8").decode(bytes);
  const at = loose.indexOf("\uFFFD");
  return loose.slice(0, Math.max(at, 0)).split("\n").length;
}

/** The rating config JSON's text, read as deliver reads it (whole, capped: a questionnaire is a few hundred bytes). */
const RATING_CONFIG_LIMIT = 64 * 1024;

/** The parsed JSON of the first candidate that exists; undefined when none does. */
async function readRatingConfig(candidates: string[], shownName: string): Promise<unknown> {
  for (const candidate of candidates) {
    const bytes = await readFile(candidate).catch(() => undefined);
    if (!bytes) continue;
    if (bytes.length > RATING_CONFIG_LIMIT)
      throw new PullError(`${shownName} is ${bytes.length} bytes: a rating config is a small JSON object; point at the right file`);
    try {
      return JSON.parse(bytes.toString("utf8"));
    } catch (error) {
      throw new PullError(
        `${shownName} is not JSON (${shown((error as Error).message, 120)}): fix it, or leave the age rating out of the import. Nothing was written`,
      );
    }
  }
  return undefined;
}

/**
 * What the Deliverfile's release options and submit_for_review become in app.yml, each written only
 * where app.yml does not say it (onlyNew): the repository's answer is kept.
 */
function releaseValues(booleans: Readonly<Record<string, boolean>>): { values: Record<string, PulledValue>; pointers: string[] } {
  const release: Record<string, PulledValue> = {};
  if (booleans.automatic_release !== undefined) release.type = booleans.automatic_release ? "after-approval" : "manual";
  if (booleans.phased_release !== undefined) release.phased = booleans.phased_release;
  const values: Record<string, PulledValue> = Object.keys(release).length ? { release } : {};
  if (booleans.submit_for_review) values.submit = true;
  return { values, pointers: [...Object.keys(release).map((key) => `/release/${key}`), "/submit"] };
}

export async function importFastlane(folder: string, options: { bundleId?: string; platform?: Platform; ratingConfig?: string }): Promise<FastlaneImport> {
  const notConverted: string[] = [];
  const relative = (...parts: string[]) => path.posix.join(...parts);
  const metadataRoot = path.join(folder, "metadata");
  const screenshotsRoot = path.join(folder, "screenshots");
  const deliverfile = await readFirst(folder, ["Deliverfile", "../Deliverfile", "fastlane/Deliverfile"]);
  const settings: DeliverfileOptions = deliverfile ? deliverfileOptions(deliverfile.text, deliverfile.name) : { booleans: {}, notConverted: [] };
  const previewsRoot = await previewsRootOf(folder, settings.appPreviewsPath);
  if (!(await listing(metadataRoot)).length && !(await listing(screenshotsRoot)).length && !previewsRoot)
    throw new PullError(
      `${folder} has neither metadata/ nor screenshots/: point --from-fastlane at the folder that holds fastlane deliver's metadata/ and screenshots/`,
    );
  if (settings.appPreviewsPath && !previewsRoot)
    notConverted.push(`${deliverfile!.name} app_previews_path (${shownValue(settings.appPreviewsPath)} holds no locale folders here)`);

  notConverted.push(...settings.notConverted);
  const fromDeliverfile = settings.platform ? FASTLANE_PLATFORMS[settings.platform.toLowerCase()] : undefined;
  const platform = options.platform ?? ((fromDeliverfile && (PLATFORMS as readonly string[]).includes(fromDeliverfile) ? fromDeliverfile : "IOS") as Platform);

  const locales = new Map<AppStoreLocale, PulledValues>();
  const undecodable: string[] = [];
  const metadataEntries = await listing(metadataRoot);
  const appFiles = await importAppFiles(metadataRoot, new Set(metadataEntries.map((entry) => entry.name)));
  notConverted.push(...appFiles.notConverted);
  const appParts = [...appFiles.parts];
  const release = releaseValues(settings.booleans);
  if (Object.keys(release.values).length) appParts.push({ file: "app.yml", values: release.values, onlyNew: release.pointers });
  // --rating-config is relative to where the command runs. The Deliverfile's path is relative to where fastlane
  // runs (the project, above the fastlane/ folder), else to the Deliverfile's folder; "fastlane/x.json" is also
  // looked for as x.json beside the Deliverfile, for a fastlane folder copied elsewhere.
  let ageRating: FastlaneImport["listing"]["ageRating"];
  const ratingShown = options.ratingConfig ?? settings.ratingConfigPath;
  if (ratingShown) {
    const deliverfileFolder = path.dirname(path.join(folder, deliverfile?.name ?? "Deliverfile"));
    // A Deliverfile's path is followed only inside the project: the file names it, not the user.
    const project = path.resolve(deliverfileFolder, "..");
    const inside = (candidate: string) => !path.relative(project, candidate).startsWith("..") && !path.isAbsolute(path.relative(project, candidate));
    const candidates = options.ratingConfig
      ? [path.resolve(options.ratingConfig)]
      : [
          path.resolve(project, ratingShown),
          path.resolve(deliverfileFolder, ratingShown),
          path.resolve(deliverfileFolder, ratingShown.replace(/^(\.\/)?fastlane\//, "")),
        ].filter(inside);
    const json = await readRatingConfig(candidates, ratingShown);
    if (json === undefined && options.ratingConfig) throw new PullError(`--rating-config ${ratingShown}: no such file. Nothing was written`);
    if (json === undefined)
      notConverted.push(
        `${deliverfile?.name} app_rating_config_path (${ratingShown} was not found inside the project or beside the Deliverfile: ` +
          "import again with --rating-config FILE, or answer metadata/age-rating.yml)",
      );
    else {
      const converted = ratingConfigFrom(json, ratingShown);
      notConverted.push(...converted.notConverted);
      if (converted.mapped.length) appFiles.notes.push(`${ratingShown}: fastlane's old names mapped as deliver maps them (${converted.mapped.join(", ")})`);
      if (Object.keys(converted.answers).length) ageRating = converted.answers;
    }
  }

  for (const entry of metadataEntries) {
    const shownEntry = relative("metadata", entry.name);
    if (CONVERTED_FILES.has(entry.name) || (entry.isDirectory && entry.name === REVIEW_FOLDER)) continue;
    if (!entry.isDirectory) {
      const setting = FASTLANE_SETTINGS[entry.name.replace(/\.txt$/, "")];
      notConverted.push(`${shownEntry} (${setting ?? "not a per-locale field asc-gitops manages"})`);
      continue;
    }
    if (!isAppStoreLocale(entry.name)) {
      const files = (await listing(path.join(metadataRoot, entry.name))).map((file) => file.name.replace(/\.txt$/, ""));
      const setting = FASTLANE_SETTINGS[entry.name];
      const reason = entry.name === "default" ? "fastlane's default values: copy them into each locale file" : (setting ?? "not an App Store locale");
      notConverted.push(`${shownEntry}/ (${files.length ? `${files.join(", ")}: ` : ""}${reason})`);
      continue;
    }
    const values: PulledValues = {};
    for (const file of await listing(path.join(metadataRoot, entry.name))) {
      const field = FASTLANE_FIELDS[file.name];
      if (!field || file.isDirectory) {
        notConverted.push(`${relative("metadata", entry.name, file.name)} (no such field in asc-gitops)`);
        continue;
      }
      const bytes = await readFile(path.join(metadataRoot, entry.name, file.name));
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        undecodable.push(`${relative("metadata", entry.name, file.name)} (line ${firstBadLine(bytes)})`);
        continue;
      }
      const value = normalizeText(text).trim();
      if (value) values[field] = value;
    }
    locales.set(entry.name, values);
  }
  if (undecodable.length)
    throw new PullError(
      `not UTF-8 text: ${undecodable.join(", ")}. fastlane deliver reads UTF-8 and App Store Connect shows what it is sent, ` +
        "so guessing the encoding could put wrong letters on the App Store; " +
        "convert each file (from Latin-1 or Windows-1252: iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.new, then replace FILE), " +
        "then import again. Nothing was written",
    );

  const sets: PulledSet[] = [];
  let images = 0;
  const collectLocale = async (localeFolder: string, shownFolder: string, locale: AppStoreLocale, iMessage: boolean) => {
    const files = await listing(localeFolder);
    const imageNames = files.filter((file) => !file.isDirectory && IMAGE.test(file.name)).map((file) => file.name);
    const framed = imageNames.some((name) => FRAMED.test(name));
    const bySet = new Map<DisplayTypeInfo, { name: string; absolute: string }[]>();
    for (const file of files) {
      const shown = relative(shownFolder, file.name);
      if (file.isDirectory) {
        if (!iMessage && file.name.toLowerCase() === IMESSAGE_FOLDER) await collectLocale(path.join(localeFolder, file.name), shown, locale, true);
        else notConverted.push(`${shown}/ (not a screenshot folder fastlane knows)`);
        continue;
      }
      if (!IMAGE.test(file.name)) {
        notConverted.push(`${shown} (not a PNG or JPEG)`);
        continue;
      }
      // deliver: once frameit's framed images are there, the raw ones are skipped (watch images excepted: frameit has no watch frames).
      if (framed && !/framed|watch/i.test(shown)) {
        notConverted.push(`${shown} (a raw screenshot beside framed ones: deliver uploads the framed ones, and so does this import)`);
        continue;
      }
      const absolute = path.join(localeFolder, file.name);
      const { width = 0, height = 0 } = await sharp(absolute)
        .metadata()
        .catch(() => ({ width: 0, height: 0 }));
      const info = displayTypeFor(width, height, shown, iMessage, platform);
      if (!info) {
        notConverted.push(`${shown} (${width}x${height} is no screenshot size App Store Connect accepts${iMessage ? " for iMessage" : ""})`);
        continue;
      }
      if (!info.platforms.includes(platform)) {
        notConverted.push(
          `${shown} (${width}x${height} is the size of ${info.device} screenshots (${info.alias}); ` +
            `this import is for ${platform}: import with --platform ${info.platforms[0]} for that app)`,
        );
        continue;
      }
      bySet.set(info, [...(bySet.get(info) ?? []), { name: file.name, absolute }]);
    }
    for (const [info, members] of bySet) {
      const existing = sets.find((set) => set.locale === locale && set.info === info);
      const set = existing ?? { locale, info, screenshots: [] };
      if (!existing) sets.push(set);
      for (const member of members) {
        if (set.screenshots.length >= SCREENSHOTS_PER_SET.max) {
          notConverted.push(`${relative(shownFolder, member.name)} (an ${info.alias} set holds at most ${SCREENSHOTS_PER_SET.max})`);
          continue;
        }
        const bytes = await readFile(member.absolute);
        set.screenshots.push({
          sourceName: member.name,
          checksum: createHash("md5").update(bytes).digest("hex"),
          extension: path.extname(member.name).toLowerCase(),
          fetch: async () => bytes,
        });
        images++;
      }
    }
  };

  for (const entry of await listing(screenshotsRoot)) {
    const shown = relative("screenshots", entry.name);
    const lower = entry.name.toLowerCase();
    if (entry.isDirectory && (lower === IMESSAGE_FOLDER || lower === APPLE_TV_FOLDER)) {
      const tv = lower === APPLE_TV_FOLDER;
      for (const inner of await listing(path.join(screenshotsRoot, entry.name))) {
        const innerShown = relative(shown, inner.name);
        if (!inner.isDirectory || !isAppStoreLocale(inner.name)) notConverted.push(`${innerShown} (not an App Store locale folder)`);
        else if (tv && platform !== "TV_OS") notConverted.push(`${innerShown}/ (Apple TV screenshots: import them with --platform TV_OS for the tvOS app)`);
        else await collectLocale(path.join(screenshotsRoot, entry.name, inner.name), innerShown, inner.name, !tv);
      }
      continue;
    }
    if (entry.isDirectory && OTHER_TOOLS.has(lower)) {
      notConverted.push(`${shown}/ (${lower === "fonts" ? "frameit's fonts" : "fastlane supply's Android files"})`);
      continue;
    }
    if (!entry.isDirectory || !isAppStoreLocale(entry.name)) {
      notConverted.push(`${shown} (not an App Store locale folder)`);
      continue;
    }
    await collectLocale(path.join(screenshotsRoot, entry.name), shown, entry.name, false);
  }

  const previews = previewsRoot ? await importFastlanePreviews(previewsRoot.absolute, previewsRoot.shown, platform) : undefined;
  notConverted.push(...(previews?.notConverted ?? []));

  const bundleId = options.bundleId ?? (await bundleIdFrom(folder));
  if (!bundleId)
    notConverted.push("the app's bundle id (no --bundle-id, and no app_identifier in an Appfile or Deliverfile): set app.bundleId in metadata/app.yml");
  const listingOut: PulledListing = {
    source: "the fastlane folder",
    app: { ...(bundleId ? { bundleId } : {}), platform },
    locales,
    sets,
    ...(previews ? { previewSets: previews.sets } : {}),
    files: appParts,
    notes: [...appFiles.notes, ...(previews?.notes ?? [])],
    ...(ageRating ? { ageRating } : {}),
    skipped: [],
  };
  return { listing: listingOut, notConverted, locales: locales.size, images, videos: previews?.videos ?? 0 };
}
