/**
 * Names that become paths. Apple's answers are untrusted like any input: a
 * locale or display type becomes a folder name, so only known codes pass, and
 * every path pull writes must resolve inside its folder (links included).
 */
import { lstat, realpath } from "node:fs/promises";
import path from "node:path";
import { displayTypeInfo, type DisplayTypeInfo } from "../../model/display-types.js";
import { isAppStoreLocale, type AppStoreLocale } from "../../model/locales.js";
import { displayPath, isInside } from "../../util/paths.js";
import type { LiveState } from "../live-state.js";
import { PullError } from "./errors.js";
import { shown } from "./listing.js";

const NOTHING_WRITTEN = "pull stopped before writing anything";

export function liveLocale(locale: string, what: string): AppStoreLocale {
  if (isAppStoreLocale(locale)) return locale;
  throw new PullError(
    `App Store Connect answered ${what} with the locale ${shown(locale)}, which is not an App Store locale code; ` +
      `file names come from locale codes, so ${NOTHING_WRITTEN}. If Apple has added this locale, update asc-gitops`,
  );
}

export function liveDisplayType(displayType: string, locale: string): DisplayTypeInfo {
  const info = displayTypeInfo(displayType);
  if (info) return info;
  throw new PullError(
    `App Store Connect answered a ${locale} screenshot set with the display type ${shown(displayType)}, which asc-gitops does not know; ` +
      `folder names come from display types, so ${NOTHING_WRITTEN}. If Apple has added this display type, update asc-gitops`,
  );
}

/** Every locale and display type in a live state, checked before any of them names a file. */
export function checkLiveNames(live: LiveState): void {
  for (const item of live.appInfoLocalizations) liveLocale(item.locale, "an app info localization");
  for (const item of live.versionLocalizations) liveLocale(item.locale, "a version localization");
  for (const item of live.liveVersionLocalizations) liveLocale(item.locale, "a localization of the version on sale");
  for (const set of live.screenshotSets) liveDisplayType(set.displayType, liveLocale(set.locale, "a screenshot set"));
}

/** One path segment that names nothing else: no separator, no `..`, no control character. */
export function isSafeSegment(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !/[/\\\p{Cc}\p{Cf}]/u.test(name);
}

/** The real path of `target`, or of its nearest ancestor that exists (with the rest appended). */
async function resolvedPath(target: string): Promise<string> {
  const missing: string[] = [];
  let current = path.resolve(target);
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || path.dirname(current) === current) throw error;
      missing.push(path.basename(current));
      current = path.dirname(current);
    }
  }
}

/**
 * Refuses a path pull would write that leaves `root` once links are followed,
 * or that is itself a link (pull replaces files; it never writes through links).
 */
export async function assertWritableInside(root: string, target: string): Promise<void> {
  const [realRoot, realTarget] = await Promise.all([resolvedPath(root), resolvedPath(path.dirname(target))]);
  const link = await lstat(target).then(
    (stats) => stats.isSymbolicLink(),
    () => false,
  );
  if (!isInside(realRoot, realTarget) || !isInside(path.resolve(root), path.resolve(target)))
    throw new PullError(`${displayPath(target)} resolves outside ${displayPath(root)}/ (a symbolic link on the way?); ${NOTHING_WRITTEN}`);
  if (link)
    throw new PullError(
      `${displayPath(target)} is a symbolic link; pull replaces files and never writes through links: put the file itself there, then pull again`,
    );
}
