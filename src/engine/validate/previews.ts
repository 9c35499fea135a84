/**
 * The app preview folders (DESIGN.md §15): previews/<locale>/<preview type>/
 * NN-name.(mp4|mov|m4v), 1 to 3 per folder in natural order, and an optional
 * posters.yml that sets a poster frame per file (HH:MM:SS:FF, within the
 * video). The layout is found as the screenshots' is; videos.ts inspects each file.
 */
import path from "node:path";
import { DEFAULT_POSTER_FRAME, PREVIEWS_PER_SET } from "../../model/fields.js";
import type { Platform } from "../../model/platforms.js";
import type { PreviewTypeInfo } from "../../model/preview-types.js";
import { mapWithConcurrency } from "../../util/concurrency.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";
import type { FolderChoice, PreviewFolder } from "../load/files.js";
import { parseFile } from "../load/metadata.js";
import { findScreenshotFolders, PREVIEW_MEDIA } from "../load/screenshot-folders.js";
import { locationOf } from "../load/yaml.js";
import { checkVideo } from "./videos.js";

export const POSTERS_FILE = "posters.yml";
/** HH:MM:SS:FF, as App Store Connect writes previewFrameTimeCode. */
const TIME_CODE = /^(\d{2}):([0-5]\d):([0-5]\d):(\d{2})$/;

/** Seconds from the start of a time code, or undefined when it is not one; frames count at 30 a second (Apple's maximum rate). */
export function timeCodeSeconds(code: string): number | undefined {
  const match = TIME_CODE.exec(code);
  if (!match) return undefined;
  const [hours, minutes, seconds, frames] = match.slice(1).map(Number) as [number, number, number, number];
  if (frames >= 30) return undefined;
  return hours * 3600 + minutes * 60 + seconds + frames / 30;
}

export interface FoundPreviews {
  folders: PreviewFolder[];
  diagnostics: Diagnostic[];
  absent: boolean;
  /** Video files inspected. */
  videoCount: number;
}

/** Files of one folder inspected at most: a folder far over the limit gets its count as the error. */
const INSPECT_AT_MOST = 5 * PREVIEWS_PER_SET.max;

export async function findPreviews(previewsDir: string, platform: Platform, choice: FolderChoice, root: string, concurrency = 4): Promise<FoundPreviews> {
  const found = await findScreenshotFolders(previewsDir, platform, choice, PREVIEW_MEDIA);
  const diagnostics = [...found.diagnostics];
  const folders: PreviewFolder[] = [];
  let videoCount = 0;
  for (const candidate of found.folders) {
    const fileNames = candidate.fileNames.filter((name) => name.toLowerCase() !== POSTERS_FILE);
    const postersName = candidate.fileNames.find((name) => name.toLowerCase() === POSTERS_FILE);
    const count = fileNames.length;
    if (count < PREVIEWS_PER_SET.min || count > PREVIEWS_PER_SET.max) {
      diagnostics.push({
        severity: "error",
        rule: "previews.count",
        file: candidate.folder,
        message:
          count === 0
            ? `holds no app previews; a set needs ${PREVIEWS_PER_SET.min} to ${PREVIEWS_PER_SET.max} (remove the folder to leave the set unmanaged)`
            : `holds ${count} app previews; the App Store allows ${PREVIEWS_PER_SET.max} per localization and device size`,
      });
      if (count > INSPECT_AT_MOST) continue;
    }
    const info = candidate.info as PreviewTypeInfo;
    const checked = await mapWithConcurrency(fileNames, concurrency, (fileName) =>
      checkVideo({ absolutePath: path.join(candidate.absoluteFolder, fileName), file: `${candidate.folder}/${fileName}`, info, repositoryRoot: root }),
    );
    videoCount += fileNames.length;
    for (const result of checked) diagnostics.push(...result.diagnostics);
    const previews = checked.flatMap((result) => (result.preview ? [result.preview] : []));
    const byChecksum = new Map<string, string>();
    for (const preview of previews) {
      const twin = byChecksum.get(preview.checksum);
      if (twin)
        diagnostics.push({
          severity: "warning",
          rule: "previews.duplicate-video",
          file: preview.file,
          message: `is the same video as ${twin}; the set will show it twice`,
        });
      else byChecksum.set(preview.checksum, preview.fileName);
    }
    if (postersName) diagnostics.push(...(await applyPosters(path.join(candidate.absoluteFolder, postersName), root, fileNames, previews)));
    folders.push({ locale: candidate.locale, previewType: info.displayType, folder: candidate.folder, previews });
  }
  return { folders, diagnostics, absent: found.absent, videoCount };
}

/** Reads posters.yml (file name: time code) into the previews it names; each problem at its line and column. */
async function applyPosters(absolute: string, root: string, fileNames: string[], previews: { fileName: string; duration: number; posterFrame: string }[]) {
  const diagnostics: Diagnostic[] = [];
  const parsed = await parseFile(absolute, root, diagnostics);
  if (!parsed) return diagnostics;
  const { file, document } = parsed;
  const at = (pointer: string, key = false) => {
    const location = locationOf(document, pointer);
    const position = key ? (location?.key ?? location?.value) : location?.value;
    return position ? { line: position.line, column: position.column } : {};
  };
  const value = document.value;
  if (value === null || value === undefined) return diagnostics;
  if (typeof value !== "object" || Array.isArray(value)) {
    diagnostics.push({
      severity: "error",
      rule: "posters.type",
      file,
      ...at(""),
      message: `must map file names to poster frames, e.g. "01-intro.mp4: ${DEFAULT_POSTER_FRAME}"`,
    });
    return diagnostics;
  }
  for (const [name, code] of Object.entries(value as Record<string, unknown>)) {
    const pointer = `/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (!fileNames.includes(name)) {
      diagnostics.push({
        severity: "error",
        rule: "posters.unknown-file",
        file,
        field: name,
        ...at(pointer, true),
        message: `names ${name}, which is not a video in this folder` + (fileNames.length ? ` (it holds ${fileNames.join(", ")})` : ""),
      });
      continue;
    }
    const seconds = typeof code === "string" ? timeCodeSeconds(code) : undefined;
    if (seconds === undefined) {
      diagnostics.push({
        severity: "error",
        rule: "posters.time-code",
        file,
        field: name,
        ...at(pointer),
        message: `${name}: ${JSON.stringify(code)} is not a time code; write HH:MM:SS:FF (frames 00 to 29), e.g. "${DEFAULT_POSTER_FRAME}"`,
      });
      continue;
    }
    const preview = previews.find((candidate) => candidate.fileName === name);
    if (!preview) continue;
    if (seconds >= preview.duration)
      diagnostics.push({
        severity: "error",
        rule: "posters.beyond-end",
        file,
        field: name,
        ...at(pointer),
        message: `${name}: poster frame ${code} is past the video's end (it lasts ${Math.round(preview.duration * 100) / 100} s)`,
      });
    else preview.posterFrame = code as string;
  }
  return diagnostics;
}
