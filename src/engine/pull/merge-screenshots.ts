/**
 * A pulled set's folder (screenshots/<locale>/<display type>/) is made equal
 * to the set: images it already holds are kept by checksum (the original's
 * MD5, or a pulled rendition paired with it in the lock), the others are
 * fetched, images the set no longer has are removed; other files stay.
 * File names are kept when they still sort into the set's order, else every
 * image is named by its position (01-…, 02-…).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { compareNatural } from "../../util/natural-sort.js";
import { displayPath, repositoryRoot } from "../../util/paths.js";
import { readRepositoryFile } from "../../util/repository-files.js";
import { PullError } from "./errors.js";
import { pulledFileName, type PulledPreviewSet, type PulledScreenshot, type PulledSet } from "./listing.js";
import type { PullLock } from "./lock.js";
import { assertWritableInside, isSafeSegment } from "./safe-names.js";

const IMAGE = /\.(png|jpe?g)$/i;

export interface SetEntry {
  name: string;
  /** An image the folder holds already (its absolute path and MD5), kept. */
  kept?: { path: string; md5: string };
  /** Else the image to fetch. */
  fetch?: PulledScreenshot;
}

/** A file of the folder made from the set (a preview folder's posters.yml), not fetched; absent when the set needs none. */
export interface GeneratedFile {
  name: string;
  make(names: readonly string[]): string | undefined;
  /** Whether the folder's file already says what the made one says (absent: the same text). */
  same?(before: string | undefined, made: string | undefined): boolean;
}

/** What a folder holds of the set: screenshots (the default) or videos, and a file made from the set's names. */
export interface FolderKind {
  media: RegExp;
  generated?: GeneratedFile;
}

export interface SetFolderPlan {
  set: PulledSet | PulledPreviewSet;
  /** Absolute path of the folder. */
  folder: string;
  existed: boolean;
  entries: SetEntry[];
  /** Files in the folder that are not images (kept as they are). */
  others: string[];
  /** Images the folder holds that the set has no more: names and MD5s. */
  removed: { name: string; md5: string }[];
  /** Kept images that get another name. */
  renamed: number;
  /** The generated file's content, when the set needs it. */
  generated?: { name: string; content: string };
  /** Nothing to write: the folder is the set already. */
  unchanged: boolean;
}

export async function md5OfFile(file: string): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function folderEntries(folder: string, media = IMAGE): Promise<{ images: { name: string; path: string; md5: string }[]; others: string[] } | undefined> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const images: { name: string; path: string; md5: string }[] = [];
  const others: string[] = [];
  for (const entry of entries.sort((a, b) => compareNatural(a.name, b.name))) {
    if (entry.isFile() && media.test(entry.name) && !entry.name.startsWith(".")) {
      const file = path.join(folder, entry.name);
      images.push({ name: entry.name, path: file, md5: await md5OfFile(file) });
    } else others.push(entry.name);
  }
  return { images, others };
}

/** The names kept where they still sort into the set's order; else every image named by its position. */
function chooseNames(shots: readonly PulledScreenshot[], keptNames: readonly (string | undefined)[], others: readonly string[]): string[] {
  const fresh = (index: number) => pulledFileName(index + 1, shots[index]!.sourceName, shots[index]!.extension);
  const asIs = shots.map((_, index) => keptNames[index] ?? fresh(index));
  const lower = asIs.map((name) => name.toLowerCase());
  const otherNames = new Set(others.map((name) => name.toLowerCase()));
  const clashes = new Set(lower).size !== lower.length || lower.some((name, index) => keptNames[index] === undefined && otherNames.has(name));
  const inOrder = [...asIs].sort(compareNatural).every((name, index) => name === asIs[index]);
  if (!clashes && inOrder) return asIs;
  return shots.map((_, index) => {
    const kept = keptNames[index];
    return kept ? pulledFileName(index + 1, kept, path.extname(kept).toLowerCase()) : fresh(index);
  });
}

export async function planSetFolder(
  set: PulledSet | PulledPreviewSet,
  screenshotsDir: string,
  lock: PullLock,
  kind: FolderKind = { media: IMAGE },
): Promise<SetFolderPlan> {
  const localeFolder = path.join(screenshotsDir, set.locale);
  // The repository may name the folder by alias or by Apple's enum: use the one it has.
  let folder = path.join(localeFolder, set.info.alias);
  let found = await folderEntries(folder, kind.media);
  if (!found) {
    const byEnum = path.join(localeFolder, set.info.displayType);
    const other = await folderEntries(byEnum, kind.media);
    if (other) [folder, found] = [byEnum, other];
  }
  await assertWritableInside(screenshotsDir, folder);

  const unused = [...(found?.images ?? [])];
  const matched = set.screenshots.map((shot) => {
    const index = unused.findIndex((image) => image.md5 === shot.checksum || lock.checksums[image.md5] === shot.checksum);
    return index < 0 ? undefined : unused.splice(index, 1)[0];
  });
  const generatedName = kind.generated?.name.toLowerCase();
  const previous = found?.others.find((name) => name.toLowerCase() === generatedName);
  const otherFiles = (found?.others ?? []).filter((name) => name !== previous);
  const names = chooseNames(
    set.screenshots,
    matched.map((image) => image?.name),
    found?.others ?? [],
  );
  for (const name of names)
    if (!isSafeSegment(name))
      throw new PullError(`a file name made from ${displayPath(folder)}'s screenshots is not safe (${JSON.stringify(name)}); nothing was written`);
  const entries: SetEntry[] = set.screenshots.map((shot, index) => {
    const image = matched[index];
    return image ? { name: names[index]!, kept: { path: image.path, md5: image.md5 } } : { name: names[index]!, fetch: shot };
  });
  const renamed = entries.filter((entry, index) => entry.kept && matched[index]!.name !== entry.name).length;
  const removed = unused.map(({ name, md5 }) => ({ name, md5 }));
  const content = kind.generated?.make(names);
  const before =
    previous === undefined
      ? undefined
      : await readRepositoryFile(path.join(folder, previous), { root: repositoryRoot(screenshotsDir), maxBytes: 64 * 1024, what: "poster frames file" })
          .then((bytes) => bytes.toString("utf8"))
          .catch(() => undefined);
  const sameGenerated = kind.generated?.same ? kind.generated.same(before, content) : before === content;
  // A file that says the same stays as the user wrote it; else it is made from the set (or dropped when the set needs none).
  const others = sameGenerated && previous !== undefined ? [...otherFiles, previous] : otherFiles;
  const generated = sameGenerated || content === undefined ? undefined : { name: previous ?? kind.generated!.name, content };
  const unchanged = Boolean(found) && !removed.length && !renamed && entries.every((entry) => entry.kept) && sameGenerated;
  return { set, folder, existed: Boolean(found), entries, others, removed, renamed, ...(generated ? { generated } : {}), unchanged };
}
