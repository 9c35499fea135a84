/**
 * App previews of the managed version's localizations (DESIGN.md §15): a
 * folder defines its preview set exactly, as a screenshot folder does. Reading
 * costs ONE request per localization whose previews the repository manages,
 * in the same round as the screenshot reads. Prune leaves preview sets alone:
 * a set is managed only by its folder.
 */
import type { Resource } from "../../contracts/resource.js";
import type { DesiredVersionLocalizations } from "../version-localizations/desired.js";
import type { LiveVersionLocalizations } from "../version-localizations/diff.js";
import { applyPreviewChanges, committedPreviews } from "./apply.js";
import type { PreviewChange } from "./changes.js";
import { previewDescribe } from "./describe.js";
import { previewsDesired, type DesiredPreviews } from "./desired.js";
import { diffPreviews, previewOrder } from "./diff.js";
import type { LivePreviews } from "./live.js";
import { readPreviewSets } from "./read.js";

type Seen = DesiredPreviews & DesiredVersionLocalizations;

const previewLocales = (desired: DesiredPreviews) => new Set<string>(desired.previewSets.map((set) => set.locale));

export const previews: Resource<DesiredPreviews, LivePreviews, PreviewChange, Seen, LivePreviews & LiveVersionLocalizations> = {
  name: "previews",
  needs: ["appStoreVersionLocalizations"],
  kinds: {
    "preview-set-create": "create-inside",
    "preview-poster": "update",
    "preview-upload": "add",
    "preview-reorder": "reorder",
    "preview-delete": "remove",
  },
  desired: previewsDesired,
  locales: (desired) => [...previewLocales(desired)],
  read: {
    atOnce: (desired, options) => (options.allScreenshots ? desired.versionLocalizations.length : previewLocales(desired).size),
    async read(client, { desired, live, options }) {
      if (!live.version) return { previewSets: [] };
      const locales = previewLocales(desired);
      const localizations = live.versionLocalizations.filter((localization) => options.allScreenshots || locales.has(localization.locale));
      if (localizations.length === 0) return { previewSets: [] };
      const previewSets = await readPreviewSets(client, localizations, {
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        withVideos: options.allScreenshots ?? false,
      });
      return { previewSets };
    },
  },
  diff: diffPreviews,
  order: previewOrder,
  apply: (changes, run) => applyPreviewChanges(run, changes),
  known: (live, run) => {
    // A video this run committed is the file it sent, though Apple may publish its checksum late.
    const committed = committedPreviews(run);
    if (committed.size === 0) return live;
    const known = (preview: LivePreviews["previewSets"][number]["previews"][number]) =>
      preview.checksum === null && preview.state === "COMPLETE" ? { ...preview, checksum: committed.get(preview.id) ?? null } : preview;
    return { ...live, previewSets: live.previewSets.map((set) => ({ ...set, previews: set.previews.map(known) })) };
  },
  failedAssets: (live) =>
    live.previewSets.flatMap((set) =>
      set.previews
        .filter((preview) => preview.state === "FAILED")
        .map((preview) => ({ locale: set.locale, displayType: set.previewType, fileName: preview.fileName, errors: preview.errors ?? [] })),
    ),
  describe: previewDescribe,
};
