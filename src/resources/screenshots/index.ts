/**
 * Screenshot sets of the managed version's localizations: a folder defines its
 * set exactly (DESIGN.md §6). Reading them costs ONE request per localization
 * whose screenshots the repository manages.
 */
import type { Resource } from "../../contracts/resource.js";
import type { DesiredVersionLocalizations } from "../version-localizations/desired.js";
import type { LiveVersionLocalizations } from "../version-localizations/diff.js";
import { applyScreenshotChanges, applyScreenshotSetDeletes, deleteDuplicateScreenshots } from "./apply/index.js";
import type { ScreenshotChange, ScreenshotDelete } from "./changes.js";
import { withCommittedChecksums } from "./committed.js";
import { screenshotsDesired, type DesiredScreenshots } from "./desired.js";
import { screenshotDescribe } from "./describe.js";
import { diffScreenshots, screenshotOrder } from "./diff.js";
import type { LiveScreenshots } from "./live.js";
import { readScreenshotSets } from "./read.js";
import { committedScreenshots } from "./run.js";

type Seen = DesiredScreenshots & DesiredVersionLocalizations;

/** Locales whose sets are read: those with a screenshot folder, and with prune every managed one (its sets may go). */
function screenshotLocales(desired: Seen & { app: { prune: boolean } }): Set<string> {
  const locales = new Set<string>(desired.screenshotSets.map((set) => set.locale));
  if (desired.app.prune && !desired.screenshotsUnmanaged) for (const localization of desired.versionLocalizations) locales.add(localization.locale);
  return locales;
}

const isDuplicate = (change: ScreenshotChange): change is ScreenshotDelete => change.kind === "screenshot-delete" && change.reason === "duplicate";

export const screenshots: Resource<DesiredScreenshots, LiveScreenshots, ScreenshotChange, Seen, LiveScreenshots & LiveVersionLocalizations> = {
  name: "screenshots",
  needs: ["appStoreVersionLocalizations"],
  kinds: {
    "screenshot-set-create": "create-inside",
    "screenshot-upload": "add",
    "screenshot-reorder": "reorder",
    "screenshot-delete": "remove",
    "screenshot-set-delete": "delete-inside",
  },
  desired: screenshotsDesired,
  locales: (desired) => desired.screenshotSets.map((set) => set.locale),
  read: {
    atOnce: (desired, options) => (options.allScreenshots ? desired.versionLocalizations.length : screenshotLocales(desired).size),
    async read(client, { desired, live, options }) {
      if (!live.version) return { screenshotSets: [] };
      const locales = screenshotLocales(desired);
      const localizations = live.versionLocalizations.filter((localization) => options.allScreenshots || locales.has(localization.locale));
      const screenshotSets = await readScreenshotSets(client, localizations, {
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        withImages: (options.allScreenshots || options.withImages) ?? false,
      });
      return { screenshotSets };
    },
  },
  diff: diffScreenshots,
  order: screenshotOrder,
  // A scoped plan (the scheduled run's rotations) touches nothing else; a whole one also settles screenshots left processing.
  apply: (changes, run) => applyScreenshotChanges(run, changes, { settlePending: !run.partial }),
  remove: (changes, run) =>
    applyScreenshotSetDeletes(
      run,
      changes.filter((change) => change.kind === "screenshot-set-delete"),
    ),
  known: (live, run) => withCommittedChecksums(live, committedScreenshots(run)),
  async repair(remaining, run) {
    // Another apply at the same time (say, from another machine) may have uploaded the same files: remove the second copies.
    const duplicates = remaining.filter(isDuplicate);
    if (duplicates.length) await deleteDuplicateScreenshots(run, duplicates);
    return duplicates.length > 0;
  },
  failedAssets: (live) =>
    live.screenshotSets.flatMap((set) =>
      set.screenshots
        .filter((shot) => shot.state === "FAILED")
        .map((shot) => ({ locale: set.locale, displayType: set.displayType, fileName: shot.fileName, errors: shot.errors ?? [] })),
    ),
  describe: screenshotDescribe,
};
