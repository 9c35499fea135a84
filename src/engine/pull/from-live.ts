/**
 * Live state as a pulled listing: each live locale's text values, and each
 * live screenshot set with a way to download its processed renditions. Names
 * that become paths (locales, display types) are checked first.
 */
import sharp from "sharp";
import { APP_INFO_FIELDS, VERSION_FIELDS } from "../../model/fields.js";
import { comparableValue } from "../../model/text.js";
import type { AppStoreLocale } from "../../model/locales.js";
import type { LiveState } from "../live-state.js";
import type { PulledFilePart } from "../../contracts/resource.js";
import { RESOURCES } from "../../resources/index.js";
import { shown, type PulledListing, type PulledSet, type PulledValues } from "./listing.js";
import { previewSetsFromLive } from "./pull-previews.js";
import { checkLiveNames, liveDisplayType, liveLocale } from "./safe-names.js";

export type Download = (url: string) => Promise<Uint8Array>;

/** A rendition with an alpha channel is flattened: the repository's screenshots must be opaque RGB. */
async function opaque(bytes: Uint8Array): Promise<Uint8Array> {
  const image = sharp(bytes);
  const { hasAlpha } = await image.metadata();
  return hasAlpha ? new Uint8Array(await image.flatten({ background: "#ffffff" }).png().toBuffer()) : bytes;
}

function localeValues(live: LiveState, locale: AppStoreLocale, notes: string[]): PulledValues {
  const values: PulledValues = {};
  const info = live.appInfoLocalizations.find((item) => item.locale === locale);
  const version = live.versionLocalizations.find((item) => item.locale === locale);
  if (info) for (const field of APP_INFO_FIELDS) values[field] = info.fields[field] ?? null;
  if (version) for (const field of VERSION_FIELDS) values[field] = version.fields[field] ?? null;
  // A file's promotionalText goes to the version on sale as well; when the two differ, no one value is right.
  const onSale = live.liveVersionLocalizations.find((item) => item.locale === locale)?.fields.promotionalText;
  const promotional = values.promotionalText;
  if (promotional !== undefined && onSale !== undefined && comparableValue("promotionalText", onSale) !== comparableValue("promotionalText", promotional)) {
    delete values.promotionalText;
    notes.push(
      `${locale}: promotionalText differs between version ${live.version?.versionString} and the version on sale ${live.liveVersion?.versionString}; ` +
        `not pulled (a file's value goes to both): set it in metadata/${locale}.yml to make them one`,
    );
  }
  return values;
}

/** `download` fetches a rendition (AscClient.download: public URLs, never sent the API token). */
export function listingFromLive(live: LiveState, download: Download): PulledListing {
  checkLiveNames(live);
  const notes: string[] = [];
  const skipped: string[] = [];
  const locales = new Map<AppStoreLocale, PulledValues>();
  const liveLocales = [...new Set([...live.appInfoLocalizations, ...live.versionLocalizations].map((item) => item.locale))].sort();
  for (const code of liveLocales) {
    const locale = liveLocale(code, "a localization");
    locales.set(locale, localeValues(live, locale, notes));
  }

  const sets: PulledSet[] = [];
  for (const set of live.screenshotSets) {
    const locale = liveLocale(set.locale, "a screenshot set");
    const info = liveDisplayType(set.displayType, locale);
    // A set with an image that cannot be downloaded yet is left as the repository has it: a folder without that
    // image would tell the next apply to delete it.
    const unready = set.screenshots.filter((shot) => shot.state !== "COMPLETE" || !shot.image || !shot.checksum);
    if (unready.length) {
      for (const shot of unready)
        skipped.push(
          `${locale} ${info.alias} ${shown(shot.fileName)}: ${shot.state === "COMPLETE" ? "no rendition to download yet" : `still ${shot.state}`}; ` +
            "the set's folder is left as it was",
        );
      continue;
    }
    sets.push({
      locale,
      info,
      screenshots: set.screenshots.map((shot) => {
        const image = shot.image!;
        const url = image.templateUrl.replace("{w}", String(image.width)).replace("{h}", String(image.height)).replace("{f}", "png");
        return { sourceName: shot.fileName, checksum: shot.checksum!, extension: ".png", fetch: async () => opaque(await download(url)) };
      }),
    });
  }
  const ageRating = Object.fromEntries(
    Object.entries(live.ageRatingDeclaration?.answers ?? {}).filter(([, value]) => value !== null && value !== undefined),
  ) as PulledListing["ageRating"];
  // Each resource's part of the app-level files: the pull stage knows none of them by name.
  const files = RESOURCES.flatMap((resource) => (resource.pull as ((slice: LiveState) => PulledFilePart[]) | undefined)?.(live) ?? []);
  for (const part of files) notes.push(...(part.notes ?? []));
  return {
    source: "App Store Connect",
    files,
    ...(ageRating && Object.keys(ageRating).length ? { ageRating } : {}),
    app: { id: live.app.id, bundleId: live.app.bundleId, platform: live.app.platform },
    locales,
    sets,
    previewSets: previewSetsFromLive(live.previewSets, download, skipped),
    notes,
    skipped,
  };
}
