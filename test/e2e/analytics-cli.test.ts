/**
 * `asc-gitops analytics` as a user runs it, against a sandbox process over
 * HTTP: the reports fetched into the database file, the figures printed as
 * JSON, the dashboard written; a second run stores nothing new and counts
 * nothing twice; the listing change in the repository's git history is marked
 * on every chart; the page draws its charts in a real browser, offline, with
 * no console error (a screenshot is kept in .test-artifacts/).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, rm, writeFile, appendFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { browserSkip, launchBrowser, openPage } from "../helpers/browser.js";
import { copyOfExample, removeFolder, ROOT, run, startSandboxProcess, type SandboxProcess } from "../helpers/cli.js";

const git = promisify(execFile);
const DAY = 86_400_000;

describe("asc-gitops analytics against a sandbox", () => {
  let work: string;
  let sandbox: SandboxProcess;
  let changeDate: string;
  const cli = (args: string[]) => run(["analytics", ...args, "--api-url", sandbox.ready.url], work, sandbox.env);

  before(async () => {
    work = await copyOfExample("asc-gitops-analytics-");
    await rm(path.join(work, ".git"), { recursive: true });
    const env = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
    const at = (ms: number) => ({ ...env, GIT_AUTHOR_DATE: new Date(ms).toISOString(), GIT_COMMITTER_DATE: new Date(ms).toISOString() });
    await git("git", ["init", "-q"], { cwd: work });
    await git("git", ["add", "."], { cwd: work, env: at(Date.now() - 90 * DAY) });
    await git("git", ["commit", "-qm", "The listing as it was"], { cwd: work, env: at(Date.now() - 90 * DAY) });
    const changed = Date.now() - 12 * DAY;
    changeDate = new Date(changed).toISOString().slice(0, 10);
    await appendFile(path.join(work, "metadata", "en-US.yml"), "# <b>new</b> keywords\n");
    await git("git", ["commit", "-qam", "New keywords <script>alert(1)</script>"], { cwd: work, env: at(changed) });
    sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"));
  });
  after(async () => {
    await sandbox?.stop();
    await removeFolder(work);
  });

  test("the figures come as JSON, the dashboard is written, and a second run counts nothing twice", async () => {
    const first = await cli(["--json", "--out", "site", "--db", "data/analytics.sqlite"]);
    assert.equal(first.code, 0, first.stderr);
    const figures = JSON.parse(first.stdout);
    assert.equal(figures.period.days, 28);
    assert.equal(figures.conversionDefinition, "first-time downloads ÷ product page views");
    assert.ok(figures.totals.firstDownloads > 0 && figures.totals.pageViews > figures.totals.firstDownloads);
    assert.ok(Math.abs(figures.totals.conversion - figures.totals.firstDownloads / figures.totals.pageViews) < 1e-9);
    assert.ok(figures.previousTotals.impressions > 0, "the previous period is there too");
    assert.deepEqual(
      figures.bySource.map((item: { source: string }) => item.source),
      ["search", "browse", "referrer"],
    );
    assert.equal(figures.topTerritories[0].territory, "US");
    assert.equal(figures.daily.length, 28);
    assert.ok(figures.provisionalFrom, "the last days are provisional");
    const change = figures.changes.find((item: { date: string }) => item.date === changeDate);
    assert.ok(change, `the change of ${changeDate} is listed: ${JSON.stringify(figures.changes)}`);
    assert.equal(change.what, "metadata: en-US");
    assert.ok(figures.fetch.instancesStored > 0);

    const second = await cli(["--json", "--db", "data/analytics.sqlite"]);
    assert.equal(second.code, 0, second.stderr);
    const again = JSON.parse(second.stdout);
    assert.equal(again.fetch.instancesStored, 0, "nothing new to store");
    assert.deepEqual(again.totals, figures.totals, "the same figures: nothing counted twice");

    const text = await cli(["--db", "data/analytics.sqlite", "--days", "7"]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /\(7 days\) against/);
    assert.match(text.stdout, /\| This period \| [\d,]+ \| [\d,]+ \| [\d,]+ \| [\d.]+ % \|/);
  });

  test("a bad --days and a database file that is not one are clear errors, with no stack trace", async () => {
    const days = await cli(["--days", "many"]);
    assert.equal(days.code, 1);
    assert.match(days.stderr, /--days must be a whole number from 1 to 180, not "many"/);
    await mkdir(path.join(work, "bad"), { recursive: true });
    await writeFile(path.join(work, "bad", "db.sqlite"), "not a database at all, just text that is long enough to be read as a header.");
    const bad = await cli(["--db", "bad/db.sqlite"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad\/db\.sqlite is not an asc-gitops analytics database/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
  });

  test("the dashboard draws every chart offline, marks the listing change on each, escapes the commit text, logs no error", {
    skip: browserSkip(),
  }, async () => {
    const browser = await launchBrowser();
    try {
      const opened = await openPage(browser, { offline: true, width: 1100, height: 1400 });
      await opened.page.goto(pathToFileURL(path.join(work, "site", "index.html")).href, { waitUntil: "load" });
      const charts = await opened.page.$$eval("svg.chart", (svgs) =>
        svgs.map((svg) => ({
          points: (svg.querySelector("path.daily")?.getAttribute("d")?.match(/[ML]/g) ?? []).length,
          average: svg.querySelector("path.average") !== null,
          markers: svg.querySelectorAll("g.marker").length,
          width: svg.getBoundingClientRect().width,
        })),
      );
      assert.equal(charts.length, 4, "impressions, product page views, first-time downloads, conversion");
      for (const chart of charts) {
        assert.ok(chart.points >= 20, `a line through the days: ${chart.points} points`);
        assert.ok(chart.average && chart.markers >= 1 && chart.width > 300);
      }
      assert.equal(await opened.page.$$eval("script", (scripts) => scripts.length), 0, "the commit's <script> is text, not a script");
      assert.match(await opened.page.$eval("ol.changes", (list) => list.textContent ?? ""), /New keywords <script>alert\(1\)<\/script>/);
      assert.deepEqual(opened.errors, []);
      const artifacts = path.join(ROOT, ".test-artifacts");
      await mkdir(artifacts, { recursive: true });
      await opened.page.screenshot({ path: path.join(artifacts, "analytics-dashboard.png"), fullPage: false });
      await opened.close();
    } finally {
      await browser.close();
    }
  });
});
