/**
 * The pictures of the HTML report, embedded so that the file needs no network
 * (DESIGN.md §16): each re-encoded by sharp as a JPEG at the report's width,
 * so that the file stays small and only decoded pixels reach it (a file that
 * is not an image is left out, never embedded as it is). Repository files are
 * read through repository-files.ts (inside the repository, capped).
 */
import path from "node:path";
import sharp from "sharp";
import type { ChangeMedia } from "../../contracts/resource.js";
import { MAX_SCREENSHOT_BYTES } from "../../model/fields.js";
import { REPORT_IMAGE_CAP, REPORT_IMAGE_WIDTH, type Renditions } from "../../pipeline/renditions.js";
import { mapWithConcurrency } from "../../util/concurrency.js";
import { readRepositoryFile } from "../../util/repository-files.js";

/** Keys of the embedded pictures: a live one by its template URL, a repository file by its path. */
export const liveKey = (item: NonNullable<ChangeMedia["live"]>) => `live:${item.templateUrl}`;
export const fileKey = (item: NonNullable<ChangeMedia["next"]>) => `file:${item.file}`;

/** Key -> `data:image/jpeg;base64,…`. */
export type EmbeddedImages = ReadonlyMap<string, string>;

async function dataUri(bytes: Uint8Array): Promise<string | undefined> {
  try {
    const jpeg = await sharp(bytes, { limitInputPixels: 64_000_000 })
      .rotate()
      .resize({ width: REPORT_IMAGE_WIDTH, withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 72, mozjpeg: true })
      .toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString("base64")}`;
  } catch {
    return undefined;
  }
}

export interface EmbedOptions {
  /** What the plan's file paths are relative to (default: the working directory). */
  cwd?: string;
  cap?: number;
}

/** Every picture the report shows, up to the cap (repository files first in plan order, then live ones). */
export async function embedImages(media: readonly ChangeMedia[], renditions: Renditions, options: EmbedOptions = {}): Promise<EmbeddedImages> {
  const cwd = options.cwd ?? process.cwd();
  const jobs = new Map<string, () => Promise<Uint8Array>>();
  for (const item of media) {
    if (item.next) {
      const file = path.resolve(cwd, item.next.file);
      jobs.set(fileKey(item.next), () => readRepositoryFile(file, { maxBytes: MAX_SCREENSHOT_BYTES, what: "screenshot" }));
    }
    const bytes = item.live ? renditions.get(item.live.templateUrl) : undefined;
    if (item.live && bytes) jobs.set(liveKey(item.live), async () => bytes);
  }
  const wanted = [...jobs].slice(0, options.cap ?? REPORT_IMAGE_CAP * 2);
  const done = await mapWithConcurrency(wanted, 4, async ([key, load]) => {
    try {
      const uri = await dataUri(await load());
      return uri ? ([key, uri] as const) : undefined;
    } catch {
      return undefined;
    }
  });
  return new Map(done.filter((entry) => entry !== undefined));
}
