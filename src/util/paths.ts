import { existsSync } from "node:fs";
import path from "node:path";

/** A path as the user should read it: relative to the working directory, with forward slashes. */
export function displayPath(absolute: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, absolute) || ".";
  return relative.split(path.sep).join("/");
}

/** The repository that holds `start`: the nearest folder with a .git entry, else `fallback`. */
export function repositoryRoot(start: string, fallback: string): string {
  for (let current = path.resolve(start); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, ".git"))) return current;
    if (path.dirname(current) === current) return path.resolve(fallback);
  }
}

export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}
