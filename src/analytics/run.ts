/**
 * `asc-gitops analytics` as data: the app from app.yml, the reports fetched
 * into the database (saved atomically), the figures of the period, and the
 * dashboard written to --out. Returns what happened; the command and the
 * action print it.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AscClient } from "../asc/client.js";
import { formatDiagnostic } from "../contracts/diagnostics.js";
import { readMetadataFolder, toAppConfig } from "../engine/load/metadata.js";
import type { FolderChoice } from "../engine/load/files.js";
import { connect, type ConnectionOptions } from "../pipeline/connection.js";
import { StageError } from "../pipeline/failure.js";
import { writeFileAtomic } from "../util/atomic-file.js";
import { addDays } from "../util/utc-dates.js";
import { listingChanges } from "./changes.js";
import { AnalyticsDatabase } from "./database.js";
import { fetchAnalytics, type FetchResult } from "./fetch.js";
import { computeFigures, type Figures } from "./figures.js";
import { renderDashboardHtml } from "./render/html.js";
import { renderDashboardMarkdown } from "./render/markdown.js";

export const DEFAULT_DB = path.join("analytics", "asc-analytics.sqlite");
export const DEFAULT_DAYS = 28;

export interface AnalyticsOptions {
  metadataDir: string;
  metadataChoice?: FolderChoice;
  screenshotsDir: string;
  dbFile: string;
  days: number;
  outDir?: string;
  connection: ConnectionOptions;
  /** The repository whose git history marks the listing changes (default: the working directory). */
  repositoryDir?: string;
  progress?: (line: string) => void;
}

export interface AnalyticsResult {
  appId: string;
  appName: string;
  fetch: FetchResult;
  figures: Figures;
  markdown: string;
  /** Files written with --out. */
  files: { html?: string; markdown?: string; json?: string };
}

/** The app app.yml names; a clear error naming the file when it names none. */
async function appOf(metadataDir: string, choice: FolderChoice | undefined): Promise<{ id?: string; bundleId?: string; platform: string }> {
  const files = await readMetadataFolder(metadataDir, choice);
  const errors = files.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  if (errors.length) throw new StageError("validate", errors.map(formatDiagnostic).join("\n"));
  if (!files.app) throw new StageError("validate", `${path.join(metadataDir, "app.yml")}: no such file; it names the app (app: { bundleId: … })`);
  const config = toAppConfig(files.app.document.value);
  if (!config.app.id && !config.app.bundleId)
    throw new StageError("validate", `${files.app.file}: app.id or app.bundleId is needed to know which app's reports to read`);
  return config.app;
}

async function findApp(client: AscClient, app: { id?: string; bundleId?: string }): Promise<{ id: string; name: string }> {
  type Apps = { data: Array<{ id: string; attributes?: { name?: string; bundleId?: string } }> };
  if (app.id) {
    const found = await client.get<{ data: { id: string; attributes?: { name?: string } } }>(`/v1/apps/${encodeURIComponent(app.id)}`, {
      "fields[apps]": "name",
    });
    return { id: found.data.id, name: found.data.attributes?.name ?? app.id };
  }
  const found = await client.getAll<Apps>("/v1/apps", { "filter[bundleId]": app.bundleId!, "fields[apps]": ["name", "bundleId"], limit: 200 });
  const match = found.data.find((item) => item.attributes?.bundleId === app.bundleId);
  if (!match)
    throw new StageError(
      "read",
      `no app with bundle id ${app.bundleId} in this App Store Connect account (check app.bundleId in app.yml, or the API key's team)`,
    );
  return { id: match.id, name: match.attributes?.name ?? app.bundleId! };
}

export async function runAnalytics(options: AnalyticsOptions): Promise<AnalyticsResult> {
  const app = await appOf(options.metadataDir, options.metadataChoice);
  let db: AnalyticsDatabase;
  try {
    db = await AnalyticsDatabase.open(options.dbFile);
  } catch (error) {
    throw new StageError("validate", (error as Error).message);
  }
  try {
    const connection = await connect(options.connection);
    let found: { id: string; name: string };
    let fetched: FetchResult;
    try {
      found = await findApp(connection.client, app);
      const stored = db.meta("appId");
      if (stored && stored !== found.id)
        throw new StageError(
          "validate",
          `${options.dbFile} holds the figures of app ${stored}, not of ${found.id} (app.yml's); give this app its own --db file`,
        );
      fetched = await fetchAnalytics(connection.client, found.id, db, options.progress);
    } finally {
      await connection.close();
    }
    await db.save();
    const lastDate = db.lastDate();
    const changes = await listingChanges({
      cwd: options.repositoryDir ?? process.cwd(),
      metadataDir: options.metadataDir,
      screenshotsDir: options.screenshotsDir,
      ...(lastDate ? { since: `${addDays(lastDate, -2 * options.days)}T00:00:00Z` } : {}),
    });
    const figures = computeFigures(db, { days: options.days, changes });
    const title = `${found.name}: App Store analytics`;
    const markdown = renderDashboardMarkdown(figures, title);
    const files: AnalyticsResult["files"] = {};
    if (options.outDir) {
      await mkdir(options.outDir, { recursive: true });
      files.html = path.join(options.outDir, "index.html");
      files.markdown = path.join(options.outDir, "summary.md");
      files.json = path.join(options.outDir, "figures.json");
      await writeFileAtomic(files.html, renderDashboardHtml(figures, title));
      await writeFileAtomic(files.markdown, markdown);
      await writeFileAtomic(files.json, `${JSON.stringify(figures, null, 2)}\n`);
      // GitHub Pages would otherwise run the folder through Jekyll.
      await writeFile(path.join(options.outDir, ".nojekyll"), "");
    }
    return { appId: found.id, appName: found.name, fetch: fetched, figures, markdown, files };
  } finally {
    db.close();
  }
}
