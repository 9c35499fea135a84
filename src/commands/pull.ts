/**
 * `asc-gitops pull`: bring what is live (or a fastlane deliver folder, with
 * --from-fastlane) into the repository's files. Into empty folders it writes
 * them; into a repository that has files it merges (live values into the
 * base fields, everything only the repository holds kept), and writes only
 * with --force; without it, it shows what it would write. Either way the
 * files are written whole or not at all.
 */
import { isAppStoreLocale } from "../model/locales.js";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { AppsResponse } from "../asc/types.js";
import type { DesiredState } from "../engine/desired-state.js";
import type { AppConfig } from "../engine/load/files.js";
import { readMetadataBytes, toAppConfig } from "../engine/load/metadata.js";
import { parseYamlDocument } from "../engine/load/yaml.js";
import { PullError } from "../engine/pull/errors.js";
import { importFastlane } from "../engine/pull/from-fastlane.js";
import { listingFromLive, type Download } from "../engine/pull/from-live.js";
import type { PulledListing } from "../engine/pull/listing.js";
import { LOCK_FILE } from "../engine/pull/lock.js";
import { describePlan, hasChanges, planPull, writePull, type PullPlan, type PullTargets } from "../engine/pull/merge.js";
import { readLiveState } from "../engine/read.js";
import { todayUtc } from "../util/utc-dates.js";
import { PLATFORMS, type Platform } from "../model/platforms.js";
import { displayPath, repositoryRoot } from "../util/paths.js";
import { plural } from "../util/plural.js";
import type { Output } from "../util/output.js";
import { connect, type ConnectionOptions } from "../pipeline/connection.js";

export interface PullCommandOptions {
  metadataDir: string;
  screenshotsDir: string;
  /** Where live previews are written (absent: not pulled). */
  previewsDir?: string;
  force: boolean;
  /** YYYY-MM-DD (UTC): decides which rotation is in force; default today. */
  today?: string;
  fromFastlane?: string;
  /** With fromFastlane: deliver's rating config JSON (else the Deliverfile's app_rating_config_path). */
  ratingConfig?: string;
  bundleId?: string;
  appId?: string;
  platform?: string;
  connection: ConnectionOptions;
  download?: Download;
}

function platformOf(text: string | undefined): Platform | undefined {
  if (text === undefined) return undefined;
  const platform = text.toUpperCase();
  if (!(PLATFORMS as readonly string[]).includes(platform)) throw new PullError(`--platform must be one of ${PLATFORMS.join(", ")}, not "${text}"`);
  return platform as Platform;
}

/** The app.yml the repository has, as config; undefined when there is none or it does not parse (the merge then says where). */
async function existingAppConfig(metadataDir: string): Promise<AppConfig | undefined> {
  const names = await readdir(metadataDir).catch(() => [] as string[]);
  const name = names.find((candidate) => /^app\.ya?ml$/i.test(candidate));
  if (!name) return undefined;
  try {
    const bytes = await readMetadataBytes(path.join(metadataDir, name), repositoryRoot(metadataDir));
    return toAppConfig(parseYamlDocument(bytes.toString("utf8"), name).value);
  } catch {
    return undefined;
  }
}

async function appSelector(
  options: PullCommandOptions,
  existing: AppConfig | undefined,
  client: Parameters<typeof readLiveState>[0],
): Promise<AppConfig["app"]> {
  const platform = platformOf(options.platform) ?? existing?.app.platform ?? "IOS";
  if (options.appId) return { id: options.appId, platform };
  if (options.bundleId) return { bundleId: options.bundleId, platform };
  // A repository that names its app: that app.
  if (existing?.app.id) return { id: existing.app.id, platform };
  if (existing?.app.bundleId) return { bundleId: existing.app.bundleId, platform };
  const apps = await client.getAll<AppsResponse>("/v1/apps", { "fields[apps]": ["bundleId", "name"], limit: 200 });
  if (apps.data.length === 1) return { id: apps.data[0]!.id, platform };
  const list = apps.data.map((app) => `${app.attributes?.bundleId} (${app.attributes?.name})`).join(", ");
  throw new PullError(`this account has ${apps.data.length} apps (${list || "none"}); name one with --bundle-id or --app-id`);
}

interface Finish {
  /** The summary of a first pull into empty folders. */
  fresh(plan: PullPlan, images: number, videos: number): string;
  /** Extra lines printed before the plan's (the fastlane import's "not converted" list). */
  listed?: string[];
}

async function merge(listing: PulledListing, options: PullCommandOptions, output: Output, finish: Finish): Promise<number> {
  const targets: PullTargets = {
    metadataDir: options.metadataDir,
    screenshotsDir: options.screenshotsDir,
    ...(options.previewsDir ? { previewsDir: options.previewsDir } : {}),
    today: options.today ?? todayUtc(),
  };
  const plan = await planPull(listing, targets);
  const lines = describePlan(plan);
  const said = () => {
    for (const line of finish.listed ?? []) output.stderr(`  ${line}`);
    for (const line of listing.skipped) output.stderr(`  skipped ${line}`);
    for (const line of [...listing.notes, ...plan.notes]) output.stderr(`  note: ${line}`);
  };
  const previews = options.previewsDir && (listing.previewSets?.length || plan.previewSets.length) ? `, ${displayPath(options.previewsDir)}/` : "";
  const folders = `${displayPath(options.metadataDir)}/${previews} and ${displayPath(options.screenshotsDir)}/`;
  const failed = listing.skipped.length ? 1 : 0;

  if (!hasChanges(plan)) {
    said();
    const butForNotes = listing.notes.length + plan.notes.length ? " (but for the notes above)" : "";
    output.stdout(`✓ nothing to write: ${folders} already hold what ${listing.source} has${butForNotes}.`);
    return failed;
  }
  if (!plan.fresh && !options.force) {
    output.stderr("pull would write:");
    for (const line of lines) output.stderr(`  ${line}`);
    said();
    output.stderr(
      `✗ nothing written: ${folders} already hold files. Pass --force to merge these changes into them; ` +
        "what only the repository holds stays (rotations, version, options, comments, files pull does not bring in).",
    );
    return 1;
  }
  const written = await writePull(plan, targets);
  for (const line of lines) output.stderr(`  ${line}`);
  said();
  output.stdout(
    plan.fresh
      ? finish.fresh(plan, written.images, written.videos)
      : `✓ merged ${listing.source} into ${folders}: ${plural(lines.length, "file or folder", "files and folders")} written, ` +
          `${plural(written.images, "screenshot")}${written.videos ? ` and ${plural(written.videos, "preview")}` : ""} fetched; ` +
          "rotations, options, comments and files pull does not bring in are kept. asc-gitops plan now shows only what the repository holds beyond that.",
  );
  return failed;
}

async function pullLive(options: PullCommandOptions, output: Output): Promise<number> {
  const existing = await existingAppConfig(options.metadataDir);
  const connection = await connect(options.connection);
  try {
    const app = await appSelector(options, existing, connection.client);
    const stub = (version?: string): DesiredState => ({
      app: { app, prune: false, ...(version ? { version } : {}) },
      appInfoLocalizations: [],
      versionLocalizations: [],
      previewSets: [],
      screenshotSets: [],
    });
    // The version app.yml names, else the one in preparation, else the one on sale.
    let read = await readLiveState(connection.client, stub(existing?.version), { allScreenshots: true });
    if (!existing?.version && read.live && !read.live.version && read.live.liveVersion)
      read = await readLiveState(connection.client, stub(read.live.liveVersion.versionString), { allScreenshots: true });
    if (!read.live || read.errors.length) throw new PullError(read.errors.map((error) => error.message).join("; "));
    const live = read.live;
    const versionNote = live.version ? `, version ${live.version.versionString} ${live.version.state}` : "";
    output.stderr(`Pulling ${live.app.name ?? live.app.bundleId} (${live.app.platform}${versionNote}) from ${connection.label}`);
    const listing = listingFromLive(live, options.download ?? ((url) => connection.client.download(url)));
    return await merge(listing, options, output, {
      fresh: (plan, images, videos) => {
        // Locale files counted; the app-level files (age-rating.yml, review.yml) named; app.yml always comes.
        const names = plan.metadata.map((change) => path.basename(change.file));
        const isLocale = (name: string) => isAppStoreLocale(name.replace(/\.ya?ml$/i, ""));
        const locales = names.filter(isLocale).length;
        const appLevel = names.filter((name) => !isLocale(name) && !/^app\.ya?ml$/i.test(name)).sort();
        const ageRating = appLevel.map((name) => `, ${name}`).join("");
        const lock = displayPath(path.join(options.screenshotsDir, LOCK_FILE));
        return (
          `✓ pulled ${plural(locales, "locale file")}${ageRating} into ${displayPath(options.metadataDir)}/ ` +
          `and ${plural(images, "screenshot")} into ${displayPath(options.screenshotsDir)}/` +
          `${images ? ` (with ${lock}: commit it, so these are never uploaded again)` : ""}` +
          `${videos && options.previewsDir ? ` and ${plural(videos, "preview")} into ${displayPath(options.previewsDir)}/` : ""}` +
          ". asc-gitops plan should now show no changes."
        );
      },
    });
  } finally {
    await connection.close();
  }
}

async function pullFastlane(options: PullCommandOptions & { fromFastlane: string }, output: Output): Promise<number> {
  const platform = platformOf(options.platform);
  const imported = await importFastlane(options.fromFastlane, {
    ...(options.bundleId ? { bundleId: options.bundleId } : {}),
    ...(platform ? { platform } : {}),
    ...(options.ratingConfig ? { ratingConfig: options.ratingConfig } : {}),
  });
  const listed = imported.notConverted.map((line) => `not converted: ${line}`);
  return merge(imported.listing, options, output, {
    listed,
    fresh: () =>
      `✓ converted ${plural(imported.locales, "locale")}${imported.videos ? "," : " and"} ${plural(imported.images, "screenshot")}` +
      `${imported.videos ? ` and ${plural(imported.videos, "preview")}` : ""} from ${displayPath(options.fromFastlane)} ` +
      `into ${displayPath(options.metadataDir)}/${imported.videos && options.previewsDir ? `, ${displayPath(options.previewsDir)}/` : ""} ` +
      `and ${displayPath(options.screenshotsDir)}/` +
      `${listed.length ? `; ${plural(listed.length, "item")} not converted (above)` : ""}. Run asc-gitops validate next.`,
  });
}

export async function pullCommand(options: PullCommandOptions, output: Output): Promise<number> {
  try {
    return options.fromFastlane ? await pullFastlane({ ...options, fromFastlane: options.fromFastlane }, output) : await pullLive(options, output);
  } catch (error) {
    if (error instanceof PullError) {
      output.stderr(`✗ ${error.message}`);
      return 1;
    }
    throw error;
  }
}
