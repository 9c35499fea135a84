/**
 * The example repository the sandbox ships with (the package's own metadata/
 * and screenshots/), read so that the seeded live state equals it except where
 * the seed changes it on purpose. Whatever is missing is skipped.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { load } from "js-yaml";
import { AGE_RATING_FILE } from "../../model/age-rating.js";
import sharp from "sharp";
import { displayTypeForFolder } from "../../model/display-types.js";
import { isAppStoreLocale } from "../../model/locales.js";
import { compareNatural } from "../../util/natural-sort.js";

export type LocaleTexts = Record<string, string | undefined>;

export interface RepositoryScreenshot {
  fileName: string;
  bytes: Buffer;
  md5: string;
  width: number;
  height: number;
}

export interface RepositorySet {
  locale: string;
  alias: string;
  displayType: string;
  screenshots: RepositoryScreenshot[];
}

async function listNames(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => [] as string[]);
}

/** Each locale file's text fields, keywords joined with commas as they are sent (app.yml, review.yml and the like are no locale's). */
export async function readLocaleTexts(root: string): Promise<Map<string, LocaleTexts>> {
  const folder = path.join(root, "metadata");
  const result = new Map<string, LocaleTexts>();
  for (const name of (await listNames(folder)).filter((file) => file.endsWith(".yml") && isAppStoreLocale(file.slice(0, -".yml".length))).sort()) {
    try {
      const document = load(await readFile(path.join(folder, name), "utf8")) as Record<string, unknown> | undefined;
      if (!document || typeof document !== "object") continue;
      const texts: LocaleTexts = {};
      for (const [key, value] of Object.entries(document)) {
        if (typeof value === "string") texts[key] = value;
        else if (key === "keywords" && Array.isArray(value)) texts[key] = value.map(String).join(",");
      }
      if (typeof texts.keywords === "string")
        texts.keywords = texts.keywords
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean)
          .join(",");
      result.set(name.slice(0, -".yml".length), texts);
    } catch {
      // an unreadable example file is simply not seeded
    }
  }
  return result;
}

/** Every screenshot folder of the example repository, files in natural order. */
export async function readScreenshotSets(root: string): Promise<RepositorySet[]> {
  const folder = path.join(root, "screenshots");
  const sets: RepositorySet[] = [];
  for (const locale of (await listNames(folder)).sort()) {
    for (const alias of (await listNames(path.join(folder, locale))).sort()) {
      const info = displayTypeForFolder(alias);
      if (!info) continue;
      const screenshots: RepositoryScreenshot[] = [];
      for (const fileName of (await listNames(path.join(folder, locale, alias))).filter((file) => /\.(png|jpe?g)$/i.test(file)).sort(compareNatural)) {
        try {
          const bytes = await readFile(path.join(folder, locale, alias, fileName));
          const { width, height } = await sharp(bytes).metadata();
          if (!width || !height) continue;
          screenshots.push({ fileName, bytes, md5: createHash("md5").update(bytes).digest("hex"), width, height });
        } catch {
          // not an image: not seeded
        }
      }
      if (screenshots.length > 0) sets.push({ locale, alias, displayType: info.displayType, screenshots });
    }
  }
  return sets;
}

/** A screenshot the repository does not have: drawn by sharp, so its checksum matches no file. */
export async function drawScreenshot(fileName: string, width: number, height: number, label: string): Promise<RepositoryScreenshot> {
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="${width * 0.08}" y="${height * 0.3}" width="${width * 0.84}" height="${height * 0.4}" ` +
      `rx="${width * 0.05}" fill="#ffffff" fill-opacity="0.9"/>` +
      `<text x="50%" y="50%" font-family="sans-serif" font-size="${Math.round(width / 9)}" text-anchor="middle" fill="#1f4e79">${label}</text>` +
      `</svg>`,
  );
  // sharp composites last in its pipeline, so flatten in a second pass: a live screenshot has no alpha channel.
  const drawn = await sharp({ create: { width, height, channels: 3, background: { r: 31, g: 78, b: 121 } } })
    .composite([{ input: svg }])
    .png()
    .toBuffer();
  const bytes = await sharp(drawn)
    .flatten({ background: { r: 31, g: 78, b: 121 } })
    .png()
    .toBuffer();
  return { fileName, bytes, md5: createHash("md5").update(bytes).digest("hex"), width, height };
}
