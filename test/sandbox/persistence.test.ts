/**
 * State on disk: a sandbox killed with SIGKILL in the middle of a burst of
 * writes restarts with every change it had acknowledged, a whole state file,
 * the same key, and the uploaded bytes; concurrent changes share writes.
 */
import assert from "node:assert/strict";
import { readFile, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { APP_STORE_LOCALES } from "../../src/model/locales.js";
import { drawPng } from "./helpers/images.js";
import { spawnSandbox } from "./helpers/process.js";
import { apiClient, demoIds, md5, startTestSandbox, tempFolder, uploadScreenshot, waitForProcessing } from "./helpers/sandbox.js";

describe("the state survives", () => {
  test("a SIGKILL in the middle of a burst of writes: every acknowledged change is there after a restart", async () => {
    const folder = await tempFolder();
    const statePath = path.join(folder, "state.json");
    try {
      const first = await spawnSandbox(["--state", statePath, "--processing-ms", "0"]);
      const api = apiClient(first.ready);
      const ids = await demoIds(api);
      const created = await api.post("/v1/appStoreVersionLocalizations", {
        data: {
          type: "appStoreVersionLocalizations",
          attributes: { locale: "fr-FR", keywords: "gym" },
          relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: ids.editableVersionId } } },
        },
      });
      assert.equal(created.status, 201);
      const frId: string = created.body.data.id;
      const set = await api.post("/v1/appScreenshotSets", {
        data: {
          type: "appScreenshotSets",
          attributes: { screenshotDisplayType: "APP_IPHONE_67" },
          relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: frId } } },
        },
      });
      const bytes = await drawPng(1320, 2868, 11);
      const upload = await uploadScreenshot(api, set.body.data.id, "01-fr.png", bytes);
      assert.equal((await waitForProcessing(api, upload.id)).body.data.attributes.assetDeliveryState.state, "COMPLETE");

      // A burst of creates, one locale each, killed while answers are still coming in.
      const locales = APP_STORE_LOCALES.filter((locale) => !["en-US", "de-DE", "fr-FR"].includes(locale));
      const acknowledged: string[] = [];
      const queue = [...locales];
      // Four requests in flight at a time, so that the kill lands with writes under way.
      const burst = Array.from({ length: 4 }, async () => {
        for (let locale = queue.shift(); locale; locale = queue.shift()) {
          const answer = await api
            .post("/v1/appStoreVersionLocalizations", {
              data: {
                type: "appStoreVersionLocalizations",
                attributes: { locale, keywords: `k-${locale}` },
                relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: ids.editableVersionId } } },
              },
            })
            .catch(() => undefined);
          if (!answer) return;
          if (answer.status === 201) acknowledged.push(locale);
        }
      });
      const killed = (async () => {
        while (acknowledged.length < 10) await new Promise((resolve) => setTimeout(resolve, 1));
        first.child.kill("SIGKILL");
      })();
      await Promise.all([...burst, killed]);
      const exit = await first.exited;
      assert.equal(exit.signal, "SIGKILL");
      assert.ok(acknowledged.length >= 10 && acknowledged.length < locales.length, `${acknowledged.length} of ${locales.length} acknowledged before the kill`);

      JSON.parse(await readFile(statePath, "utf8")); // whole, never torn
      const second = await spawnSandbox(["--state", statePath]);
      try {
        assert.equal(second.ready.keyId, first.ready.keyId, "the same key after a restart");
        assert.equal(second.ready.issuerId, first.ready.issuerId);
        const again = apiClient(second.ready);
        const fr = await again.get(`/v1/appStoreVersionLocalizations/${frId}`);
        assert.equal(fr.status, 200);
        assert.equal(fr.body.data.attributes.keywords, "gym");
        const live = await again.get(`/v1/appStoreVersions/${ids.editableVersionId}/appStoreVersionLocalizations?limit=200`);
        const present = new Set(live.body.data.map((item: any) => item.attributes.locale));
        for (const locale of acknowledged) assert.ok(present.has(locale), `${locale} was acknowledged, so it survives`);
        const screenshot = await again.get(`/v1/appScreenshots/${upload.id}`);
        assert.equal(screenshot.body.data.attributes.sourceFileChecksum, md5(bytes));
        const { templateUrl, width, height } = screenshot.body.data.attributes.imageAsset;
        const rendition = await fetch(templateUrl.replace("{w}", String(width)).replace("{h}", String(height)).replace("{f}", "png"));
        assert.equal(rendition.status, 200, "the uploaded bytes were kept beside the state");
      } finally {
        second.child.kill("SIGTERM");
        await second.exited;
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test("an acknowledged change is on disk before its answer", async () => {
    const run = await startTestSandbox();
    try {
      const ids = await demoIds(run.api);
      const id = ids.localizationOf(ids.editableVersionId, "de-DE")!;
      await run.api.patch(`/v1/appStoreVersionLocalizations/${id}`, {
        data: { type: "appStoreVersionLocalizations", id, attributes: { keywords: "Fitness,Laufen" } },
      });
      const onDisk = JSON.parse(await readFile(run.sandbox.statePath, "utf8"));
      assert.equal(onDisk.appStoreVersionLocalizations.find((item: any) => item.id === id).keywords, "Fitness,Laufen");
    } finally {
      await run.dispose();
    }
  });

  test("concurrent changes share writes of the state file (group commit)", async () => {
    const run = await startTestSandbox();
    try {
      const ids = await demoIds(run.api);
      const id = ids.localizationOf(ids.editableVersionId, "en-US")!;
      const before = run.sandbox.stateWrites();
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          run.api.patch(`/v1/appStoreVersionLocalizations/${id}`, {
            data: { type: "appStoreVersionLocalizations", id, attributes: { promotionalText: `p${index}` } },
          }),
        ),
      );
      assert.ok(answers.every((answer) => answer.status === 200));
      const writes = run.sandbox.stateWrites() - before;
      assert.ok(writes >= 1 && writes < 100, `200 changes took ${writes} writes`);
    } finally {
      await run.dispose();
    }
  });

  test("a restart in the same process keeps the state and leaves no temporary files", async () => {
    const first = await startTestSandbox();
    const ids = await demoIds(first.api);
    const id = ids.infoLocalizationOf(ids.editableInfoId, "de-DE")!;
    await first.api.patch(`/v1/appInfoLocalizations/${id}`, { data: { type: "appInfoLocalizations", id, attributes: { subtitle: "Training, das hält" } } });
    await first.sandbox.close();
    const second = await startTestSandbox({}, first.folder);
    try {
      assert.equal(second.sandbox.seeded, false);
      assert.equal((await second.api.get(`/v1/appInfoLocalizations/${id}`)).body.data.attributes.subtitle, "Training, das hält");
      assert.deepEqual(
        (await readdir(first.folder)).filter((name) => name.endsWith(".tmp")),
        [],
      );
    } finally {
      await second.sandbox.close();
      await rm(first.folder, { recursive: true, force: true });
    }
  });
});

describe("one sandbox per state file", () => {
  test("a second sandbox on a state file in use is refused, naming the first one's pid", async () => {
    const first = await startTestSandbox();
    try {
      await assert.rejects(startTestSandbox({}, first.folder), new RegExp(`another sandbox \\(pid ${process.pid}\\) is using`));
    } finally {
      await first.dispose();
    }
  });
});
