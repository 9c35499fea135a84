/**
 * Screenshot sets: a folder defines its set exactly. Screenshots are matched
 * by MD5 (App Store Connect's sourceFileChecksum), so an unchanged file is
 * never uploaded again and a renamed or moved one becomes a reorder. A live
 * screenshot still processing (no checksum yet) is matched by file name and
 * size: it is pending, never a reason to upload twice. Reservations left
 * AWAITING_UPLOAD and FAILED assets are not content: they are cleaned up, as
 * is a second copy of one file (two applies at once each uploaded it).
 */
import type { SharedLive } from "../../contracts/live-state.js";
import type { BlockedChange, PendingScreenshot } from "../../contracts/plan.js";
import type { DiffContext, DiffResult } from "../../contracts/resource.js";
import type { DesiredVersionLocalizations } from "../version-localizations/desired.js";
import { versionBlockedReason, type LiveVersionLocalizations } from "../version-localizations/diff.js";
import type { ScreenshotChange } from "./changes.js";
import type { DesiredScreenshot, DesiredScreenshots, DesiredScreenshotSet } from "./desired.js";
import type { LiveScreenshot, LiveScreenshots, LiveScreenshotSet } from "./live.js";

interface SetDiff {
  changes: ScreenshotChange[];
  pending: PendingScreenshot[];
}

function diffSet(desired: DesiredScreenshotSet, live: LiveScreenshotSet): SetDiff {
  const { locale, displayType } = desired;
  const source = { file: desired.folder };
  const changes: ScreenshotChange[] = [];
  const pending: PendingScreenshot[] = [];
  const content = live.screenshots.filter((shot) => shot.state === "COMPLETE" || shot.state === "UPLOAD_COMPLETE");
  const unmatched = new Set(content);

  // Each desired file takes a live screenshot with its checksum (of two copies, the one in its place), else a processing one with its name and size.
  const matches = new Map<DesiredScreenshot, LiveScreenshot>();
  for (const [index, file] of desired.screenshots.entries()) {
    const copies = content.filter(
      (shot) => unmatched.has(shot) && shot.checksum !== null && (shot.checksum === file.checksum || shot.checksum === file.pulledFrom),
    );
    const byChecksum = copies.find((shot) => content.indexOf(shot) === index) ?? copies[0];
    const match =
      byChecksum ?? content.find((shot) => unmatched.has(shot) && shot.checksum === null && shot.fileName === file.fileName && shot.fileSize === file.fileSize);
    if (!match) continue;
    matches.set(file, match);
    unmatched.delete(match);
    if (match.checksum === null) pending.push({ locale, displayType, fileName: file.fileName });
  }

  // A second copy of a file the set keeps (two applies at once uploaded it twice) goes, whatever else happens.
  const kept = new Set([...matches.values()].map((shot) => shot.checksum).filter((checksum) => checksum !== null));
  const duplicates = new Set(content.filter((shot) => unmatched.has(shot) && shot.checksum !== null && kept.has(shot.checksum)));

  const uploads = desired.screenshots.filter((file) => !matches.has(file));
  // The live screenshot an upload replaces: the unmatched one of the same file name, else the one at its position.
  const replacedBy = new Map<LiveScreenshot, DesiredScreenshot>();
  for (const file of uploads) {
    const free = (shot: LiveScreenshot | undefined) => shot && unmatched.has(shot) && !duplicates.has(shot) && !replacedBy.has(shot);
    const sameName = content.find((shot) => free(shot) && shot.fileName === file.fileName);
    const samePlace = content[desired.screenshots.indexOf(file)];
    const replaced = sameName ?? (free(samePlace) ? samePlace : undefined);
    if (replaced) replacedBy.set(replaced, file);
  }
  const replacementOf = new Map([...replacedBy].map(([shot, file]) => [file, shot]));
  desired.screenshots.forEach((file, index) => {
    if (matches.has(file)) return;
    const replaced = replacementOf.get(file);
    changes.push({
      kind: "screenshot-upload",
      locale,
      displayType,
      file: file.file,
      fileName: file.fileName,
      fileSize: file.fileSize,
      checksum: file.checksum,
      position: index + 1,
      ...(replaced ? { replaces: replaced.id } : {}),
      source: { file: file.file },
    });
  });

  // App Store Connect appends uploads; reorder only when that order is not already the repository's.
  const keptInLiveOrder = live.screenshots.filter((shot) => !unmatched.has(shot) && content.includes(shot));
  const fileOf = new Map([...matches].map(([file, shot]) => [shot, file]));
  const orderWithoutReorder = [...keptInLiveOrder.map((shot) => fileOf.get(shot)!), ...uploads];
  if (orderWithoutReorder.some((file, index) => file !== desired.screenshots[index])) {
    changes.push({
      kind: "screenshot-reorder",
      locale,
      displayType,
      before: orderWithoutReorder.map((file) => file.fileName),
      after: desired.screenshots.map((file) => file.fileName),
      checksums: desired.screenshots.map((file) => matches.get(file)?.checksum ?? file.checksum),
      source,
    });
  }

  for (const shot of live.screenshots) {
    const reason =
      shot.state === "AWAITING_UPLOAD"
        ? "stale-reservation"
        : shot.state === "FAILED"
          ? "failed-processing"
          : duplicates.has(shot)
            ? "duplicate"
            : unmatched.has(shot)
              ? replacedBy.has(shot)
                ? "replaced"
                : "removed"
              : undefined;
    if (!reason) continue;
    changes.push({ kind: "screenshot-delete", locale, displayType, screenshotId: shot.id, fileName: shot.fileName, checksum: shot.checksum, reason, source });
  }
  return { changes, pending };
}

/**
 * Every set of the repository against live. A set of a locale neither live nor
 * in a metadata file is blocked (its localization cannot be made from a folder).
 */
export function diffScreenshots(
  { screenshotSets: desired, screenshotsUnmanaged, versionLocalizations }: DesiredScreenshots & DesiredVersionLocalizations,
  live: SharedLive & LiveScreenshots & LiveVersionLocalizations,
  context: DiffContext,
): DiffResult<ScreenshotChange> {
  const changes: ScreenshotChange[] = [];
  const blocked: BlockedChange[] = [];
  const pending: PendingScreenshot[] = [];
  const liveSets = new Map(live.screenshotSets.map((set) => [`${set.locale}\u0000${set.displayType}`, set]));
  const liveLocales = new Set(live.versionLocalizations.map((localization) => localization.locale));
  const versionReason = versionBlockedReason(live, "screenshots");
  const localeFiles = new Set(versionLocalizations.map((localization) => localization.locale));

  const emit = (result: SetDiff, locale: string, displayType: string, folder: string) => {
    if (versionReason) {
      if (result.changes.length) blocked.push({ kind: result.changes[0]!.kind, locale, displayType, reason: versionReason, source: { file: folder } });
      return;
    }
    changes.push(...result.changes);
    pending.push(...result.pending);
  };

  for (const set of desired) {
    const liveSet = liveSets.get(`${set.locale}\u0000${set.displayType}`);
    if (liveSet) {
      emit(diffSet(set, liveSet), set.locale, set.displayType, set.folder);
      continue;
    }
    if (!liveLocales.has(set.locale) && !localeFiles.has(set.locale)) {
      blocked.push({
        kind: "screenshot-set-create",
        locale: set.locale,
        displayType: set.displayType,
        reason:
          `${set.locale} does not exist in App Store Connect and the repository has no metadata file for it: ` +
          `add metadata/${set.locale}.yml (with at least name) to create the locale`,
        source: { file: set.folder },
      });
      continue;
    }
    const created = diffSet(set, { id: "", locale: set.locale, localizationId: "", displayType: set.displayType, screenshots: [] });
    emit(
      {
        changes: [{ kind: "screenshot-set-create", locale: set.locale, displayType: set.displayType, source: { file: set.folder } }, ...created.changes],
        pending: [],
      },
      set.locale,
      set.displayType,
      set.folder,
    );
  }

  if (context.prune && !screenshotsUnmanaged) {
    const wanted = new Set(desired.map((set) => `${set.locale}\u0000${set.displayType}`));
    for (const set of live.screenshotSets) {
      // A locale the repository does not manage goes whole with its localization; only sets of managed locales are pruned here.
      if (!context.managedLocales.has(set.locale) || wanted.has(`${set.locale}\u0000${set.displayType}`)) continue;
      if (versionReason) {
        blocked.push({ kind: "screenshot-set-delete", locale: set.locale, displayType: set.displayType, reason: versionReason });
        continue;
      }
      changes.push({
        kind: "screenshot-set-delete",
        locale: set.locale,
        displayType: set.displayType,
        setId: set.id,
        screenshots: set.screenshots.map((shot) => shot.fileName),
      });
    }
  }
  return { changes, blocked, pending };
}

/** Within a locale and kind: by set, then position and file name. */
export const screenshotOrder = (change: ScreenshotChange | BlockedChange): (string | number)[] => [
  change.displayType ?? "",
  "position" in change ? change.position : 0,
  "fileName" in change ? change.fileName : "",
];
