/**
 * The pull lock: `screenshots/.asc-gitops.lock`, committed with the files.
 * App Store Connect serves a processed rendition, not the uploaded file, so a
 * pulled image's MD5 differs from the live sourceFileChecksum. The lock pairs
 * them (pulled file MD5 -> live checksum) and the diff honours the pairing:
 * an untouched pulled screenshot is never uploaded again; a replaced one is.
 */
import path from "node:path";
import { displayPath, repositoryRoot } from "../../util/paths.js";
import { readRepositoryFile, RefusedFile } from "../../util/repository-files.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";

export const LOCK_FILE = ".asc-gitops.lock";
const SCHEMA_VERSION = 1;

export interface PullLock {
  /** MD5 of a pulled file -> sourceFileChecksum of the live screenshot it came from. */
  checksums: Record<string, string>;
}

export function renderLock(lock: PullLock): string {
  const sorted = Object.fromEntries(Object.entries(lock.checksums).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const comment = "Written by asc-gitops pull: pulled file MD5 -> live sourceFileChecksum. Commit it.";
  return `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, comment, checksums: sorted }, null, 2)}\n`;
}

const MD5 = /^[0-9a-f]{32}$/;

/** The lock in a screenshots folder; a missing lock is an empty one, a broken one a diagnostic. */
export async function readLock(screenshotsDir: string, root = repositoryRoot(screenshotsDir)): Promise<{ lock: PullLock; diagnostics: Diagnostic[] }> {
  const absolute = path.join(screenshotsDir, LOCK_FILE);
  const empty = { checksums: {} };
  let text: string;
  try {
    // 4 MB holds 50,000 pairs: far more screenshots than an app has.
    text = (await readRepositoryFile(absolute, { root, maxBytes: 4 * 1024 * 1024, what: "lock file" })).toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { lock: empty, diagnostics: [] };
    if (error instanceof RefusedFile)
      return { lock: empty, diagnostics: [{ severity: "error", rule: error.rule, file: displayPath(absolute), message: error.message }] };
    return {
      lock: empty,
      diagnostics: [{ severity: "error", rule: "lock.read", file: displayPath(absolute), message: `cannot be read: ${(error as NodeJS.ErrnoException).code}` }],
    };
  }
  const problem = (message: string) => ({
    lock: empty,
    diagnostics: [{ severity: "error" as const, rule: "lock.format", file: displayPath(absolute), message }],
  });
  let parsed: { checksums?: unknown };
  try {
    parsed = JSON.parse(text) as { checksums?: unknown };
  } catch (error) {
    return problem(`is not valid JSON (${(error as Error).message}); delete it and run asc-gitops pull again, or restore it from git`);
  }
  const checksums = parsed?.checksums;
  if (
    !checksums ||
    typeof checksums !== "object" ||
    Array.isArray(checksums) ||
    !Object.entries(checksums).every(([key, value]) => MD5.test(key) && typeof value === "string" && MD5.test(value))
  )
    return problem('must hold {"checksums": {"<md5>": "<md5>"}}; delete it and run asc-gitops pull again, or restore it from git');
  return { lock: { checksums: checksums as Record<string, string> }, diagnostics: [] };
}
