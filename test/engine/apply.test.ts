import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { AscApiError } from "../../src/asc/errors.js";
import type { ApplyClient } from "../../src/engine/apply/run.js";
import { IPHONE_69, makeImage } from "../helpers/fixture-repo.js";
import { applyOnce, clientFor, exampleDesired, readLive, ROOT } from "../helpers/apply-harness.js";
import { assertConverged } from "../helpers/states.js";
import { describeChange } from "../../src/engine/render/describe.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

describe("apply against the sandbox", () => {
  test("the example app converges, and a second apply sends no write at all", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    try {
      const client = await clientFor(sandbox);
      const desired = await exampleDesired();
      const first = await applyOnce(client, desired);
      assert.equal(first.report.success, true, first.progress.join("\n"));
      assert.ok(first.report.verification?.converged);
      assert.ok(first.writes > 0);
      assert.ok(
        first.progress.some((line) => /^de-DE ipad-13: uploading 1 of 2 \(01-today\.png\)$/.test(line)),
        first.progress.join("\n"),
      );
      assert.ok(
        first.progress.some((line) => /^de-DE: updated keywords on version 2\.4\.0$/.test(line)),
        first.progress.join("\n"),
      );
      assertConverged(desired, await readLive(client, desired), { strict: true });

      const second = await applyOnce(client, desired);
      assert.equal(second.writes, 0);
      assert.equal(second.report.steps.length, 0);
      assert.equal(second.report.success, true);
    } finally {
      await dispose();
    }
  });

  test("progress and the report say which localization and which version: app info or version 2.4.0, the prepared version or the one on sale", async () => {
    // Processing takes several polls: the wait is still announced once per set.
    const { sandbox, dispose } = await startTestSandbox({ processingMs: 400 });
    try {
      const client = await clientFor(sandbox);
      const { report, progress } = await applyOnce(client, await exampleDesired());
      assert.equal(report.success, true, progress.join("\n"));
      for (const line of [
        "ja: created the app info localization with name, subtitle, privacyPolicyUrl, privacyChoicesUrl",
        "ja: created the version 2.4.0 localization with description, keywords, promotionalText, whatsNew, marketingUrl, supportUrl",
        "de-DE: updated keywords on version 2.4.0",
        "de-DE: updated promotionalText on version 2.3.1 (on sale)",
      ])
        assert.ok(progress.includes(line), `${line}\n--- progress\n${progress.join("\n")}`);
      assert.deepEqual(
        progress.filter((line) => line.includes("waiting for")),
        ["de-DE ipad-13: waiting for 2 uploads to be processed"],
        "one line per wait, however many polls it takes",
      );
      const described = report.steps.map((step) => `${step.locale}: ${describeChange(step, report.app)}`);
      for (const line of [
        "ja: create the app info localization",
        "ja: create the version 2.4.0 localization",
        "en-US: update promotionalText on version 2.3.1 (on sale)",
        "de-DE: update keywords on version 2.4.0",
      ])
        assert.ok(described.includes(line), `${line}\n--- steps\n${described.join("\n")}`);
    } finally {
      await dispose();
    }
  });

  test("with 10% 5xx, 5% 429 and 2% dropped connections, apply converges with nothing lost and nothing duplicated", async () => {
    for (const seed of [1, 2, 3]) {
      const { sandbox, dispose } = await startTestSandbox({ failRate: 0.1, rateLimitRate: 0.05, dropRate: 0.02, seed });
      try {
        const client = await clientFor(sandbox);
        const desired = await exampleDesired();
        // A run may end with failures the faults caused; a re-run completes the work, as a scheduled run would.
        let outcome = await applyOnce(client, desired);
        for (let attempt = 0; !outcome.report.success && attempt < 3; attempt++) outcome = await applyOnce(client, desired);
        assert.equal(outcome.report.success, true, `seed ${seed}: ${outcome.progress.join("\n")}`);
        assertConverged(desired, await readLive(client, desired), { strict: true });
      } finally {
        await dispose();
      }
    }
  });

  test("a failing change does not stop the others; the report names locale, field, file and Apple's answer", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    try {
      const client = await clientFor(sandbox);
      const desired = await exampleDesired();
      const live = await readLive(client, desired);
      const german = live.versionLocalizations.find((item) => item.locale === "de-DE")!.id;
      const failing = (inner: typeof client): ApplyClient => ({
        get: inner.get.bind(inner),
        getAll: inner.getAll.bind(inner),
        post: inner.post.bind(inner),
        delete: inner.delete.bind(inner),
        upload: inner.upload.bind(inner),
        patch: async (requestPath: string, body: unknown) => {
          if (requestPath === `/v1/appStoreVersionLocalizations/${german}`)
            throw new AscApiError(
              { method: "PATCH", path: requestPath },
              409,
              "Conflict",
              JSON.stringify({
                errors: [
                  {
                    id: "1",
                    status: "409",
                    code: "ENTITY_ERROR.ATTRIBUTE.INVALID",
                    title: "invalid",
                    detail: "A keyword is not allowed.",
                    source: { pointer: "/data/attributes/keywords" },
                  },
                ],
              }),
            );
          return inner.patch(requestPath, body);
        },
      });
      const { report, progress } = await applyOnce(client, desired, failing);
      assert.equal(report.success, false);
      const failed = report.steps.filter((step) => step.status === "failed");
      assert.deepEqual(
        failed.map((step) => [step.locale, step.field]),
        [["de-DE", "keywords"]],
      );
      assert.deepEqual(failed[0]!.error, {
        message: "409 ENTITY_ERROR.ATTRIBUTE.INVALID: A keyword is not allowed. (at /data/attributes/keywords)",
        status: 409,
        code: "ENTITY_ERROR.ATTRIBUTE.INVALID",
        detail: "A keyword is not allowed.",
        pointer: "/data/attributes/keywords",
        request: `PATCH /v1/appStoreVersionLocalizations/${german}`,
      });
      assert.equal(failed[0]!.source?.file.endsWith("metadata/de-DE.yml"), true);
      assert.ok(
        progress.some(
          (line) => line.startsWith("✗ de-DE: updating keywords failed: 409 ENTITY_ERROR.ATTRIBUTE.INVALID") && line.includes("metadata/de-DE.yml:19"),
        ),
        progress.join("\n"),
      );
      // Everything else went through.
      assert.ok(report.steps.filter((step) => step.status === "done").length >= 9);
      assert.equal(report.verification?.converged, false);
      assert.deepEqual(
        report.verification?.remaining.map((change) => change.locale),
        ["de-DE"],
      );
    } finally {
      await dispose();
    }
  });

  test("a full set of 10 makes room one screenshot at a time, and is never left with fewer than 9", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    const repo = await mkdtemp(path.join(tmpdir(), "asc-gitops-full-"));
    try {
      await mkdir(path.join(repo, ".git"));
      await cp(path.join(ROOT, "metadata"), path.join(repo, "metadata"), { recursive: true });
      const folder = path.join(repo, "screenshots", "en-US", "iphone-6.9");
      await mkdir(folder, { recursive: true });
      const client = await clientFor(sandbox);
      for (let i = 0; i < 10; i++) await writeFile(path.join(folder, `${String(i).padStart(2, "0")}.png`), await makeImage({ ...IPHONE_69, shade: i }));
      const first = await applyOnce(client, await exampleDesired(repo));
      assert.equal(first.report.success, true, first.progress.join("\n"));

      for (let i = 0; i < 10; i++) await writeFile(path.join(folder, `${String(i).padStart(2, "0")}.png`), await makeImage({ ...IPHONE_69, shade: 50 + i }));
      const desired = await exampleDesired(repo);
      const setId = (await readLive(client, desired)).screenshotSets.find((set) => set.locale === "en-US" && set.displayType === "APP_IPHONE_67")!.id;
      let count = 10;
      let lowest = 10;
      const counting = (inner: typeof client): ApplyClient => ({
        get: inner.get.bind(inner),
        getAll: inner.getAll.bind(inner),
        patch: inner.patch.bind(inner),
        upload: inner.upload.bind(inner),
        post: async <T>(requestPath: string, body: unknown) => {
          const result = await inner.post<T>(requestPath, body);
          if (
            requestPath === "/v1/appScreenshots" &&
            (body as { data: { relationships: { appScreenshotSet: { data: { id: string } } } } }).data.relationships.appScreenshotSet.data.id === setId
          )
            count++;
          assert.ok(count <= 10, "the set never holds more than 10");
          return result;
        },
        delete: async (requestPath: string) => {
          await inner.delete(requestPath);
          if (requestPath.startsWith("/v1/appScreenshots/")) lowest = Math.min(lowest, --count);
        },
      });
      const second = await applyOnce(client, desired, counting);
      assert.equal(second.report.success, true, second.progress.join("\n"));
      assert.equal(lowest, 9);
      assert.ok(second.progress.some((line) => line.includes("(to make room)")));
      assertConverged(desired, await readLive(client, desired), { strict: true });
    } finally {
      await dispose();
      await rm(repo, { recursive: true, force: true });
    }
  });
});

describe("apply when the world moved", () => {
  test("a create answered 409 because the locale exists already is treated as found, and its fields are set", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    try {
      const client = await clientFor(sandbox);
      const desired = await exampleDesired();
      const stale = await readLive(client, desired);
      // Someone (or an earlier, killed run) creates ja after the plan was made.
      await client.post("/v1/appStoreVersionLocalizations", {
        data: {
          type: "appStoreVersionLocalizations",
          attributes: { locale: "ja", description: "別の説明文です。" },
          relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: stale.version!.id } } },
        },
      });
      const { diff } = await import("../../src/engine/diff.js");
      const { applyPlan } = await import("../../src/engine/apply/index.js");
      const report = await applyPlan({
        client,
        desired,
        live: stale,
        plan: diff(desired, stale, { today: "2026-11-24" }),
        progress: () => {},
        writes: () => [],
        options: { pollIntervalMs: 20 },
      });
      assert.equal(report.success, true, JSON.stringify(report.steps.filter((step) => step.status !== "done")));
      const live = await readLive(client, desired);
      assert.equal(live.versionLocalizations.filter((item) => item.locale === "ja").length, 1);
      assertConverged(desired, live, { strict: true });
    } finally {
      await dispose();
    }
  });
});
