/**
 * `asc-gitops pull`: write what is live as repository files (or convert a
 * fastlane deliver folder with --from-fastlane), whole or not at all, never
 * over existing files without --force. Right after a pull, plan shows nothing.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { AppsResponse } from "../asc/types.js";
import type { DesiredState } from "../engine/desired-state.js";
import type { AppConfig } from "../engine/load/files.js";
import { filesFromFastlane } from "../engine/pull/from-fastlane.js";
import { filesFromLive, type Download } from "../engine/pull/from-live.js";
import { PullError } from "../engine/pull/errors.js";
import { assertTargetsFree, writeTrees } from "../engine/pull/write-tree.js";
import { toAppConfig } from "../engine/load/metadata.js";
import { parseYamlDocument } from "../engine/load/yaml.js";
import { readLiveState } from "../engine/read.js";
import { PLATFORMS, type Platform } from "../model/platforms.js";
import { displayPath } from "../util/paths.js";
import type { Output } from "../util/output.js";
import { connect, type ConnectionOptions } from "./connection.js";

export interface PullCommandOptions {
  metadataDir: string;
  screenshotsDir: string;
  force: boolean;
  fromFastlane?: string;
  bundleId?: string;
  appId?: string;
  platform?: string;
  connection: ConnectionOptions;
  download?: Download;
}


function platformOf(text: string | undefined): Platform {
  const platform = (text ?? "IOS").toUpperCase();
  if (!(PLATFORMS as readonly string[]).includes(platform)) throw new PullError(`--platform must be one of ${PLATFORMS.join(", ")}, not "${text}"`);
  return platform as Platform;
}

async function appSelector(options: PullCommandOptions, client: Parameters<typeof readLiveState>[0]): Promise<AppConfig["app"]> {
  const platform = platformOf(options.platform);
  if (options.appId) return { id: options.appId, platform };
  if (options.bundleId) return { bundleId: options.bundleId, platform };
  // With --force over an existing repository: the app its app.yml already names.
  const existing = await readFile(path.join(options.metadataDir, "app.yml"), "utf8").catch(() => undefined);
  if (existing) {
    let named: AppConfig["app"] | undefined;
    try {
      named = toAppConfig(parseYamlDocument(existing, "app.yml").value).app;
    } catch {
      // An app.yml that does not parse names nothing; the account is asked below.
    }
    if (named?.id) return { id: named.id, platform: options.platform ? platform : named.platform };
    if (named?.bundleId) return { bundleId: named.bundleId, platform: options.platform ? platform : named.platform };
  }
  const apps = await client.getAll<AppsResponse>("/v1/apps", { "fields[apps]": ["bundleId", "name"], limit: 200 });
  if (apps.data.length === 1) return { id: apps.data[0]!.id, platform };
  const list = apps.data.map((app) => `${app.attributes?.bundleId} (${app.attributes?.name})`).join(", ");
  throw new PullError(`this account has ${apps.data.length} apps (${list || "none"}); name one with --bundle-id or --app-id`);
}

async function pullLive(options: PullCommandOptions, output: Output): Promise<number> {
  const connection = await connect(options.connection);
  try {
    const app = await appSelector(options, connection.client);
    const stub = (version?: string): DesiredState => ({ app: { app, prune: false, ...(version ? { version } : {}) }, appInfoLocalizations: [], versionLocalizations: [], screenshotSets: [] });
    let read = await readLiveState(connection.client, stub(), { allScreenshots: true });
    // No version in preparation: pull what is on sale.
    if (read.live && !read.live.version && read.live.liveVersion) read = await readLiveState(connection.client, stub(read.live.liveVersion.versionString), { allScreenshots: true });
    if (!read.live) throw new PullError(read.errors.map((error) => error.message).join("; "));
    const live = read.live;
    output.stderr(`Pulling ${live.app.name ?? live.app.bundleId} (${live.app.platform}${live.version ? `, version ${live.version.versionString} ${live.version.state}` : ""}) from ${connection.label}`);
    const files = await filesFromLive(live, options.download ?? ((url) => connection.client.download(url)));
    await writeTrees(
      [
        { folder: options.metadataDir, files: files.metadata },
        { folder: options.screenshotsDir, files: files.screenshots },
      ],
      options.force,
    );
    for (const line of files.skipped) output.stderr(`  skipped ${line}`);
    for (const line of files.notes) output.stderr(`  note: ${line}`);
    const images = [...files.screenshots.keys()].filter((name) => name.endsWith(".png")).length;
    output.stdout(
      `✓ pulled ${files.metadata.size - 1} locale file${files.metadata.size === 2 ? "" : "s"} into ${displayPath(options.metadataDir)}/ and ${images} screenshot${images === 1 ? "" : "s"} into ${displayPath(options.screenshotsDir)}/` +
        `${images ? ` (with ${displayPath(path.join(options.screenshotsDir, ".asc-gitops.lock"))}: commit it, so these are never uploaded again)` : ""}. asc-gitops plan should now show no changes.`,
    );
    return files.skipped.length ? 1 : 0;
  } finally {
    await connection.close();
  }
}

async function pullFastlane(options: PullCommandOptions & { fromFastlane: string }, output: Output): Promise<number> {
  const converted = await filesFromFastlane(options.fromFastlane, { bundleId: options.bundleId, platform: platformOf(options.platform) });
  await writeTrees(
    [
      { folder: options.metadataDir, files: converted.metadata },
      { folder: options.screenshotsDir, files: converted.screenshots },
    ],
    options.force,
  );
  for (const line of converted.notConverted) output.stderr(`  not converted: ${line}`);
  output.stdout(
    `✓ converted ${converted.locales} locale${converted.locales === 1 ? "" : "s"} and ${converted.images} screenshot${converted.images === 1 ? "" : "s"} from ${displayPath(options.fromFastlane)} into ${displayPath(options.metadataDir)}/ and ${displayPath(options.screenshotsDir)}/` +
      `${converted.notConverted.length ? `; ${converted.notConverted.length} item${converted.notConverted.length === 1 ? "" : "s"} not converted (above)` : ""}. Run asc-gitops validate next.`,
  );
  return 0;
}

export async function pullCommand(options: PullCommandOptions, output: Output): Promise<number> {
  try {
    await assertTargetsFree([options.metadataDir, options.screenshotsDir], options.force);
    return options.fromFastlane ? await pullFastlane({ ...options, fromFastlane: options.fromFastlane }, output) : await pullLive(options, output);
  } catch (error) {
    if (error instanceof PullError) {
      output.stderr(`✗ ${error.message}`);
      return 1;
    }
    throw error;
  }
}
