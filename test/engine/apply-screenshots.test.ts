/**
 * Screenshot apply as App Store Connect really behaves, against the sandbox
 * and its knobs: a full set with the upload host down, checksums published
 * late, uploads that never finish processing, and second copies of a file.
 */
import assert from "node:assert/strict";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { AscApiError } from "../../src/asc/errors.js";
import type { ApplyClient } from "../../src/engine/apply/run.js";
import { diff } from "../../src/engine/diff.js";
import type { LiveScreenshotSet, LiveState } from "../../src/engine/live-state.js";
import { renderText } from "../../src/engine/render/text.js";
import { applyOnce, clientFor, exampleDesired, readLive, ROOT, TODAY } from "../helpers/apply-harness.js";
import { copyOfExample, removeFolder } from "../helpers/cli.js";
import { IPHONE_69, makeImage } from "../helpers/fixture-repo.js";
import { assertConverged } from "../helpers/states.js";
import { apiClient, startTestSandbox, tempFolder, uploadScreenshot, waitForProcessing, type TestSandbox } from "../sandbox/helpers/sandbox.js";

const setOf = (live: LiveState, locale: string, displayType = "APP_IPHONE_67"): LiveScreenshotSet =>
  live.screenshotSets.find((set) => set.locale === locale && set.displayType === displayType)!;

/** Ten screenshots in the locale's iphone-6.9 folder, drawn in `shade`, `shade + 1`, …. */
async function drawTen(repo: string, locale: string, shade: number): Promise<void> {
  const folder = path.join(repo, "screenshots", locale, "iphone-6.9");
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < 10; i++) await writeFile(path.join(folder, `${String(i).padStart(2, "0")}.png`), await makeImage({ ...IPHONE_69, shade: shade + i }));
}

describe("full sets with the upload host out of reach", () => {
  test("two full sets of 10, all replaced: one screenshot in all goes to make room, and no more; a re-run with the host back converges", async () => {
    const home = await tempFolder();
    const repo = await copyOfExample("asc-gitops-full-");
    let run: TestSandbox = await startTestSandbox({}, home);
    try {
      for (const [index, locale] of ["en-US", "de-DE"].entries()) await drawTen(repo, locale, 10 * index);
      const first = await applyOnce(await clientFor(run.sandbox), await exampleDesired(repo));
      assert.equal(first.report.success, true, first.progress.join("\n"));

      for (const [index, locale] of ["en-US", "de-DE"].entries()) await drawTen(repo, locale, 50 + 10 * index);
      const desired = await exampleDesired(repo);
      const before = await readLive(await clientFor(run.sandbox), desired);
      const old = new Set(["en-US", "de-DE"].flatMap((locale) => setOf(before, locale).screenshots.map((shot) => shot.checksum)));
      await run.sandbox.close();
      run = await startTestSandbox({ uploadFailRate: 1 }, home);
      const client = await clientFor(run.sandbox);
      const { report, progress } = await applyOnce(client, desired);

      assert.equal(report.success, false);
      const after = await readLive(client, desired);
      const left = ["en-US", "de-DE"].map((locale) => setOf(after, locale).screenshots);
      assert.deepEqual(left.map((shots) => shots.length).sort(), [10, 9], progress.join("\n"));
      assert.ok(
        left.flat().every((shot) => shot.state === "COMPLETE" && old.has(shot.checksum)),
        "what is left is the live screenshots, untouched",
      );
      // The set that lost one tried each upload (each had room after the first); the other never deleted one to make room.
      const uploads = report.steps.filter((step) => step.kind === "screenshot-upload");
      assert.deepEqual(uploads.map((step) => step.status).sort(), [...Array(10).fill("failed"), ...Array(10).fill("skipped")]);
      for (const step of uploads.filter((item) => item.status === "skipped")) {
        assert.equal(
          step.error?.message,
          "not uploaded: the set holds 10 screenshots and an upload of this run failed, so none is deleted to make room for it; run apply again",
        );
      }
      const lostLine = new RegExp(
        /^✗ (en-US|de-DE) iphone-6\.9: 09\.png was deleted to make room for 00\.png, whose upload failed: /.source +
          /the set shows one screenshot fewer until apply runs again$/.source,
      );
      const lost = progress.filter((line) => lostLine.test(line));
      assert.equal(lost.length, 1, progress.join("\n"));

      await run.sandbox.close();
      run = await startTestSandbox({}, home);
      const back = await clientFor(run.sandbox);
      const rerun = await applyOnce(back, desired);
      assert.equal(rerun.report.success, true, rerun.progress.join("\n"));
      assertConverged(desired, await readLive(back, desired), { strict: true });
    } finally {
      await run.dispose();
      await removeFolder(home);
      await removeFolder(repo);
    }
  });
});

describe("ordering a set", () => {
  test("the reorder names every screenshot of the set, a leftover reservation that could not be removed too", async () => {
    const { sandbox, api, dispose } = await startTestSandbox();
    const repo = await copyOfExample("asc-gitops-order-");
    try {
      const client = await clientFor(sandbox);
      assert.equal((await applyOnce(client, await exampleDesired(repo))).report.success, true);
      const folder = path.join(repo, "screenshots", "en-US", "iphone-6.9");
      await rename(path.join(folder, "01-today.png"), path.join(folder, "04-today.png"));
      const desired = await exampleDesired(repo);
      const setId = setOf(await readLive(client, desired), "en-US").id;
      // An earlier run was killed after reserving; removing its reservation fails this time.
      const leftover = await api.post("/v1/appScreenshots", {
        data: {
          type: "appScreenshots",
          attributes: { fileName: "05-left.png", fileSize: 1234 },
          relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: setId } } },
        },
      });
      const leftoverId: string = leftover.body.data.id;
      const refusing = (inner: typeof client): ApplyClient => ({
        get: inner.get.bind(inner),
        getAll: inner.getAll.bind(inner),
        post: inner.post.bind(inner),
        patch: inner.patch.bind(inner),
        upload: inner.upload.bind(inner),
        delete: async (requestPath: string) => {
          if (requestPath === `/v1/appScreenshots/${leftoverId}`)
            throw new AscApiError({ method: "DELETE", path: requestPath }, 500, "Internal Server Error", "");
          return inner.delete(requestPath);
        },
      });
      const { report, progress } = await applyOnce(client, desired, refusing);
      const reorder = report.steps.find((step) => step.kind === "screenshot-reorder" && step.locale === "en-US");
      assert.equal(reorder?.status, "done", progress.join("\n"));
      const order = (await api.get(`/v1/appScreenshotSets/${setId}/relationships/appScreenshots`)).body.data.map((item: { id: string }) => item.id);
      assert.equal(order.at(-1), leftoverId, "the leftover reservation is listed, after the repository's files");
      const live = setOf(await readLive(client, desired), "en-US");
      assert.deepEqual(
        live.screenshots.slice(0, 3).map((shot) => shot.fileName),
        ["02-plan.png", "03-progress.png", "01-today.png"],
      );
    } finally {
      await dispose();
      await removeFolder(repo);
    }
  });
});

describe("checksums published late", () => {
  test(
    "a screenshot App Store Connect marks COMPLETE before its checksum converges for the apply that committed it; " +
      "a later apply counts it pending and uploads nothing",
    async () => {
      const { sandbox, dispose } = await startTestSandbox({ checksumDelayMs: 10 * 60_000 });
      try {
        const client = await clientFor(sandbox);
        const desired = await exampleDesired();
        const first = await applyOnce(client, desired);
        assert.equal(first.report.success, true, first.progress.join("\n"));
        assert.equal(first.report.verification?.stillProcessing, 0);
        const late = (await readLive(client, desired)).screenshotSets
          .flatMap((set) => set.screenshots)
          .filter((shot) => shot.state === "COMPLETE" && shot.checksum === null);
        assert.ok(late.length > 0, "the checksums of this run's uploads are not published yet");

        const second = await applyOnce(client, desired, undefined, TODAY, { processingTimeoutMs: 300 });
        assert.equal(second.writes, 0, second.progress.join("\n"));
        assert.equal(second.report.verification?.converged, false);
        assert.equal(second.report.verification?.stillProcessing, late.length);
      } finally {
        await dispose();
      }
    },
  );
});

describe("uploads that never finish processing", () => {
  const stuckLine = new RegExp(
    /^(en|de)-(US|DE) (iphone-6\.9|ipad-13): \S+ is still UPLOAD_COMPLETE after 1 second of waiting; /.source +
      /App Store Connect seems never to finish it, so it is uploaded again$/.source,
  );

  test("a screenshot this apply uploaded that stays UPLOAD_COMPLETE through the wait is uploaded again, and the apply converges", async () => {
    const { sandbox, dispose } = await startTestSandbox({ stuckUploads: 1 });
    try {
      const client = await clientFor(sandbox);
      const desired = await exampleDesired();
      const { report, progress } = await applyOnce(client, desired, undefined, TODAY, { processingTimeoutMs: 1000 });
      assert.equal(report.success, true, progress.join("\n"));
      assert.equal(progress.filter((line) => stuckLine.test(line)).length, 1, progress.join("\n"));
      assertConverged(desired, await readLive(client, desired), { strict: true });
    } finally {
      await dispose();
    }
  });

  test("one an earlier run left stuck, which the plan counts pending, is uploaded again past the wait, and the set is put in order", async () => {
    const home = await tempFolder();
    let run: TestSandbox = await startTestSandbox({}, home);
    try {
      const desired = await exampleDesired();
      assert.equal((await applyOnce(await clientFor(run.sandbox), desired)).report.success, true);
      const set = setOf(await readLive(await clientFor(run.sandbox), desired), "en-US");
      const first = set.screenshots[0]!;
      assert.equal(first.fileName, "01-today.png");
      // An earlier upload of 01-today.png that never finished processing (say, another tool's).
      await run.sandbox.close();
      run = await startTestSandbox({ stuckUploads: 1 }, home);
      assert.equal((await run.api.delete(`/v1/appScreenshots/${first.id}`)).status, 204);
      const bytes = await readFile(path.join(ROOT, "screenshots", "en-US", "iphone-6.9", "01-today.png"));
      const stuck = await uploadScreenshot(run.api, set.id, "01-today.png", bytes);
      assert.equal(stuck.commit.status, 200);

      const client = await clientFor(run.sandbox);
      const plan = diff(desired, await readLive(client, desired), { today: TODAY });
      assert.deepEqual(plan.pending, [{ locale: "en-US", displayType: "APP_IPHONE_67", fileName: "01-today.png" }]);
      assert.equal(plan.changes.filter((change) => change.kind === "screenshot-upload").length, 0, "pending, never a reason to upload again by itself");

      const { report, progress } = await applyOnce(client, desired, undefined, TODAY, { processingTimeoutMs: 1000 });
      assert.equal(report.success, true, progress.join("\n"));
      assert.ok(
        progress.includes(
          "en-US iphone-6.9: 01-today.png is still UPLOAD_COMPLETE after 1 second of waiting; " +
            "App Store Connect seems never to finish it, so it is uploaded again",
        ),
        progress.join("\n"),
      );
      assert.ok(progress.includes("en-US iphone-6.9: deleted 01-today.png (stuck processing, uploaded again)"), progress.join("\n"));
      const live = await readLive(client, desired);
      assert.ok(!setOf(live, "en-US").screenshots.some((shot) => shot.id === stuck.id));
      assertConverged(desired, live, { strict: true });
    } finally {
      await run.dispose();
      await removeFolder(home);
    }
  });
});

describe("second copies of one file in a set", () => {
  test("a second live copy of a file is planned for deletion as a duplicate, and apply converges", async () => {
    const { sandbox, api, dispose } = await startTestSandbox();
    try {
      const client = await clientFor(sandbox);
      const desired = await exampleDesired();
      assert.equal((await applyOnce(client, desired)).report.success, true);
      const set = setOf(await readLive(client, desired), "en-US");
      const copy = await uploadScreenshot(api, set.id, "02-plan.png", await readFile(path.join(ROOT, "screenshots", "en-US", "iphone-6.9", "02-plan.png")));
      await waitForProcessing(api, copy.id);

      const plan = diff(desired, await readLive(client, desired), { today: TODAY });
      const deletes = plan.changes.filter((change) => change.kind === "screenshot-delete");
      assert.deepEqual(
        deletes.map((change) => [change.fileName, change.reason, change.screenshotId]),
        [["02-plan.png", "duplicate", copy.id]],
      );
      assert.match(renderText(plan, { color: false }), /- delete iphone-6\.9 02-plan\.png \(a second copy of the same file\)/);
      const applied = await applyOnce(client, desired);
      assert.equal(applied.report.success, true, applied.progress.join("\n"));
      assertConverged(desired, await readLive(client, desired), { strict: true });
    } finally {
      await dispose();
    }
  });

  test("a copy another apply uploads while this one runs is removed before verifying", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    const repo = await copyOfExample("asc-gitops-copies-");
    try {
      const client = await clientFor(sandbox);
      assert.equal((await applyOnce(client, await exampleDesired(repo))).report.success, true);
      const extra = await makeImage({ ...IPHONE_69, shade: 77 });
      await writeFile(path.join(repo, "screenshots", "en-US", "iphone-6.9", "04-extra.png"), extra);
      const desired = await exampleDesired(repo);
      const setId = setOf(await readLive(client, desired), "en-US").id;
      const other = apiClient(sandbox);
      let copied = false;
      // Just before this apply commits 04-extra.png, another one (elsewhere) uploads the same file.
      const racing = (inner: typeof client): ApplyClient => ({
        get: inner.get.bind(inner),
        getAll: inner.getAll.bind(inner),
        post: inner.post.bind(inner),
        delete: inner.delete.bind(inner),
        upload: inner.upload.bind(inner),
        patch: async (requestPath: string, body: unknown) => {
          if (!copied && /^\/v1\/appScreenshots\/[^/]+$/.test(requestPath)) {
            copied = true;
            assert.equal((await uploadScreenshot(other, setId, "04-extra.png", extra)).commit.status, 200);
          }
          return inner.patch(requestPath, body);
        },
      });
      const { report, progress } = await applyOnce(client, desired, racing);
      assert.ok(copied);
      assert.equal(report.success, true, progress.join("\n"));
      assert.ok(progress.includes("en-US iphone-6.9: deleted 04-extra.png (a second copy of the same file)"), progress.join("\n"));
      const live = await readLive(client, desired);
      assert.equal(setOf(live, "en-US").screenshots.length, 4);
      assertConverged(desired, live, { strict: true });
    } finally {
      await dispose();
      await removeFolder(repo);
    }
  });
});
