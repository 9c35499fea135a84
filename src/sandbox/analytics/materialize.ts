/**
 * Brings a store's analytics up to the sandbox's clock, as App Store Connect
 * would have by then: each request lists its reports at once; the first
 * instance comes 24 to 48 hours after the request (fixed per request) and
 * backfills 60 days; then one daily instance a day (restating the days of
 * the report's completeness window) and one weekly instance each Friday
 * (the week before last Monday to Sunday); instances older than 35 days are
 * gone (their reads answer 404). A request stopped for inactivity makes no
 * new instances. Each instance has 2 or 3 segments.
 */
import { randomBytes } from "node:crypto";
import { REPORTS, reportByName } from "../../analytics/catalogue.js";
import { addDays } from "../../util/utc-dates.js";
import type { AnalyticsReportInstanceRecord, AnalyticsReportRecord, AnalyticsReportRequestRecord } from "../store/records.js";
import type { Store } from "../store/store.js";
import { dailyRows, DEMO_TERRITORY_COUNT, segmentFiles, shuffledColumns, TERRITORIES, unit, weeklyRows, type AppFacts } from "./generate.js";

export const RETENTION_DAYS = 35;
export const BACKFILL_DAYS = 60;
const HOUR = 3_600_000;

/** Reports every request lists besides the three the dashboard reads (a request lists many; tools filter by name). */
const OTHER_REPORTS = [
  { name: "App Sessions Standard", category: "APP_USAGE" },
  { name: "App Store Web Preview Standard", category: "APP_STORE_ENGAGEMENT" },
  { name: "App Crashes", category: "PERFORMANCE" },
  { name: "Framework Usage", category: "FRAMEWORK_USAGE" },
] as const;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** When a request's first instance is ready: 24 to 48 hours after it was made. */
export const firstInstanceAt = (request: AnalyticsReportRequestRecord) => request.createdAt + Math.round((24 + 24 * unit(`delay|${request.id}`)) * HOUR);

function deleteInstance(store: Store, id: string): void {
  for (const segment of store.tables.analyticsReportSegments.where((candidate) => candidate.instanceId === id))
    store.tables.analyticsReportSegments.delete(segment.id);
  store.tables.analyticsReportInstances.delete(id);
}

export function deleteRequest(store: Store, id: string): void {
  for (const report of store.tables.analyticsReports.where((candidate) => candidate.requestId === id)) {
    for (const instance of store.tables.analyticsReportInstances.where((candidate) => candidate.reportId === report.id)) deleteInstance(store, instance.id);
    store.tables.analyticsReports.delete(report.id);
  }
  store.tables.analyticsReportRequests.delete(id);
}

function addInstance(store: Store, report: AnalyticsReportRecord, granularity: "DAILY" | "WEEKLY", processingDate: string): void {
  const id = store.newId();
  store.tables.analyticsReportInstances.insert({ id, reportId: report.id, granularity, processingDate });
  const parts = 2 + Math.floor(unit(`parts|${id}`) * 2);
  for (let part = 0; part < parts; part++)
    store.tables.analyticsReportSegments.insert({ id: store.newId(), instanceId: id, part, parts, key: randomBytes(12).toString("hex") });
}

/** Makes what the clock says exists and removes what has expired; answers whether anything changed. */
export function materializeAnalytics(store: Store, now: number): boolean {
  const { tables } = store;
  let changed = false;
  const oldest = addDays(day(now), -RETENTION_DAYS);
  for (const instance of tables.analyticsReportInstances.where((candidate) => candidate.processingDate < oldest)) {
    deleteInstance(store, instance.id);
    changed = true;
  }
  for (const request of tables.analyticsReportRequests.all()) {
    let reports = tables.analyticsReports.where((report) => report.requestId === request.id);
    if (reports.length === 0) {
      for (const { name, category } of [...REPORTS, ...OTHER_REPORTS])
        tables.analyticsReports.insert({ id: store.newId(), requestId: request.id, name, category });
      reports = tables.analyticsReports.where((report) => report.requestId === request.id);
      changed = true;
    }
    const firstAt = firstInstanceAt(request);
    if (request.stoppedDueToInactivity || now < firstAt || request.accessType !== "ONGOING") continue;
    for (const report of reports.filter((candidate) => reportByName(candidate.name))) {
      const have = new Set(
        tables.analyticsReportInstances.where((instance) => instance.reportId === report.id).map((i) => `${i.granularity}|${i.processingDate}`),
      );
      for (let date = day(firstAt) < oldest ? oldest : day(firstAt); date <= day(now); date = addDays(date, 1)) {
        if (!have.has(`DAILY|${date}`)) {
          addInstance(store, report, "DAILY", date);
          changed = true;
        }
        if (new Date(`${date}T00:00:00Z`).getUTCDay() === 5 && !have.has(`WEEKLY|${date}`)) {
          addInstance(store, report, "WEEKLY", date);
          changed = true;
        }
      }
    }
  }
  return changed;
}

/** The app facts a request's files speak of. */
export function appFactsOf(store: Store, request: AnalyticsReportRequestRecord, territories = DEMO_TERRITORY_COUNT): AppFacts {
  const app = store.tables.apps.get(request.appId);
  return { appId: request.appId, appName: app?.name ?? "", territories: TERRITORIES.slice(0, territories) };
}

/** The dates a daily instance holds: the backfill for a request's first, else the report's completeness window. */
export function instanceDates(request: AnalyticsReportRequestRecord, completenessDays: number, processingDate: string): string[] {
  const first = processingDate === day(firstInstanceAt(request));
  const count = first ? BACKFILL_DAYS : completenessDays;
  return Array.from({ length: count }, (_, index) => addDays(processingDate, index - count));
}

/** Recently made files (listing segments answers their checksum and size, then the client downloads them). */
const recent = new Map<string, Buffer>();

/** The bytes of one segment, made again when not recently made (the same bytes every time). */
export function segmentBytes(store: Store, segmentId: string): Buffer | undefined {
  const cached = recent.get(segmentId);
  if (cached && store.tables.analyticsReportSegments.get(segmentId)) return cached;
  const files = makeSegments(store, segmentId);
  if (!files) return undefined;
  for (const [id, bytes] of files) recent.set(id, bytes);
  while (recent.size > 64) recent.delete(recent.keys().next().value!);
  return files.get(segmentId);
}

/** Every segment of the segment's instance, by id: the rows are made once for all of them. */
function makeSegments(store: Store, segmentId: string): Map<string, Buffer> | undefined {
  const segment = store.tables.analyticsReportSegments.get(segmentId);
  const instance: AnalyticsReportInstanceRecord | undefined = segment && store.tables.analyticsReportInstances.get(segment.instanceId);
  const report = instance && store.tables.analyticsReports.get(instance.reportId);
  const request = report && store.tables.analyticsReportRequests.get(report.requestId);
  const definition = report && reportByName(report.name);
  if (!segment || !instance || !request || !definition) return undefined;
  const app = appFactsOf(store, request);
  const rows =
    instance.granularity === "WEEKLY"
      ? weeklyRows(definition, app, addDays(instance.processingDate, -11))
      : dailyRows(definition, app, instanceDates(request, definition.completenessDays, instance.processingDate), instance.processingDate);
  const files = segmentFiles(rows, shuffledColumns(definition.columns, instance.id), segment.parts);
  const segments = store.tables.analyticsReportSegments.where((candidate) => candidate.instanceId === instance.id);
  return new Map(segments.map((candidate) => [candidate.id, files[candidate.part]!]));
}
