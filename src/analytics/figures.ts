/**
 * The dashboard's figures, from the database: a period of N days ending on
 * the newest day stored, against the N days before it; daily values with a
 * trailing 7-day average; weekly sums; by source type and top territories;
 * the listing changes applied in the period. Conversion is first-time
 * downloads ÷ product page views (both summed Counts; Unique Counts cannot
 * be summed across rows). Plain data: the renderers and --json read it.
 */
import { addDays } from "../util/utc-dates.js";
import type { Metric } from "./catalogue.js";
import type { AnalyticsDatabase } from "./database.js";
import type { ListingChange } from "./changes.js";

export const CONVERSION_DEFINITION = "first-time downloads ÷ product page views";
export const SHOWN_METRICS = ["impressions", "pageViews", "firstDownloads"] as const satisfies readonly Metric[];
export type ShownMetric = (typeof SHOWN_METRICS)[number];

export interface Totals {
  impressions: number;
  pageViews: number;
  firstDownloads: number;
  /** First-time downloads ÷ product page views, or null without page views. */
  conversion: number | null;
}

export interface DailyFigures {
  date: string;
  /** null: no row for the day (not the same as zero). */
  impressions: number | null;
  pageViews: number | null;
  firstDownloads: number | null;
  conversion: number | null;
  /** Trailing 7-day averages (the days with figures among the last seven). */
  average7: { impressions: number | null; pageViews: number | null; firstDownloads: number | null; conversion: number | null };
  /** Inside Apple's completeness window when it was processed: may still change. */
  provisional: boolean;
}

export interface Figures {
  schemaVersion: 1;
  appId?: string;
  conversionDefinition: string;
  period: { from: string; to: string; days: number };
  previousPeriod: { from: string; to: string };
  totals: Totals;
  previousTotals: Totals;
  /** Relative change against the previous period (0.1 = +10 %), null where the previous was 0 or absent. */
  change: { impressions: number | null; pageViews: number | null; firstDownloads: number | null; conversion: number | null };
  daily: DailyFigures[];
  weekly: Array<{ week: string } & Totals>;
  bySource: Array<{ source: string } & Totals>;
  topTerritories: Array<{ territory: string } & Totals>;
  changes: ListingChange[];
  /** The first provisional day of the period, if any. */
  provisionalFrom?: string;
  /** Stored instances, for the footer. */
  instances: number;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function totalsOf(values: Partial<Record<Metric, number>>): Totals {
  const impressions = values.impressions ?? 0;
  const pageViews = values.pageViews ?? 0;
  const firstDownloads = values.firstDownloads ?? 0;
  return { impressions, pageViews, firstDownloads, conversion: ratio(firstDownloads, pageViews) };
}

function sumDaily(db: AnalyticsDatabase, from: string, to: string): Totals {
  const sums: Partial<Record<Metric, number>> = {};
  for (const row of db.daily(from, to)) sums[row.metric] = (sums[row.metric] ?? 0) + row.count;
  return totalsOf(sums);
}

function grouped(rows: ReadonlyArray<{ key: string; metric: Metric; count: number }>): Map<string, Partial<Record<Metric, number>>> {
  const groups = new Map<string, Partial<Record<Metric, number>>>();
  for (const row of rows) {
    const group = groups.get(row.key) ?? {};
    group[row.metric] = (group[row.metric] ?? 0) + row.count;
    groups.set(row.key, group);
  }
  return groups;
}

const relative = (now: number | null, before: number | null) => (now === null || before === null || before === 0 ? null : now / before - 1);

/** Monday of the ISO week holding `date`. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

export interface FigureOptions {
  days: number;
  /** The period's last day; default the newest day stored. */
  to?: string;
  changes?: readonly ListingChange[];
  territories?: number;
}

export function computeFigures(db: AnalyticsDatabase, options: FigureOptions): Figures {
  const to = options.to ?? db.lastDate() ?? new Date().toISOString().slice(0, 10);
  const from = addDays(to, -(options.days - 1));
  const previousTo = addDays(from, -1);
  const previousFrom = addDays(previousTo, -(options.days - 1));
  const byDate = new Map<string, { values: Partial<Record<Metric, number>>; provisional: boolean }>();
  for (const row of db.daily(addDays(from, -6), to)) {
    const entry = byDate.get(row.date) ?? { values: {}, provisional: false };
    entry.values[row.metric] = row.count;
    entry.provisional ||= row.provisional && (row.metric === "impressions" || row.metric === "pageViews" || row.metric === "firstDownloads");
    byDate.set(row.date, entry);
  }
  const value = (date: string, metric: ShownMetric) => byDate.get(date)?.values[metric] ?? null;
  const daily: DailyFigures[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const window = Array.from({ length: 7 }, (_, index) => addDays(date, index - 6)).filter((day) => byDate.has(day));
    const mean = (metric: ShownMetric) => (window.length ? window.reduce((sum, day) => sum + (value(day, metric) ?? 0), 0) / window.length : null);
    const sums = (metric: ShownMetric) => window.reduce((sum, day) => sum + (value(day, metric) ?? 0), 0);
    const [impressions, pageViews, firstDownloads] = [value(date, "impressions"), value(date, "pageViews"), value(date, "firstDownloads")];
    daily.push({
      date,
      impressions,
      pageViews,
      firstDownloads,
      conversion: pageViews === null || firstDownloads === null ? null : ratio(firstDownloads, pageViews),
      average7: {
        impressions: mean("impressions"),
        pageViews: mean("pageViews"),
        firstDownloads: mean("firstDownloads"),
        conversion: window.length ? ratio(sums("firstDownloads"), sums("pageViews")) : null,
      },
      provisional: byDate.get(date)?.provisional ?? false,
    });
  }
  const weeks = new Map<string, Partial<Record<Metric, number>>>();
  for (const day of daily) {
    const week = weeks.get(mondayOf(day.date)) ?? {};
    for (const metric of SHOWN_METRICS) week[metric] = (week[metric] ?? 0) + (day[metric] ?? 0);
    weeks.set(mondayOf(day.date), week);
  }
  const totals = sumDaily(db, from, to);
  const previousTotals = sumDaily(db, previousFrom, previousTo);
  const bySource = [...grouped(db.totalsBy("source", from, to))].map(([source, values]) => ({ source, ...totalsOf(values) }));
  const order = ["search", "browse", "referrer", "other"];
  bySource.sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
  const topTerritories = [...grouped(db.totalsBy("territory", from, to))]
    .map(([territory, values]) => ({ territory, ...totalsOf(values) }))
    .sort((a, b) => b.firstDownloads - a.firstDownloads || a.territory.localeCompare(b.territory))
    .slice(0, options.territories ?? 10);
  const provisionalFrom = daily.find((day) => day.provisional)?.date;
  const appId = db.meta("appId");
  return {
    schemaVersion: 1,
    ...(appId ? { appId } : {}),
    conversionDefinition: CONVERSION_DEFINITION,
    period: { from, to, days: options.days },
    previousPeriod: { from: previousFrom, to: previousTo },
    totals,
    previousTotals,
    change: {
      impressions: relative(totals.impressions, previousTotals.impressions),
      pageViews: relative(totals.pageViews, previousTotals.pageViews),
      firstDownloads: relative(totals.firstDownloads, previousTotals.firstDownloads),
      conversion: relative(totals.conversion, previousTotals.conversion),
    },
    daily,
    weekly: [...weeks].map(([week, values]) => ({ week, ...totalsOf(values) })),
    bySource,
    topTerritories,
    changes: (options.changes ?? []).filter((change) => change.date >= from && change.date <= to),
    ...(provisionalFrom ? { provisionalFrom } : {}),
    instances: db.instanceCount(),
  };
}
