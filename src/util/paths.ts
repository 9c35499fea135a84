import { existsSync } from "node:fs";
import path from "node:path";

/** A path as the user should read it: relative to the working directory, with forward slashes. */
export function displayPath(absolute: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, absolute) || ".";
  return relative.split(path.sep).join("/");
}

/**
 * The repository that holds `folder`, the boundary no file read may leave: the
 * nearest folder with a .git entry; without one, the working directory when it
 * holds `folder` (metadata/ run from its parent), else `folder` itself.
 */
export function repositoryRoot(folder: string, cwd = process.cwd()): string {
  const start = path.resolve(folder);
  for (let current = start; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, ".git"))) return current;
    if (path.dirname(current) === current) break;
  }
  const workingDirectory = path.resolve(cwd);
  return isInside(workingDirectory, start) ? workingDirectory : start;
}

export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  const leaves = relative === ".." || relative.startsWith(`..${path.sep}`);
  return relative === "" || (!leaves && !path.isAbsolute(relative));
}
