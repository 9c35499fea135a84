/**
 * The folder beside the state file holds the sandbox's private key (a test
 * key, but a key) and the uploaded bytes: never anything to commit. When the
 * sandbox makes the folder, or it is the default `.asc-sandbox/`, a
 * `.gitignore` in it (`*`) keeps it out of git, whatever the repository's own
 * .gitignore says. A folder the user already had is left as it is.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export const DEFAULT_STATE_FOLDER = ".asc-sandbox";

export async function prepareStateFolder(folder: string): Promise<void> {
  const made = await mkdir(folder, { recursive: true });
  if (made === undefined && path.basename(folder) !== DEFAULT_STATE_FOLDER) return;
  // "wx": an existing .gitignore (the user's own) is kept.
  await writeFile(path.join(folder, ".gitignore"), "# Written by asc-gitops: the sandbox's key and state stay out of git.\n*\n", { flag: "wx" }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    },
  );
}
