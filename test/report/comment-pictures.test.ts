/**
 * The PR comment's pictures as a reviewer sees them: the demo plan's comment,
 * with the URLs the action emits, rendered by a GitHub-flavoured Markdown
 * renderer with GitHub's stylesheet in a real headless browser. Requests to
 * github.com are answered with the repository's file (as GitHub answers a
 * signed-in viewer); the live thumbnails come from the sandbox's renditions.
 */
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { marked } from "marked";
import type { Browser } from "puppeteer-core";
import type { ActionEnvironment } from "../../src/github/environment.js";
import { commentPictures, fileLinker } from "../../src/github/pictures.js";
import { makePlan, type PlanResult } from "../../src/pipeline/plan.js";
import { planMarkdown } from "../../src/report/markdown/plan.js";
import { planMedia } from "../../src/report/media.js";
import { brokenImages, browserSkip, launchBrowser, openPage } from "../helpers/browser.js";
import { copyOfExample, removeFolder, ROOT } from "../helpers/cli.js";
import { docsPicture } from "../helpers/docs-pictures.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const ARTIFACTS = path.join(ROOT, "test-results");

function environmentFor(workspace: string): Pick<ActionEnvironment, "repository" | "sha" | "workspace" | "event"> & Partial<ActionEnvironment> {
  return {
    repository: { owner: "acme", repo: "fitness" },
    sha: "f".repeat(40),
    workspace,
    event: { eventName: "pull_request", payload: { pull_request: { number: 7, head: { sha: SHA } } } },
  };
}

describe("the PR comment shows screenshots as pictures", () => {
  let repo: string;
  let result: PlanResult;
  let dispose: () => Promise<void>;
  let comment: string;

  before(async () => {
    const started = await startTestSandbox();
    dispose = started.dispose;
    const { sandbox } = started;
    repo = await copyOfExample("asc-gitops-comment-");
    // As the action runs: in the checked-out repository, so that the plan names files from its root.
    process.chdir(repo);
    const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
    result = await makePlan({
      metadataDir: path.join(repo, "metadata"),
      screenshotsDir: path.join(repo, "screenshots"),
      today: "2026-11-24",
      connection: { sandbox: false, apiUrl: sandbox.url, env },
      pictures: "links",
    });
    assert.ok(result.plan, JSON.stringify(result.failure));
    const current = { environment: environmentFor(repo) as ActionEnvironment };
    const pictures = commentPictures(current, planMedia(result.plan, result.live), "the HTML report (report-html)");
    comment = planMarkdown(result.plan, { warnings: [], footer: {}, target: "comment", pictures, marker: "<!-- asc-gitops:plan metadata -->" });
  });
  after(async () => {
    process.chdir(ROOT);
    await dispose?.();
    await removeFolder(repo);
  });

  test("the plan's read asks for the renditions without one more request", () => {
    assert.equal(result.requests.GET, 6, "1 + 2 + S (2) + B (build: latest), the same as without pictures");
  });

  test("each repository file is the head commit's blob with ?raw=true, each live one Apple's rendition at a thumbnail's size", () => {
    const link = fileLinker({ environment: environmentFor(repo) as ActionEnvironment })(
      path.relative(process.cwd(), path.join(repo, "screenshots/de-DE/ipad-13/01-today.png")),
    );
    assert.deepEqual(link, {
      href: `https://github.com/acme/fitness/blob/${SHA}/screenshots/de-DE/ipad-13/01-today.png`,
      src: `https://github.com/acme/fitness/blob/${SHA}/screenshots/de-DE/ipad-13/01-today.png?raw=true`,
    });
    assert.match(comment, /<img src="http:\/\/127\.0\.0\.1:\d+\/image\/thumb\/[^"]+\/200x\d+bb\.jpg" width="100"/);
    assert.ok(comment.includes(`<a href="https://github.com/acme/fitness/blob/${SHA}/screenshots/de-DE/ipad-13/01-today.png"><img src=`));
    assert.match(comment, /\| 1 \| <img [^|]+\| <a href[^|]+\| moved from 2 \|/);
    assert.match(comment, /\| 3 \| <img [^|]+\| +\| removed \|/);
  });

  test("a file outside the workspace or a run without a commit gets no picture, only its name", () => {
    const environment = environmentFor(repo) as ActionEnvironment;
    assert.equal(fileLinker({ environment })("../elsewhere/secret.png"), undefined);
    const noCommit = { ...environment, sha: "", event: { eventName: "push", payload: {} } };
    assert.equal(fileLinker({ environment: noCommit })("screenshots/a.png"), undefined);
  });

  test("thumbnails are capped per comment, and the comment says where the rest are", () => {
    assert.ok(result.plan);
    const current = { environment: environmentFor(repo) as ActionEnvironment };
    const pictures = { ...commentPictures(current, planMedia(result.plan, result.live), "the HTML report (report-html)"), max: 2 };
    const capped = planMarkdown(result.plan, { warnings: [], footer: {}, target: "comment", pictures });
    assert.equal(capped.match(/<img /g)?.length, 2);
    assert.match(capped, /more pictures are in the HTML report \(report-html\): this comment shows 2\./);
  });

  test("rendered as GitHub renders it, every thumbnail loads and each locale folds", { skip: browserSkip() }, async () => {
    const css = await readFile(createRequire(import.meta.url).resolve("github-markdown-css/github-markdown.css"), "utf8");
    const body = await marked.parse(comment, { gfm: true });
    const browser: Browser = await launchBrowser();
    try {
      const opened = await openPage(browser, { offline: false, width: 1012, height: 900 });
      await opened.page.setRequestInterception(true);
      opened.page.on("request", (request) => {
        const url = new URL(request.url());
        const blob = new RegExp(`^/acme/fitness/blob/${SHA}/(.+)$`).exec(url.pathname);
        if (url.hostname === "github.com" && blob && url.searchParams.get("raw") === "true")
          void readFile(path.join(repo, decodeURIComponent(blob[1]!))).then((bytes) => request.respond({ status: 200, contentType: "image/png", body: bytes }));
        else if (url.hostname === "127.0.0.1" || url.protocol === "about:") void request.continue();
        else void request.abort();
      });
      await opened.page.setContent(
        `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css} body { padding: 16px; }</style></head>` +
          `<body><article class="markdown-body">${body}</article></body></html>`,
        { waitUntil: "load" },
      );
      // Folded as GitHub shows it: closed. Opened, every picture loads.
      const folds = await opened.page.$$eval("details", (items) =>
        items.map((item) => ({ open: item.open, title: item.querySelector("summary")?.textContent })),
      );
      assert.ok(folds.length >= 3 && folds.every((fold) => !fold.open), JSON.stringify(folds));
      await opened.page.$$eval("details", (items) => items.forEach((item) => item.setAttribute("open", "")));
      await opened.page.waitForNetworkIdle({ idleTime: 200 });
      const images = await opened.page.$$eval("details img", (items) => items.length);
      assert.ok(images >= 6, `thumbnails in the folds: ${images}`);
      assert.deepEqual(await brokenImages(opened.page), []);
      const marks = await opened.page.$$eval("td:last-child", (cells) => cells.map((cell) => cell.textContent?.trim()));
      for (const mark of ["new", "removed", "moved from 2"]) assert.ok(marks.includes(mark), `${mark} in ${marks.join(", ")}`);
      await mkdir(ARTIFACTS, { recursive: true });
      const picture = path.join(ARTIFACTS, "pr-comment.png");
      await opened.page.screenshot({ path: picture, fullPage: true });
      console.log(`the comment's screenshot: ${picture}`);
      await docsPicture(opened.page, "details:nth-of-type(5)", "pr-comment.png");
      await opened.close();
    } finally {
      await browser.close();
    }
  });
});
