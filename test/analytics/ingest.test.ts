/**
 * Reports into the database: a later instance supersedes what an earlier one
 * said of a date, so re-running, restated dates and overlapping instances
 * never count a day twice; days inside Apple's completeness window are
 * provisional; files are read by column name.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { reportByKey } from "../../src/analytics/catalogue.js";
import { AnalyticsDatabase } from "../../src/analytics/database.js";
import { fetchAnalytics } from "../../src/analytics/fetch.js";
import { readSegment } from "../../src/analytics/tsv.js";
import { finalCounts, TERRITORIES } from "../../src/sandbox/analytics/generate.js";
import { analyticsSandbox, DAY, type AnalyticsSandbox } from "./helpers.js";

const SOURCES = ["App Store search", "App Store browse", "App referrer", "Web referrer"];
const DEVICES = ["iPhone", "iPad"];

/** What App Store Connect settles on for a day: the sum of the sandbox's final figures over every cell. */
function finalDay(appId: string, date: string) {
  let firstDownloads = 0;
  let pageViews = 0;
  for (const territory of TERRITORIES.slice(0, 10))
    for (const source of SOURCES)
      for (const device of DEVICES) {
        const counts = finalCounts(appId, { date, territory, source, device });
        firstDownloads += counts.firstDownloads;
        pageViews += counts.productPageViews;
      }
  return { firstDownloads, pageViews };
}

describe("analytics reports into the database", () => {
  let run: AnalyticsSandbox;
  before(async () => {
    run = await analyticsSandbox();
  });
  after(() => run.dispose());

  test("the seeded request is reused, every instance stored once, and a day counts its final figure once", async () => {
    const db = await AnalyticsDatabase.open(run.dbFile);
    const first = await fetchAnalytics(run.client, run.appId, db);
    assert.equal(first.createdRequest, false, "the active ONGOING request is reused");
    assert.ok(first.instancesStored >= 27, `${first.instancesStored} instances`);
    assert.ok(first.segments >= first.instancesStored * 2, "every segment of every instance was read");
    await db.save();

    const day = "2026-11-10";
    const stored = db.daily(day, day);
    const truth = finalDay(run.appId, day);
    assert.equal(stored.find((row) => row.metric === "firstDownloads")?.count, truth.firstDownloads);
    assert.equal(stored.find((row) => row.metric === "pageViews")?.count, truth.pageViews, "developer-page views are not product page views");

    // A run the next day: new instances only, restating the last days; the same day still counts once.
    run.advance(DAY);
    const again = await AnalyticsDatabase.open(run.dbFile);
    const second = await fetchAnalytics(run.client, run.appId, again);
    assert.equal(second.instancesStored, 3 + (new Date(run.now()).getUTCDay() === 5 ? 3 : 0), "one new daily instance per report");
    assert.equal(second.instancesAlreadyStored, first.instancesStored);
    assert.equal(again.daily(day, day).find((row) => row.metric === "firstDownloads")?.count, truth.firstDownloads);
    const yesterday = new Date(run.now() - DAY).toISOString().slice(0, 10);
    const latest = again.daily(yesterday, yesterday);
    assert.ok(latest.length > 0 && latest.every((row) => row.provisional), "yesterday is inside the completeness window");
    assert.ok(again.daily(day, day).every((row) => !row.provisional));
  });

  test("an earlier instance arriving after a later one changes nothing, and the same instance twice counts once", async () => {
    const db = await AnalyticsDatabase.open(":memory-test:");
    const report = reportByKey("downloads");
    const row = (date: string, count: number) => ({
      Date: date,
      "Download Type": "First-time download",
      "Source Type": "App Store search",
      Territory: "US",
      Counts: String(count),
    });
    db.ingest({ id: "late", report, granularity: "DAILY", processingDate: "2026-11-12" }, [row("2026-11-10", 100), row("2026-11-11", 40)]);
    db.ingest({ id: "early", report, granularity: "DAILY", processingDate: "2026-11-11" }, [row("2026-11-10", 90)]);
    db.ingest({ id: "late", report, granularity: "DAILY", processingDate: "2026-11-12" }, [row("2026-11-10", 100), row("2026-11-11", 40)]);
    assert.deepEqual(
      db.daily("2026-11-10", "2026-11-11").map(({ date, count, provisional }) => ({ date, count, provisional })),
      [
        { date: "2026-11-10", count: 100, provisional: false },
        { date: "2026-11-11", count: 40, provisional: true },
      ],
    );
  });

  test("columns are found by name in any order; a missing one is an error naming the report and the column", () => {
    const report = reportByKey("downloads");
    const file = gzipSync("Territory\tCounts\tExtra\tSource Type\tDownload Type\tDate\nUS\t7\tx\tApp Store search\tFirst-time download\t2026-11-01\n");
    assert.deepEqual(readSegment(file, report, "segment 1"), [
      { Date: "2026-11-01", "Download Type": "First-time download", "Source Type": "App Store search", Territory: "US", Counts: "7" },
    ]);
    assert.throws(() => readSegment(gzipSync("Date\tCounts\n"), report, "segment 2"), /segment 2 of "App Downloads Standard" has no "Download Type" column/);
  });
});
