/**
 * The sandbox's analytics figures: every count a deterministic function of
 * the app, the date, the territory, the source type and the device, so that
 * a test can ask what the final figure of a day is. A file processed on day
 * P restates earlier days: a day less than the report's completeness window
 * old is answered lower than its final figure, and reaches it once the
 * window has passed, as Apple's late corrections do (capabilities.md §5b).
 */
import { gzipSync } from "node:zlib";
import { type ReportDefinition, type ReportKey } from "../../analytics/catalogue.js";
import { addDays } from "../../util/utc-dates.js";

/** 40 territories, as ISO 3166-1 alpha-2 codes ([unconfirmed] whether Apple writes alpha-2 or alpha-3); the demo uses the first 10. */
export const TERRITORIES = [
  "US", "GB", "DE", "FR", "JP", "CA", "AU", "BR", "IN", "ES",
  "IT", "NL", "SE", "NO", "DK", "FI", "PL", "PT", "IE", "AT",
  "CH", "BE", "MX", "AR", "CL", "CO", "KR", "CN", "TW", "HK",
  "SG", "MY", "TH", "ID", "PH", "VN", "TR", "SA", "AE", "ZA",
] as const; // biome-ignore format: a table

export const DEMO_TERRITORY_COUNT = 10;

const SOURCES = [
  { name: "App Store search", weight: 1, viewRate: 0.12 },
  { name: "App Store browse", weight: 0.7, viewRate: 0.05 },
  { name: "App referrer", weight: 0.12, viewRate: 0.35 },
  { name: "Web referrer", weight: 0.08, viewRate: 0.4 },
] as const;
const DEVICES = [
  { name: "iPhone", weight: 0.85 },
  { name: "iPad", weight: 0.15 },
] as const;

/** A number in [0, 1) from the text: the same text, the same number (FNV-1a, then a final mix; fast, and not for secrets). */
export function unit(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return (hash >>> 0) / 2 ** 32;
}

export interface Cell {
  date: string;
  territory: string;
  source: string;
  device: string;
}

export interface FinalCounts {
  impressions: number;
  productPageViews: number;
  developerPageViews: number;
  taps: number;
  firstDownloads: number;
  redownloads: number;
  autoUpdates: number;
  installs: number;
  deletions: number;
}

/** A day's final figures for one cell (what App Store Connect settles on once the completeness window has passed). */
export function finalCounts(appId: string, cell: Cell): FinalCounts {
  const territoryIndex = Math.max(0, TERRITORIES.indexOf(cell.territory as (typeof TERRITORIES)[number]));
  const source = SOURCES.find((candidate) => candidate.name === cell.source) ?? SOURCES[0];
  const device = DEVICES.find((candidate) => candidate.name === cell.device) ?? DEVICES[0];
  const weekday = new Date(`${cell.date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 1.2 : 1;
  const noise = (salt: string) => 0.8 + 0.4 * unit(`${appId}|${cell.date}|${cell.territory}|${cell.source}|${cell.device}|${salt}`);
  const impressions = Math.round((1800 / (territoryIndex + 1) ** 0.9) * source.weight * device.weight * weekend * noise("i"));
  const productPageViews = Math.round(impressions * source.viewRate * noise("v"));
  const firstDownloads = Math.round(productPageViews * 0.3 * noise("d"));
  const redownloads = Math.round(firstDownloads * 0.15 * noise("r"));
  const installs = firstDownloads + redownloads;
  return {
    impressions,
    productPageViews,
    developerPageViews: Math.round(productPageViews * 0.05),
    taps: Math.round(productPageViews * 0.5),
    firstDownloads,
    redownloads,
    autoUpdates: Math.round(impressions * 0.02),
    installs,
    deletions: Math.round(installs * 0.1 * noise("x")),
  };
}

/** The share of its final figure a day shows in a file processed `lag` days later. */
export const restated = (count: number, lag: number, completenessDays: number) =>
  lag >= completenessDays ? count : Math.round(count * (1 - 0.05 * (completenessDays - lag)));

export interface AppFacts {
  appId: string;
  appName: string;
  territories: readonly string[];
}

type Row = Record<string, string>;

function rowsOfCell(report: ReportKey, app: AppFacts, cell: Cell, lag: number, completenessDays: number): Row[] {
  const final = finalCounts(app.appId, cell);
  const count = (value: number) => String(restated(value, lag, completenessDays));
  const common = {
    Date: cell.date,
    "App Name": app.appName,
    "App Apple Identifier": app.appId,
    "Source Type": cell.source,
    Device: cell.device,
    "Platform Version": cell.device === "iPad" ? "iPadOS 26.1" : "iOS 26.1",
    Territory: cell.territory,
  };
  if (report === "discovery") {
    const row = (event: string, pageType: string, value: number, engagement = ""): Row => ({
      ...common,
      Event: event,
      "Page Type": pageType,
      "Engagement Type": engagement,
      Counts: count(value),
      "Unique Counts": count(Math.round(value * 0.8)),
    });
    return [
      row("Impression", "No page", final.impressions),
      row("Page view", "Product page", final.productPageViews),
      // Not a product page view: a parser that counts every page view overcounts.
      row("Page view", "Developer page", final.developerPageViews),
      row("Tap", "Product page", final.taps, "Get"),
    ];
  }
  if (report === "downloads") {
    const row = (type: string, value: number): Row => ({
      ...common,
      "Download Type": type,
      "App Version": "2.3.1",
      "Page Type": "Product page",
      "Pre-Order": "",
      Counts: count(value),
    });
    return [row("First-time download", final.firstDownloads), row("Redownload", final.redownloads), row("Auto-update", final.autoUpdates)];
  }
  const row = (event: string, value: number): Row => ({
    ...common,
    Event: event,
    "Download Type": "First-time download",
    "App Version": "2.3.1",
    "Page Type": "Product page",
    "App Download Date": cell.date,
    Counts: count(value),
    "Unique Devices": count(value),
  });
  return [row("Install", final.installs), row("Delete", final.deletions)];
}

/** Every row a report's daily file for these dates holds, each restated as of `processingDate`. */
export function dailyRows(report: ReportDefinition, app: AppFacts, dates: readonly string[], processingDate: string): Row[] {
  const rows: Row[] = [];
  for (const date of dates) {
    const lag = Math.round((Date.parse(processingDate) - Date.parse(date)) / 86_400_000);
    for (const territory of app.territories)
      for (const source of SOURCES)
        for (const device of DEVICES)
          rows.push(...rowsOfCell(report.key, app, { date, territory, source: source.name, device: device.name }, lag, report.completenessDays));
  }
  return rows;
}

/** A weekly file: Date is the Monday, each count the week's final sum. */
export function weeklyRows(report: ReportDefinition, app: AppFacts, monday: string): Row[] {
  const sums = new Map<string, Row>();
  for (let day = 0; day < 7; day++) {
    for (const row of dailyRows(report, app, [addDays(monday, day)], addDays(monday, 60))) {
      const key = report.columns
        .filter((name) => !["Date", "Counts", "Unique Counts", "Unique Devices", "App Download Date"].includes(name))
        .map((name) => row[name])
        .join("\t");
      const sum = sums.get(key);
      if (!sum) sums.set(key, { ...row, Date: monday, "App Download Date": monday });
      else for (const name of ["Counts", "Unique Counts", "Unique Devices"]) if (name in row) sum[name] = String(Number(sum[name]) + Number(row[name]));
    }
  }
  return [...sums.values()];
}

/** The columns in an order of their own for each instance: Apple says positions may change, so readers must go by name. */
export function shuffledColumns(columns: readonly string[], salt: string): string[] {
  return [...columns]
    .map((name) => ({ name, rank: unit(`${salt}|${name}`) }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ name }) => name);
}

/** An instance's segment files: each its share of the rows (every `parts`-th), a header first, tab-separated, gzip-compressed. */
export function segmentFiles(rows: readonly Row[], columns: readonly string[], parts: number): Buffer[] {
  return Array.from({ length: parts }, (_, part) => {
    const lines = [columns.join("\t")];
    for (let index = part; index < rows.length; index += parts) lines.push(columns.map((name) => rows[index]![name] ?? "").join("\t"));
    return gzipSync(`${lines.join("\n")}\n`);
  });
}
