/**
 * Preview sets: a folder defines its set exactly, as for screenshots. Videos
 * are matched by MD5 (sourceFileChecksum), so a renamed one is a reorder, not
 * an upload; a live video without a checksum yet is matched by name and size
 * and is pending, never uploaded twice; a processed video whose poster frame
 * is not the repository's gets it set. Reservations left AWAITING_UPLOAD and
 * FAILED videos are not content: they go.
 */
import type { SharedLive } from "../../contracts/live-state.js";
import type { BlockedChange, PendingScreenshot } from "../../contracts/plan.js";
import type { DiffContext, DiffResult } from "../../contracts/resource.js";
import type { DesiredVersionLocalizations } from "../version-localizations/desired.js";
import { versionBlockedReason, type LiveVersionLocalizations } from "../version-localizations/diff.js";
import type { PreviewChange } from "./changes.js";
import type { DesiredPreview, DesiredPreviews, DesiredPreviewSet } from "./desired.js";
import { isProcessed, type LivePreview, type LivePreviews, type LivePreviewSet } from "./live.js";

interface SetDiff {
  changes: PreviewChange[];
  pending: PendingScreenshot[];
}

function diffSet(desired: DesiredPreviewSet, live: LivePreviewSet): SetDiff {
  const { locale, previewType: displayType } = desired;
  const source = { file: desired.folder };
  const changes: PreviewChange[] = [];
  const pending: PendingScreenshot[] = [];
  const content = live.previews.filter((preview) => preview.state !== "AWAITING_UPLOAD" && preview.state !== "FAILED");
  const unmatched = new Set(content);

  const matches = new Map<DesiredPreview, LivePreview>();
  for (const [index, file] of desired.previews.entries()) {
    const copies = content.filter((preview) => unmatched.has(preview) && preview.checksum === file.checksum);
    const match =
      copies.find((preview) => content.indexOf(preview) === index) ??
      copies[0] ??
      content.find(
        (preview) => unmatched.has(preview) && preview.checksum === null && preview.fileName === file.fileName && preview.fileSize === file.fileSize,
      );
    if (!match) continue;
    matches.set(file, match);
    unmatched.delete(match);
    if (!isProcessed(match)) pending.push({ locale, displayType, fileName: file.fileName });
    // The poster frame is set once the video is processed (Apple may reset one set earlier).
    else if (match.posterFrame !== file.posterFrame)
      changes.push({
        kind: "preview-poster",
        locale,
        displayType,
        previewId: match.id,
        fileName: file.fileName,
        before: match.posterFrame,
        after: file.posterFrame,
        source: { file: file.file },
      });
  }

  const uploads = desired.previews.filter((file) => !matches.has(file));
  desired.previews.forEach((file, index) => {
    if (matches.has(file)) return;
    changes.push({
      kind: "preview-upload",
      locale,
      displayType,
      file: file.file,
      fileName: file.fileName,
      fileSize: file.fileSize,
      checksum: file.checksum,
      mimeType: file.mimeType,
      position: index + 1,
      duration: file.duration,
      width: file.width,
      height: file.height,
      posterFrame: file.posterFrame,
      source: { file: file.file },
    });
  });

  // App Store Connect appends uploads; reorder only when that order is not already the repository's.
  const fileOf = new Map([...matches].map(([file, preview]) => [preview, file]));
  const kept = live.previews.filter((preview) => fileOf.has(preview));
  const orderWithoutReorder = [...kept.map((preview) => fileOf.get(preview)!), ...uploads];
  if (orderWithoutReorder.some((file, index) => file !== desired.previews[index]))
    changes.push({
      kind: "preview-reorder",
      locale,
      displayType,
      before: orderWithoutReorder.map((file) => file.fileName),
      after: desired.previews.map((file) => file.fileName),
      checksums: desired.previews.map((file) => matches.get(file)?.checksum ?? file.checksum),
      source,
    });

  for (const preview of live.previews) {
    const reason =
      preview.state === "AWAITING_UPLOAD"
        ? "stale-reservation"
        : preview.state === "FAILED"
          ? "failed-processing"
          : unmatched.has(preview)
            ? "removed"
            : undefined;
    if (reason)
      changes.push({
        kind: "preview-delete",
        locale,
        displayType,
        previewId: preview.id,
        fileName: preview.fileName,
        checksum: preview.checksum,
        reason,
        source,
      });
  }
  return { changes, pending };
}

/** Every preview set of the repository against live; a set of a locale neither live nor in a metadata file is blocked. */
export function diffPreviews(
  { previewSets: desired, versionLocalizations }: DesiredPreviews & DesiredVersionLocalizations,
  live: SharedLive & LivePreviews & LiveVersionLocalizations,
  _context: DiffContext,
): DiffResult<PreviewChange> {
  const changes: PreviewChange[] = [];
  const blocked: BlockedChange[] = [];
  const pending: PendingScreenshot[] = [];
  const liveSets = new Map(live.previewSets.map((set) => [`${set.locale}\u0000${set.previewType}`, set]));
  const liveLocales = new Set(live.versionLocalizations.map((localization) => localization.locale));
  const localeFiles = new Set(versionLocalizations.map((localization) => localization.locale));
  const versionReason = versionBlockedReason(live, "screenshots");

  for (const set of desired) {
    const liveSet = liveSets.get(`${set.locale}\u0000${set.previewType}`);
    if (!liveSet && !liveLocales.has(set.locale) && !localeFiles.has(set.locale)) {
      blocked.push({
        kind: "preview-set-create",
        locale: set.locale,
        displayType: set.previewType,
        reason:
          `${set.locale} does not exist in App Store Connect and the repository has no metadata file for it: ` +
          `add metadata/${set.locale}.yml (with at least name) to create the locale`,
        source: { file: set.folder },
      });
      continue;
    }
    const result = liveSet
      ? diffSet(set, liveSet)
      : (() => {
          const created = diffSet(set, { id: "", locale: set.locale, localizationId: "", previewType: set.previewType, previews: [] });
          const create: PreviewChange = { kind: "preview-set-create", locale: set.locale, displayType: set.previewType, source: { file: set.folder } };
          return { changes: [create, ...created.changes], pending: [] };
        })();
    if (versionReason) {
      if (result.changes.length)
        blocked.push({ kind: result.changes[0]!.kind, locale: set.locale, displayType: set.previewType, reason: versionReason, source: { file: set.folder } });
      continue;
    }
    changes.push(...result.changes);
    pending.push(...result.pending);
  }
  return { changes, blocked, pending };
}

/** Within a locale and kind: by set, then position and file name. */
export const previewOrder = (change: PreviewChange | BlockedChange): (string | number)[] => [
  change.displayType ?? "",
  "position" in change ? change.position : 0,
  "fileName" in change ? change.fileName : "",
];
