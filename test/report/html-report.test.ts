/**
 * The HTML plan report as a reviewer opens it: the demo plan made by the real
 * CLI against the embedded sandbox, opened offline in a real headless browser.
 */
import assert from "node:assert/strict";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import type { Browser } from "puppeteer-core";
import { brokenImages, browserSkip, launchBrowser, openPage } from "../helpers/browser.js";
import { copyOfExample, removeFolder, ROOT, run } from "../helpers/cli.js";
import { docsPicture } from "../helpers/docs-pictures.js";

/** Where the page's picture goes: git-ignored, kept after the run for a person to look at. */
export const ARTIFACTS = path.join(ROOT, "test-results");

const INJECTED = '<script>window.__injected = true; console.error("the injected script ran")</script>';

describe("the HTML plan report, opened in a headless browser", { skip: browserSkip() }, () => {
  let work: string;
  let browser: Browser;
  let report: string;

  before(async () => {
    work = await copyOfExample("asc-gitops-html-");
    // A description that holds markup, and a screenshot folder of a locale with no metadata (blocked).
    const english = path.join(work, "metadata", "en-US.yml");
    const text = await readFile(english, "utf8");
    await writeFile(english, text.replace("Your plan shifts, it never shames.", `Your plan shifts, it never shames. ${INJECTED}`));
    await mkdir(path.join(work, "screenshots", "fr-FR", "iphone-6.9"), { recursive: true });
    await copyFile(
      path.join(work, "screenshots", "en-US", "iphone-6.9", "01-today.png"),
      path.join(work, "screenshots", "fr-FR", "iphone-6.9", "01-today.png"),
    );
    const result = await run(["plan", "--sandbox", "--today", "2026-11-24", "--html", "report.html"], work);
    assert.equal(result.code, 0, result.stderr);
    // The live pictures' URLs ride on the reads the plan makes anyway: 1 + 2 + S (2) + B (build: latest).
    assert.match(result.stdout, /Read live state with 6 GET in \d+ ms/);
    report = path.join(work, "report.html");
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await removeFolder(work);
  });

  test("every picture loads offline, the description diff and the blocked change are there, and the injected script shows as text", async () => {
    const opened = await openPage(browser, { offline: true });
    try {
      await opened.page.goto(pathToFileURL(report).href, { waitUntil: "load" });
      const images = await opened.page.$$eval("img", (items) => items.length);
      assert.ok(images >= 4, `the pictures are embedded (${images})`);
      assert.deepEqual(await brokenImages(opened.page), []);

      const blocked = await opened.page.$eval("#blocked", (element) => element.textContent ?? "");
      assert.match(blocked, /fr-FR: create the iphone-6\.9 set/);
      const added = await opened.page.$$eval("#locale-en-US pre.diff .add", (lines) => lines.map((line) => line.textContent));
      assert.ok(
        added.some((line) => line?.startsWith("+• 400+ guided sessions")),
        added.join("\n"),
      );
      const marks = await opened.page.$$eval(".mark", (items) => items.map((item) => item.textContent));
      assert.ok(marks.includes("new") && marks.includes("removed") && marks.some((mark) => mark?.startsWith("moved from")), marks.join(", "));

      assert.equal(await opened.page.evaluate(() => (globalThis as { __injected?: boolean }).__injected), undefined);
      assert.deepEqual(opened.errors, []);
      assert.equal(await opened.page.$$eval("body script", (scripts) => scripts.length), 0);
      const body = await opened.page.$eval("body", (element) => element.textContent ?? "");
      assert.ok(body.includes(INJECTED), "the description's markup is shown as text");

      await mkdir(ARTIFACTS, { recursive: true });
      const picture = path.join(ARTIFACTS, "html-report.png");
      await opened.page.screenshot({ path: picture, fullPage: true });
      console.log(`the report's screenshot: ${picture}`);
    } finally {
      await opened.close();
    }
  });

  test("on a phone the page fits the screen: nothing is wider than the viewport", async () => {
    const opened = await openPage(browser, { offline: true, width: 390, height: 844 });
    try {
      await opened.page.goto(pathToFileURL(report).href, { waitUntil: "load" });
      const width = await opened.page.$eval("html", (element) => element.scrollWidth);
      assert.ok(width <= 390, `the page is ${width} pixels wide`);
      assert.deepEqual(await brokenImages(opened.page), []);
      await docsPicture(opened.page, "#locale-en-US", "html-report.png");
    } finally {
      await opened.close();
    }
  });

  test("apply --html writes the plan applied with its outcome, the live pictures as they were before apply", async () => {
    const result = await run(["apply", "--sandbox", "--today", "2026-11-24", "--html", "applied.html"], work);
    assert.equal(result.code, 1, "the blocked fr-FR set fails the apply");
    const opened = await openPage(browser, { offline: true });
    try {
      await opened.page.goto(pathToFileURL(path.join(work, "applied.html")).href, { waitUntil: "load" });
      assert.match(await opened.page.title(), /^asc-gitops apply · Acme Fitness$/);
      const outcome = await opened.page.$eval(".box", (element) => element.textContent ?? "");
      assert.match(outcome, /applied \d+ of \d+ changes/);
      assert.ok(await opened.page.$("#blocked"));
      const removed = await opened.page.$$eval(".mark-removed", (marks) =>
        marks.map((mark) => mark.closest(".pair")?.querySelector("img")?.getAttribute("alt")),
      );
      assert.deepEqual(removed, ["live: 03-share.png"], "the screenshot apply deleted is shown as it was");
      assert.deepEqual(await brokenImages(opened.page), []);
    } finally {
      await opened.close();
    }
  });
});
