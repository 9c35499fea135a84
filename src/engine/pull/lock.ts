/**
 * The pull lock: `screenshots/.asc-gitops.lock`, committed with the files.
 * App Store Connect serves a processed rendition, not the uploaded file, so a
 * pulled image's MD5 differs from the live sourceFileChecksum. The lock pairs
 * them (pulled file MD5 -> live checksum) and the diff honours the pairing:
 * an untouched pulled screenshot is never uploaded again; a replaced one is.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { displayPath } from "../../util/paths.js";
import type { Diagnostic } from "../diagnostics.js";

export const LOCK_FILE = ".asc-gitops.lock";
const SCHEMA_VERSION = 1;

export interface PullLock {
  /** MD5 of a pulled file -> sourceFileChecksum of the live screenshot it came from. */
  checksums: Record<string, string>;
}

export function renderLock(lock: PullLock): string {
  const sorted = Object.fromEntries(Object.entries(lock.checksums).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, comment: "Written by asc-gitops pull: pulled file MD5 -> live sourceFileChecksum. Commit it.", checksums: sorted }, null, 2)}\n`;
}

const MD5 = /^[0-9a-f]{32}$/;

/** The lock in a screenshots folder; a missing lock is an empty one, a broken one a diagnostic. */
export async function readLock(screenshotsDir: string): Promise<{ lock: PullLock; diagnostics: Diagnostic[] }> {
  const absolute = path.join(screenshotsDir, LOCK_FILE);
  const empty = { checksums: {} };
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { lock: empty, diagnostics: [] };
    return { lock: empty, diagnostics: [{ severity: "error", rule: "lock.read", file: displayPath(absolute), message: `cannot be read: ${(error as NodeJS.ErrnoException).code}` }] };
  }
  const problem = (message: string) => ({ lock: empty, diagnostics: [{ severity: "error" as const, rule: "lock.format", file: displayPath(absolute), message }] });
  let parsed: { checksums?: unknown };
  try {
    parsed = JSON.parse(text) as { checksums?: unknown };
  } catch (error) {
    return problem(`is not valid JSON (${(error as Error).message}); delete it and run asc-gitops pull again, or restore it from git`);
  }
  const checksums = parsed?.checksums;
  if (!checksums || typeof checksums !== "object" || Array.isArray(checksums) || !Object.entries(checksums).every(([key, value]) => MD5.test(key) && typeof value === "string" && MD5.test(value)))
    return problem('must hold {"checksums": {"<md5>": "<md5>"}}; delete it and run asc-gitops pull again, or restore it from git');
  return { lock: { checksums: checksums as Record<string, string> }, diagnostics: [] };
}
