/**
 * Live state as repository files: metadata/app.yml, metadata/<locale>.yml,
 * screenshots/<locale>/<alias>/NN-name.png downloaded from each screenshot's
 * processed rendition, and the lock that pairs each pulled file's MD5 with the
 * live checksum (so the next plan is empty and nothing is uploaded again).
 */
import { createHash } from "node:crypto";
import sharp from "sharp";
import { displayTypeInfo } from "../../model/display-types.js";
import { APP_INFO_FIELDS, VERSION_FIELDS } from "../../model/fields.js";
import { comparableValue } from "../../model/text.js";
import { mapWithConcurrency } from "../../util/concurrency.js";
import type { LiveState } from "../live-state.js";
import { LOCK_FILE, renderLock, type PullLock } from "./lock.js";
import { appYaml, localeYaml, type LocaleValues } from "./yaml-files.js";

export interface PulledFiles {
  metadata: Map<string, string | Uint8Array>;
  screenshots: Map<string, string | Uint8Array>;
  /** Screenshots that could not be pulled (not processed, no rendition), with why. */
  skipped: string[];
  /** Values left out on purpose, with why (they stay unmanaged). */
  notes: string[];
}

export type Download = (url: string) => Promise<Uint8Array>;

/** `01-today.png` from position 1 and the live file name `today.png` (or `03-today.jpg`). */
export function pulledFileName(position: number, liveName: string): string {
  const base = liveName.replace(/\.[^.]+$/, "").replace(/^\d+[-_ .]*/, "").replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^-+|-+$/g, "") || "screenshot";
  return `${String(position).padStart(2, "0")}-${base}.png`;
}

/** A rendition with an alpha channel is flattened: the repository's screenshots must be opaque RGB. */
async function opaque(bytes: Uint8Array): Promise<Uint8Array> {
  const image = sharp(bytes);
  const { hasAlpha } = await image.metadata();
  return hasAlpha ? new Uint8Array(await image.flatten({ background: "#ffffff" }).png().toBuffer()) : bytes;
}

/** `download` fetches a rendition (AscClient.download: public URLs, never sent the API token). */
export async function filesFromLive(live: LiveState, download: Download, concurrency = 8): Promise<PulledFiles> {
  const metadata = new Map<string, string | Uint8Array>();
  metadata.set("app.yml", appYaml({ id: live.app.id, bundleId: live.app.bundleId, platform: live.app.platform }));
  const locales = [...new Set([...live.appInfoLocalizations, ...live.versionLocalizations].map((item) => item.locale))].sort();
  const notes: string[] = [];
  for (const locale of locales) {
    const values: LocaleValues = {};
    const info = live.appInfoLocalizations.find((item) => item.locale === locale);
    const version = live.versionLocalizations.find((item) => item.locale === locale);
    for (const field of APP_INFO_FIELDS) if (info?.fields[field]) values[field] = info.fields[field]!;
    for (const field of VERSION_FIELDS) if (version?.fields[field]) values[field] = version.fields[field]!;
    // A file's promotionalText goes to the version on sale as well; when the two differ, no one value is right.
    const onSale = live.liveVersionLocalizations.find((item) => item.locale === locale)?.fields.promotionalText;
    if (values.promotionalText !== undefined && onSale !== undefined && comparableValue("promotionalText", onSale) !== comparableValue("promotionalText", values.promotionalText)) {
      delete values.promotionalText;
      notes.push(`${locale}: promotionalText differs between version ${live.version?.versionString} and the version on sale ${live.liveVersion?.versionString}; left out (unmanaged): add it to metadata/${locale}.yml to set both`);
    }
    metadata.set(`${locale}.yml`, localeYaml(values));
  }

  const screenshots = new Map<string, string | Uint8Array>();
  const lock: PullLock = { checksums: {} };
  const skipped: string[] = [];
  const jobs = live.screenshotSets.flatMap((set) => {
    const folder = `${set.locale}/${displayTypeInfo(set.displayType)?.alias ?? set.displayType}`;
    return set.screenshots.map((shot, index) => ({ set, shot, path: `${folder}/${pulledFileName(index + 1, shot.fileName)}` }));
  });
  await mapWithConcurrency(jobs, concurrency, async ({ set, shot, path }) => {
    if (shot.state !== "COMPLETE" || !shot.image || !shot.checksum) {
      skipped.push(`${set.locale} ${set.displayType} ${shot.fileName}: ${shot.state === "COMPLETE" ? "no rendition to download" : `still ${shot.state}`}`);
      return;
    }
    const url = shot.image.templateUrl.replace("{w}", String(shot.image.width)).replace("{h}", String(shot.image.height)).replace("{f}", "png");
    const bytes = await opaque(await download(url));
    screenshots.set(path, bytes);
    lock.checksums[createHash("md5").update(bytes).digest("hex")] = shot.checksum;
  });
  if (Object.keys(lock.checksums).length) screenshots.set(LOCK_FILE, renderLock(lock));
  return { metadata, screenshots, skipped, notes };
}
