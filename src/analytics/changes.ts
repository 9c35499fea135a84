/**
 * When the listing changed, and what: the repository's own history of the
 * metadata and screenshot folders (git log, read-only). A merge to the
 * default branch is what the apply workflow applies, so a commit's date is
 * the day the change went live (to the day: App Review aside, text and
 * screenshots of a live version's promotional text apply at once).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface ListingChange {
  /** UTC day of the commit. */
  date: string;
  commit: string;
  /** The commit's subject line (repository text: escape before showing). */
  subject: string;
  /** What changed, e.g. "metadata: en-US, de-DE; screenshots: en-US/iphone-6.9". */
  what: string;
}

/** Groups changed paths by folder: metadata files by name, screenshot files by locale/display folder. */
export function describePaths(paths: readonly string[], metadataDir: string, screenshotsDir: string): string {
  const strip = (dir: string) => dir.replace(/^\.\//, "").replace(/\/+$/, "");
  const [metadata, screenshots] = [strip(metadataDir), strip(screenshotsDir)];
  const texts = new Set<string>();
  const sets = new Set<string>();
  for (const file of paths) {
    if (file.startsWith(`${metadata}/`)) texts.add(file.slice(metadata.length + 1).replace(/\.ya?ml$/, ""));
    else if (file.startsWith(`${screenshots}/`))
      sets.add(
        file
          .slice(screenshots.length + 1)
          .split("/")
          .slice(0, 2)
          .join("/"),
      );
  }
  const parts = [];
  if (texts.size) parts.push(`${metadata}: ${[...texts].sort().join(", ")}`);
  if (sets.size) parts.push(`${screenshots}: ${[...sets].sort().join(", ")}`);
  return parts.join("; ");
}

/** The listing changes in git's history (newest last); [] outside a git repository or without git. */
export async function listingChanges(options: { cwd: string; metadataDir: string; screenshotsDir: string; since?: string }): Promise<ListingChange[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      "git",
      [
        "log",
        "--first-parent",
        "--no-renames",
        "--format=%x1e%H%x1f%cI%x1f%s",
        "--name-only",
        ...(options.since ? [`--since=${options.since}`] : []),
        "--",
        options.metadataDir,
        options.screenshotsDir,
      ],
      { cwd: options.cwd, maxBuffer: 32 * 1024 * 1024 },
    ));
  } catch {
    return [];
  }
  const changes: ListingChange[] = [];
  for (const record of stdout.split("\x1e")) {
    const [head, ...files] = record.split("\n");
    const [commit, when, subject] = (head ?? "").split("\x1f");
    if (!commit || !when) continue;
    const what = describePaths(files.map((file) => file.trim()).filter(Boolean), options.metadataDir, options.screenshotsDir);
    changes.push({ date: new Date(when).toISOString().slice(0, 10), commit: commit.slice(0, 12), subject: subject ?? "", what });
  }
  return changes.reverse();
}
