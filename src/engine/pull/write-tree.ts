/**
 * Writes a pull's files whole or not at all: every new file and folder is
 * made in a staging folder beside its target's root first; only then is each
 * target swapped in with a rename (the old one moved aside until all are in,
 * and put back if a swap fails). A failure while fetching or staging leaves
 * the repository as it was; nothing outside the targets is touched.
 */
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export type Replacement =
  | { target: string; content: string | Uint8Array }
  /** A folder, filled in its staging place by `fill`. */
  | { target: string; fill(folder: string): Promise<void> };

/** Entries of a folder that a user would call its content (hidden files aside, the pull lock counted). */
export async function visibleEntries(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => !name.startsWith(".") || name === ".asc-gitops.lock");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

interface Staged {
  target: string;
  staged: string;
  backup: string;
  hadOld?: boolean;
}

/** `rootOf` names the folder a target lives in (metadata/, screenshots/); staging happens beside it, on its file system. */
export async function replaceAll(replacements: readonly Replacement[], rootOf: (target: string) => string): Promise<void> {
  const stagingFolders = new Map<string, string>();
  const stagingFor = async (root: string) => {
    const parent = path.dirname(path.resolve(root));
    let folder = stagingFolders.get(parent);
    if (!folder) {
      await mkdir(parent, { recursive: true });
      folder = await mkdtemp(path.join(parent, ".asc-gitops-pull-"));
      stagingFolders.set(parent, folder);
    }
    return folder;
  };
  const staged: Staged[] = [];
  try {
    for (const [index, replacement] of replacements.entries()) {
      const folder = await stagingFor(rootOf(replacement.target));
      const item = { target: path.resolve(replacement.target), staged: path.join(folder, String(index)), backup: path.join(folder, `${index}.old`) };
      if ("content" in replacement) await writeFile(item.staged, replacement.content);
      else {
        await mkdir(item.staged);
        await replacement.fill(item.staged);
      }
      staged.push(item);
    }
    const done: Staged[] = [];
    try {
      for (const item of staged) {
        await mkdir(path.dirname(item.target), { recursive: true });
        item.hadOld = await rename(item.target, item.backup).then(
          () => true,
          (error: NodeJS.ErrnoException) => {
            if (error.code === "ENOENT") return false;
            throw error;
          },
        );
        done.push(item);
        await rename(item.staged, item.target);
      }
    } catch (error) {
      // Put back what was there before this pull, newest swap first.
      for (const item of done.reverse()) {
        await rm(item.target, { recursive: true, force: true }).catch(() => undefined);
        if (item.hadOld) await rename(item.backup, item.target).catch(() => undefined);
      }
      throw error;
    }
  } finally {
    for (const folder of stagingFolders.values()) await rm(folder, { recursive: true, force: true });
  }
}
