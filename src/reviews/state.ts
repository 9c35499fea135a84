/**
 * The cursor in reviews/state.yml: the newest review seen (id and date), so a
 * scheduled run reads only what is newer, and the reviews already alerted, so
 * an alert is never sent twice. Written atomically; a file that cannot be read
 * is an error naming it, never a silent restart from nothing.
 */
import path from "node:path";
import { dump, load } from "js-yaml";
import { writeFileAtomic } from "../util/atomic-file.js";
import { displayPath, repositoryRoot } from "../util/paths.js";
import { readRepositoryFile, RefusedFile } from "../util/repository-files.js";

export interface ReviewsCursor {
  newest?: { id: string; date: string };
  /** Ids of reviews alerted, newest first, at most ALERTED_KEPT. */
  alerted: string[];
}

export const STATE_FILE = "state.yml";
const ALERTED_KEPT = 500;
const HEADER = "# Written by asc-gitops reviews: the newest customer review seen and those already alerted. Do not edit.\n";

export async function readCursor(reviewsDir: string): Promise<ReviewsCursor> {
  const file = path.join(reviewsDir, STATE_FILE);
  let bytes: Buffer;
  try {
    bytes = await readRepositoryFile(file, { root: repositoryRoot(reviewsDir), maxBytes: 256 * 1024, what: "reviews state file" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { alerted: [] };
    throw new Error(`${displayPath(file)} ${error instanceof RefusedFile ? error.message : "cannot be read"}`);
  }
  let value: { newest?: { id?: unknown; date?: unknown }; alerted?: unknown } | null;
  try {
    value = load(bytes.toString("utf8")) as typeof value;
  } catch {
    throw new Error(`${displayPath(file)} is not the YAML asc-gitops wrote: delete it to start again from the newest reviews`);
  }
  const newest = value?.newest;
  return {
    ...(newest && typeof newest.id === "string" && typeof newest.date === "string" ? { newest: { id: newest.id, date: newest.date } } : {}),
    alerted: Array.isArray(value?.alerted) ? value.alerted.filter((id): id is string => typeof id === "string") : [],
  };
}

export async function writeCursor(reviewsDir: string, cursor: ReviewsCursor): Promise<void> {
  const kept = { ...(cursor.newest ? { newest: cursor.newest } : {}), alerted: cursor.alerted.slice(0, ALERTED_KEPT) };
  await writeFileAtomic(path.join(reviewsDir, STATE_FILE), HEADER + dump(kept, { lineWidth: -1 }));
}
