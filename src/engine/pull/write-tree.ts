/**
 * Writes a generated tree of files whole or not at all: everything goes to a
 * temporary folder beside each target first, then each target folder is
 * swapped in with a rename. Existing files are never overwritten unless
 * `force` is given; a failure part-way leaves the targets as they were.
 */
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { displayPath } from "../../util/paths.js";

export interface TreeTarget {
  /** The folder to fill (metadata/ or screenshots/). */
  folder: string;
  /** Relative path -> content. */
  files: Map<string, string | Uint8Array>;
}

import { PullError } from "./errors.js";

/** Refused because a target holds files and --force was not given. */
export class PullRefused extends PullError {}

async function visibleEntries(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => !name.startsWith(".") || name === ".asc-gitops.lock");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** Refuses (before anything is read or written) when a target holds files and force is off. */
export async function assertTargetsFree(folders: string[], force: boolean): Promise<void> {
  if (force) return;
  for (const folder of folders) {
    const entries = await visibleEntries(folder);
    if (entries.length)
      throw new PullRefused(
        `${displayPath(folder)} already holds ${entries.slice(0, 4).join(", ")}${entries.length > 4 ? ", …" : ""}; pull writes a fresh copy: pass --force to replace it, or pull into empty folders with --metadata and --screenshots`,
      );
  }
}

export async function writeTrees(targets: TreeTarget[], force: boolean): Promise<void> {
  await assertTargetsFree(targets.map((target) => target.folder), force);
  const staged: { target: string; staging: string }[] = [];
  try {
    for (const target of targets) {
      const parent = path.dirname(path.resolve(target.folder));
      await mkdir(parent, { recursive: true });
      const staging = await mkdtemp(path.join(parent, ".asc-gitops-pull-"));
      staged.push({ target: path.resolve(target.folder), staging });
      for (const [relative, content] of target.files) {
        const file = path.join(staging, relative);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, content);
      }
    }
    for (const { target, staging } of staged) {
      const old = `${staging}.old`;
      const existed = await rename(target, old).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return false;
          throw error;
        },
      );
      await rename(staging, target);
      if (existed) await rm(old, { recursive: true, force: true });
    }
  } finally {
    for (const { staging } of staged) await rm(staging, { recursive: true, force: true });
  }
}
