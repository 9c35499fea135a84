/**
 * The analytics part of `npm run bench`, in a process of its own so that its
 * peak memory is its own: 90 days of the three reports for 40 territories,
 * made by the sandbox's generator as gzip TSV (one daily file per report and
 * day, each restating the report's completeness window, so every day arrives
 * several times), read by column name, ingested, then the figures and the
 * HTML dashboard made. Prints ONE JSON line.
 */
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPORTS } from "../src/analytics/catalogue.js";
import { AnalyticsDatabase } from "../src/analytics/database.js";
import { computeFigures } from "../src/analytics/figures.js";
import { renderDashboardHtml } from "../src/analytics/render/html.js";
import { readSegment } from "../src/analytics/tsv.js";
import { dailyRows, segmentFiles, shuffledColumns, TERRITORIES } from "../src/sandbox/analytics/generate.js";
import { addDays } from "../src/util/utc-dates.js";

const DAYS = 90;
const LAST = "2026-11-30";
const app = { appId: "6400000001", appName: "Bench App", territories: TERRITORIES.slice(0, 40) };
const file = path.join(tmpdir(), `asc-gitops-bench-${process.pid}.sqlite`);

let generateMs = 0;
let bytes = 0;
let rows = 0;
let instances = 0;
const started = performance.now();
const db = await AnalyticsDatabase.open(file);
for (let offset = DAYS - 1; offset >= 0; offset--) {
  const processingDate = addDays(LAST, -offset + 1);
  for (const report of REPORTS) {
    const dates = Array.from({ length: report.completenessDays }, (_, index) => addDays(processingDate, index - report.completenessDays)).filter(
      (date) => date >= addDays(LAST, -(DAYS - 1)),
    );
    const generated = performance.now();
    const id = `${report.key}-${processingDate}`;
    const files = segmentFiles(dailyRows(report, app, dates, processingDate), shuffledColumns(report.columns, id), 2);
    generateMs += performance.now() - generated;
    const read = files.flatMap((segment, index) => {
      bytes += segment.length;
      return readSegment(segment, report, `segment ${index + 1}`);
    });
    rows += read.length;
    db.ingest({ id, report, granularity: "DAILY", processingDate }, read);
    instances++;
  }
}
await db.save();
const ingestMs = performance.now() - started - generateMs;
const rendered = performance.now();
const figures = computeFigures(db, { days: 28 });
const html = renderDashboardHtml(figures, "Bench App: App Store analytics");
const renderMs = performance.now() - rendered;
db.close();
await rm(file, { force: true });
process.stdout.write(
  `${JSON.stringify({
    workload: { days: DAYS, reports: REPORTS.length, territories: app.territories.length, instances, rows, gzipBytes: bytes },
    ingestMs: Math.round(ingestMs),
    generateMs: Math.round(generateMs),
    renderMs: Math.round(renderMs),
    htmlBytes: html.length,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
