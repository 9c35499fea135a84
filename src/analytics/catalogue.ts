/**
 * The three Analytics Reports an ASO dashboard reads, as App Store Connect
 * names them (capabilities.md §5c): their category, the columns a file of
 * the Standard report carries, the ones we need, and how many days Apple
 * takes before a date's figures stop changing (the completeness window).
 * The sandbox writes its files from the same table, so the two cannot drift.
 */
export type ReportKey = "discovery" | "downloads" | "installs";

export interface ReportDefinition {
  key: ReportKey;
  /** The name the API answers (analyticsReports.attributes.name). */
  name: string;
  category: "APP_STORE_ENGAGEMENT" | "COMMERCE" | "APP_USAGE";
  /** Every column of the Standard report, in Apple's documented order (the files may order them otherwise). */
  columns: readonly string[];
  /** The columns the figures are read from, by name: a file without one of them is refused. */
  required: readonly string[];
  /** Days after which a date's rows are final (Apple's data-completeness page). */
  completenessDays: number;
}

export const REPORTS: readonly ReportDefinition[] = [
  {
    key: "discovery",
    name: "App Store Discovery and Engagement Standard",
    category: "APP_STORE_ENGAGEMENT",
    columns: [
      "Date",
      "App Name",
      "App Apple Identifier",
      "Event",
      "Page Type",
      "Source Type",
      "Engagement Type",
      "Device",
      "Platform Version",
      "Territory",
      "Counts",
      "Unique Counts",
    ],
    required: ["Date", "Event", "Page Type", "Source Type", "Territory", "Counts"],
    completenessDays: 3,
  },
  {
    key: "downloads",
    name: "App Downloads Standard",
    category: "COMMERCE",
    columns: [
      "Date",
      "App Name",
      "App Apple Identifier",
      "Download Type",
      "App Version",
      "Device",
      "Platform Version",
      "Source Type",
      "Page Type",
      "Pre-Order",
      "Territory",
      "Counts",
    ],
    required: ["Date", "Download Type", "Source Type", "Territory", "Counts"],
    completenessDays: 2,
  },
  {
    key: "installs",
    name: "App Store Installation and Deletion Standard",
    category: "APP_USAGE",
    columns: [
      "Date",
      "App Name",
      "App Apple Identifier",
      "Event",
      "Download Type",
      "App Version",
      "Device",
      "Platform Version",
      "Source Type",
      "Page Type",
      "App Download Date",
      "Territory",
      "Counts",
      "Unique Devices",
    ],
    required: ["Date", "Event", "Source Type", "Territory", "Counts"],
    completenessDays: 5,
  },
];

export const reportByKey = (key: ReportKey): ReportDefinition => REPORTS.find((report) => report.key === key)!;
export const reportByName = (name: string): ReportDefinition | undefined => REPORTS.find((report) => report.name === name);

/** The figures the dashboard shows, each read from one report. */
export type Metric = "impressions" | "pageViews" | "firstDownloads" | "redownloads" | "installs" | "deletions";

export const METRIC_LABELS: Record<Metric, string> = {
  impressions: "Impressions",
  pageViews: "Product page views",
  firstDownloads: "First-time downloads",
  redownloads: "Redownloads",
  installs: "Installs",
  deletions: "Deletions",
};

/** Source types grouped as App Analytics shows them; Apple's values are case-insensitive. */
export type SourceGroup = "search" | "browse" | "referrer" | "other";

export function sourceGroup(value: string): SourceGroup {
  const text = value.trim().toLowerCase();
  if (text === "app store search") return "search";
  if (text === "app store browse") return "browse";
  if (text === "app referrer" || text === "web referrer") return "referrer";
  return "other";
}

/**
 * Which metric one row counts towards, or undefined. Impressions: every
 * Impression event; product page views: Page view events on the product
 * page only (a developer-page view is not one); downloads by Download Type;
 * installs and deletions by Event.
 */
export function metricOf(report: ReportKey, row: Readonly<Record<string, string>>): Metric | undefined {
  const lower = (name: string) => (row[name] ?? "").trim().toLowerCase();
  if (report === "discovery") {
    if (lower("Event") === "impression") return "impressions";
    if (lower("Event") === "page view" && lower("Page Type") === "product page") return "pageViews";
    return undefined;
  }
  if (report === "downloads") {
    if (lower("Download Type") === "first-time download") return "firstDownloads";
    if (lower("Download Type") === "redownload") return "redownloads";
    return undefined;
  }
  if (lower("Event") === "install") return "installs";
  if (lower("Event") === "delete") return "deletions";
  return undefined;
}
