/**
 * Live preview sets as pulled sets (previews/<locale>/<alias>/NN-name.ext),
 * and the folder kind a preview folder is merged as: videos matched by MD5
 * like screenshots, and a posters.yml written when a live poster frame is not
 * the default. A set with a video that cannot be downloaded yet is left as
 * the repository has it (a folder without it would tell apply to delete it).
 */
import { createHash } from "node:crypto";
import { load } from "js-yaml";
import { DEFAULT_POSTER_FRAME } from "../../model/fields.js";
import { previewTypeInfo } from "../../model/preview-types.js";
import { isPreviewProcessed as isProcessed, type LivePreviewSet } from "../../resources/index.js";
import { POSTERS_FILE } from "../validate/previews.js";
import { PullError } from "./errors.js";
import { shown, type PulledPreviewSet } from "./listing.js";
import type { FolderKind } from "./merge-screenshots.js";
import { liveLocale } from "./safe-names.js";

const HEADER = `# Poster frame per video (HH:MM:SS:FF; default ${DEFAULT_POSTER_FRAME}), written by asc-gitops pull\n`;

export const VIDEO = /\.(mp4|mov|m4v)$/i;

/** The extension of the file Apple names; .mp4 when it names none we accept. */
function extensionOf(fileName: string): string {
  const found = VIDEO.exec(fileName)?.[0];
  return found ? found.toLowerCase() : ".mp4";
}

/** posters.yml from the final file names: only the frames that are not the default; none, no file. */
export function postersFile(set: PulledPreviewSet): FolderKind["generated"] {
  return {
    name: POSTERS_FILE,
    make(names) {
      const entries = set.screenshots.flatMap((preview, index) => (preview.posterFrame === DEFAULT_POSTER_FRAME ? [] : [[names[index]!, preview.posterFrame]]));
      if (!entries.length) return undefined;
      // Double-quoted JSON strings are YAML; a plain name stays unquoted, as a user writes it.
      const key = (name: string) => (/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u.test(name) ? name : JSON.stringify(name));
      return `${HEADER}${entries.map(([name, code]) => `${key(name!)}: ${JSON.stringify(code)}\n`).join("")}`;
    },
    // The user's posters.yml (comments, quoting, default frames written out) is kept when it sets the same frames.
    same: (before, made) => framesOf(before) === framesOf(made),
  };
}

/** A posters.yml's frames other than the default, comparable; a file that does not parse is never the same. */
function framesOf(text: string | undefined): string {
  if (text === undefined) return "[]";
  try {
    const parsed = load(text);
    if (parsed === null || parsed === undefined) return "[]";
    if (typeof parsed !== "object" || Array.isArray(parsed)) return `broken:${text}`;
    const entries = Object.entries(parsed as Record<string, unknown>).filter(([, code]) => code !== DEFAULT_POSTER_FRAME);
    return JSON.stringify(entries.map(([name, code]) => [name, String(code)]).sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)));
  } catch {
    return `broken:${text}`;
  }
}

export const previewFolderKind = (set: PulledPreviewSet): FolderKind => ({ media: VIDEO, generated: postersFile(set)! });

/**
 * `download` fetches a public URL (never sent the API token). A video whose bytes are not the file uploaded
 * (an MD5 other than sourceFileChecksum) fails the pull: written, it would be uploaded again by the next apply.
 */
export function previewSetsFromLive(sets: readonly LivePreviewSet[], download: (url: string) => Promise<Uint8Array>, skipped: string[]): PulledPreviewSet[] {
  const pulled: PulledPreviewSet[] = [];
  for (const set of sets) {
    const locale = liveLocale(set.locale, "a preview set");
    const info = previewTypeInfo(set.previewType);
    if (!info) {
      skipped.push(`${locale} preview set ${shown(set.previewType)}: a preview type asc-gitops does not know; its folder is left as it was`);
      continue;
    }
    const unready = set.previews.filter((preview) => !isProcessed(preview) || !preview.videoUrl || !preview.checksum);
    if (unready.length) {
      for (const preview of unready)
        skipped.push(
          `${locale} ${info.alias} ${shown(preview.fileName)}: ${preview.state === "COMPLETE" ? "no video to download yet" : `still ${preview.state}`}; ` +
            "the set's folder is left as it was",
        );
      continue;
    }
    pulled.push({
      locale,
      info: { alias: info.alias, displayType: info.displayType },
      screenshots: set.previews.map((preview) => ({
        sourceName: preview.fileName,
        checksum: preview.checksum!,
        extension: extensionOf(preview.fileName),
        posterFrame: preview.posterFrame ?? DEFAULT_POSTER_FRAME,
        fetch: async () => {
          const bytes = await download(preview.videoUrl!);
          const md5 = createHash("md5").update(bytes).digest("hex");
          if (md5 !== preview.checksum)
            throw new PullError(
              `${locale} ${info.alias} ${shown(preview.fileName)}: the video App Store Connect serves is not the file uploaded (MD5 ${md5}, ` +
                `sourceFileChecksum ${preview.checksum}); nothing was written. Put the original file in the folder instead`,
            );
          return bytes;
        },
      })),
    });
  }
  return pulled;
}
