/**
 * Converts a fastlane deliver folder into this repository's layout:
 *   metadata/<locale>/name.txt, subtitle.txt, description.txt, keywords.txt,
 *   promotional_text.txt, release_notes.txt, marketing_url.txt, support_url.txt,
 *   privacy_url.txt, apple_tv_privacy_policy.txt  -> metadata/<locale>.yml
 *   screenshots/<locale>/*.png (and iMessage/*.png)  -> screenshots/<locale>/<alias>/NN-name.png,
 *   the display type inferred from the pixel size, as fastlane does.
 * Anything else is listed as not converted, never dropped silently.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { DISPLAY_TYPES, type DisplayTypeInfo } from "../../model/display-types.js";
import { SCREENSHOTS_PER_SET } from "../../model/fields.js";
import { isAppStoreLocale } from "../../model/locales.js";
import type { Platform } from "../../model/platforms.js";
import { normalizeText } from "../../model/text.js";
import { compareNatural } from "../../util/natural-sort.js";
import { PullError } from "./errors.js";
import { pulledFileName } from "./from-live.js";
import { appYaml, localeYaml, type LocaleValues } from "./yaml-files.js";

const FASTLANE_FIELDS: Record<string, keyof LocaleValues> = {
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

/** Where two types accept one size, the one Apple asks for today comes first (iPad 13" before 12.9" 2nd gen). */
const SIZE_PREFERENCE = ["APP_IPAD_PRO_3GEN_129", "IMESSAGE_APP_IPAD_PRO_3GEN_129"];

export interface FastlaneConversion {
  metadata: Map<string, string | Uint8Array>;
  screenshots: Map<string, string | Uint8Array>;
  locales: number;
  images: number;
  notConverted: string[];
}

async function listing(folder: string): Promise<{ name: string; isDirectory: boolean }[]> {
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

function displayTypeForSize(width: number, height: number, platform: Platform, iMessage: boolean): DisplayTypeInfo | undefined {
  const candidates = DISPLAY_TYPES.filter(
    (info) => info.platforms.includes(platform) && info.displayType.startsWith("IMESSAGE_") === iMessage && info.sizes.some((size) => size.width === width && size.height === height),
  );
  return candidates.sort((a, b) => Number(SIZE_PREFERENCE.includes(b.displayType)) - Number(SIZE_PREFERENCE.includes(a.displayType)))[0];
}

async function bundleIdFrom(folder: string): Promise<string | undefined> {
  for (const candidate of ["Appfile", "Deliverfile", "../Appfile", "../Deliverfile", "fastlane/Appfile"]) {
    const text = await readFile(path.join(folder, candidate), "utf8").catch(() => undefined);
    const match = text?.match(/^\s*app_identifier\s*\(?\s*["']([^"']+)["']/m);
    if (match) return match[1];
  }
  return undefined;
}

export async function filesFromFastlane(folder: string, options: { bundleId?: string; platform: Platform }): Promise<FastlaneConversion> {
  const metadata = new Map<string, string | Uint8Array>();
  const screenshots = new Map<string, string | Uint8Array>();
  const notConverted: string[] = [];
  const relative = (...parts: string[]) => path.posix.join(...parts);

  const metadataRoot = path.join(folder, "metadata");
  const screenshotsRoot = path.join(folder, "screenshots");
  if (!(await listing(metadataRoot)).length && !(await listing(screenshotsRoot)).length)
    throw new PullError(`${folder} has neither metadata/ nor screenshots/: point --from-fastlane at the folder that holds fastlane deliver's metadata/ and screenshots/`);

  let locales = 0;
  for (const entry of await listing(metadataRoot)) {
    if (!entry.isDirectory) {
      notConverted.push(`${relative("metadata", entry.name)} (not a per-locale field asc-gitops manages)`);
      continue;
    }
    if (!isAppStoreLocale(entry.name)) {
      notConverted.push(`${relative("metadata", entry.name)}/ (${entry.name === "default" ? "fastlane's default values: copy them into each locale file" : "not an App Store locale"})`);
      continue;
    }
    const values: LocaleValues = {};
    for (const file of await listing(path.join(metadataRoot, entry.name))) {
      const field = FASTLANE_FIELDS[file.name];
      if (!field || file.isDirectory) {
        notConverted.push(`${relative("metadata", entry.name, file.name)} (no such field in asc-gitops)`);
        continue;
      }
      const text = normalizeText(await readFile(path.join(metadataRoot, entry.name, file.name), "utf8")).trim();
      if (text) values[field] = text;
    }
    metadata.set(`${entry.name}.yml`, localeYaml(values));
    locales++;
  }

  let images = 0;
  for (const localeEntry of await listing(screenshotsRoot)) {
    if (!localeEntry.isDirectory || !isAppStoreLocale(localeEntry.name)) {
      notConverted.push(`${relative("screenshots", localeEntry.name)} (not an App Store locale folder)`);
      continue;
    }
    const sets = new Map<DisplayTypeInfo, string[]>();
    const collect = async (subfolder: string, iMessage: boolean) => {
      for (const file of await listing(path.join(screenshotsRoot, localeEntry.name, subfolder))) {
        const shown = relative("screenshots", localeEntry.name, subfolder, file.name);
        if (file.isDirectory) {
          if (!iMessage && file.name.toLowerCase() === "imessage") await collect(file.name, true);
          else notConverted.push(`${shown}/ (not a screenshot folder fastlane knows)`);
          continue;
        }
        if (!/\.(png|jpe?g)$/i.test(file.name)) {
          notConverted.push(`${shown} (not a PNG or JPEG)`);
          continue;
        }
        const absolute = path.join(screenshotsRoot, localeEntry.name, subfolder, file.name);
        const { width = 0, height = 0 } = await sharp(absolute).metadata().catch(() => ({ width: 0, height: 0 }));
        const info = displayTypeForSize(width, height, options.platform, iMessage);
        if (!info) {
          notConverted.push(`${shown} (${width}x${height} is no screenshot size App Store Connect accepts${iMessage ? " for iMessage" : ""})`);
          continue;
        }
        sets.set(info, [...(sets.get(info) ?? []), absolute]);
      }
    };
    await collect("", false);
    for (const [info, files] of sets) {
      for (const [index, absolute] of files.entries()) {
        if (index >= SCREENSHOTS_PER_SET.max) {
          notConverted.push(`${relative("screenshots", localeEntry.name, path.basename(absolute))} (an ${info.alias} set holds at most ${SCREENSHOTS_PER_SET.max})`);
          continue;
        }
        const name = pulledFileName(index + 1, path.basename(absolute)).replace(/\.png$/, path.extname(absolute).toLowerCase());
        screenshots.set(relative(localeEntry.name, info.alias, name), await readFile(absolute));
        images++;
      }
    }
  }

  const bundleId = options.bundleId ?? (await bundleIdFrom(folder));
  if (!bundleId) notConverted.push("the app's bundle id (no --bundle-id, and no app_identifier in an Appfile or Deliverfile): set app.bundleId in metadata/app.yml");
  metadata.set("app.yml", appYaml({ bundleId: bundleId ?? "com.example.replace-me", platform: options.platform }));
  return { metadata, screenshots, locales, images, notConverted };
}
