/**
 * fastlane deliver's app previews (`app_previews_path`, deliver since 2026):
 *   <app_previews_path>/<locale>/<file>.(mp4|mov|m4v)
 *     -> previews/<locale>/<alias>/NN-name.ext
 * The preview type is the type token the file name holds, as deliver reads it
 * (`01_IPHONE_67.mp4`; `APP_IPHONE_67` and `iphone67` too), else the first
 * type, largest device first, that accepts the video's resolution (read from
 * the container, never decoded); at most 3 a type, by natural sort. What it
 * cannot convert is listed with the reason. Durations, codecs and the rest are
 * left to `asc-gitops validate`, which names each file.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { acceptsSize } from "../../model/display-types.js";
import { DEFAULT_POSTER_FRAME, PREVIEWS_PER_SET } from "../../model/fields.js";
import { isAppStoreLocale } from "../../model/locales.js";
import type { Platform } from "../../model/platforms.js";
import { PREVIEW_TYPES, type PreviewTypeInfo } from "../../model/preview-types.js";
import { compareNatural } from "../../util/natural-sort.js";
import { readContainer } from "../validate/video-container.js";
import type { PulledPreviewSet } from "./listing.js";
import { VIDEO } from "./pull-previews.js";

const squash = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, "");

/** The type a file name names; the longest token first, so that IPAD_PRO_3GEN_129 is never read as a shorter one. */
export function previewTypeFromName(fileName: string): PreviewTypeInfo | undefined {
  const name = squash(fileName.replace(VIDEO, ""));
  return [...PREVIEW_TYPES].sort((a, b) => b.displayType.length - a.displayType.length).find((info) => name.includes(squash(info.displayType)));
}

async function resolutionOf(file: string): Promise<{ width: number; height: number } | undefined> {
  try {
    const { size } = await stat(file);
    const read = await readContainer({
      realPath: file,
      size,
      chunks: (highWaterMark) => createReadStream(file, { highWaterMark }) as AsyncIterable<Buffer>,
      close: async () => undefined,
    });
    return read.facts?.video ? { width: read.facts.video.width, height: read.facts.video.height } : undefined;
  } catch {
    return undefined;
  }
}

export interface FastlanePreviews {
  sets: PulledPreviewSet[];
  videos: number;
  notConverted: string[];
  notes: string[];
}

/** `root` is the app_previews_path folder, `shownRoot` how messages name it. */
export async function importFastlanePreviews(root: string, shownRoot: string, platform: Platform): Promise<FastlanePreviews> {
  const out: FastlanePreviews = { sets: [], videos: 0, notConverted: [], notes: [] };
  const entries = (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((entry) => !entry.name.startsWith("."));
  for (const entry of entries.sort((a, b) => compareNatural(a.name, b.name))) {
    const shownLocale = path.posix.join(shownRoot, entry.name);
    if (!entry.isDirectory() || !isAppStoreLocale(entry.name)) {
      out.notConverted.push(`${shownLocale} (not an App Store locale folder)`);
      continue;
    }
    const locale = entry.name;
    const files = (await readdir(path.join(root, locale), { withFileTypes: true })).filter((file) => !file.name.startsWith("."));
    for (const file of files.sort((a, b) => compareNatural(a.name, b.name))) {
      const shown = path.posix.join(shownLocale, file.name);
      if (!file.isFile() || !VIDEO.test(file.name)) {
        out.notConverted.push(`${shown} (not an .mp4, .mov or .m4v video)`);
        continue;
      }
      const absolute = path.join(root, locale, file.name);
      let info = previewTypeFromName(file.name);
      if (!info) {
        const size = await resolutionOf(absolute);
        if (!size) {
          out.notConverted.push(`${shown} (its name holds no preview type, e.g. IPHONE_67, and its resolution cannot be read: name the type in the file name)`);
          continue;
        }
        info = PREVIEW_TYPES.find((candidate) => candidate.platforms.includes(platform) && acceptsSize(candidate, size.width, size.height));
        if (!info) {
          out.notConverted.push(`${shown} (${size.width}x${size.height} is no app preview resolution App Store Connect accepts for ${platform})`);
          continue;
        }
        out.notes.push(`${shown}: no preview type in its name; ${size.width}x${size.height} made it ${info.alias} (move it to another folder if it is not)`);
      }
      const chosen = info;
      const existing = out.sets.find((set) => set.locale === locale && set.info.displayType === chosen.displayType);
      const set = existing ?? { locale, info: { alias: chosen.alias, displayType: chosen.displayType }, screenshots: [] };
      if (!existing) out.sets.push(set);
      if (set.screenshots.length >= PREVIEWS_PER_SET.max) {
        out.notConverted.push(`${shown} (an ${chosen.alias} preview set holds at most ${PREVIEWS_PER_SET.max})`);
        continue;
      }
      const bytes = await readFile(absolute);
      set.screenshots.push({
        sourceName: file.name,
        checksum: createHash("md5").update(bytes).digest("hex"),
        extension: path.extname(file.name).toLowerCase(),
        posterFrame: DEFAULT_POSTER_FRAME,
        fetch: async () => bytes,
      });
      out.videos++;
    }
  }
  return out;
}
