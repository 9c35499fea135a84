/**
 * The faults matrix (DESIGN.md §9, reliability): each fault the sandbox can
 * inject, alone and all together, with a fixed seed so a failure replays. In
 * every case ONE apply of the example app converges, nothing is duplicated,
 * no reservation is left behind, and a second apply writes nothing.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AscClient } from "../../src/asc/client.js";
import { AscAmbiguousWriteError, AscApiError, AscNetworkError } from "../../src/asc/errors.js";
import type { ApplyClient } from "../../src/engine/apply/run.js";
import type { DesiredState } from "../../src/engine/desired-state.js";
import { readLiveState } from "../../src/engine/read.js";
import type { SandboxOptions } from "../../src/sandbox/index.js";
import type { RequestRecord } from "../../src/sandbox/http/server.js";
import { applyOnce, clientFor, exampleDesired, readLive } from "../helpers/apply-harness.js";
import { assertConverged } from "../helpers/states.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

/** Every screenshot set of every localization of the version, managed or not, as App Store Connect lists them. */
async function everyScreenshotSet(client: AscClient, desired: DesiredState) {
  const { live, errors } = await readLiveState(client, desired, { allScreenshots: true });
  if (!live) throw new Error(errors.map((error) => error.message).join("; "));
  return live.screenshotSets;
}

async function assertNothingDuplicatedOrLeftOver(client: AscClient, desired: DesiredState): Promise<void> {
  for (const set of await everyScreenshotSet(client, desired)) {
    const where = `${set.locale} ${set.displayType}`;
    const leftovers = set.screenshots.filter((shot) => shot.state !== "COMPLETE");
    assert.deepEqual(
      leftovers.map((shot) => `${shot.fileName} ${shot.state}`),
      [],
      `${where}: no reservation or unprocessed upload is left`,
    );
    const checksums = set.screenshots.map((shot) => shot.checksum);
    assert.equal(new Set(checksums).size, checksums.length, `${where}: no screenshot is there twice (${checksums.join(", ")})`);
  }
}

interface FaultCase {
  title: string;
  seed: number;
  options: SandboxOptions;
  /** The fault that must actually have happened during the run (so the case is not vacuous). */
  injected?: NonNullable<RequestRecord["injected"]>;
}

const CASES: FaultCase[] = [
  { title: "with 15% of requests answered 500 or 503", seed: 701, options: { failRate: 0.15 }, injected: "fail" },
  { title: "with 15% of requests answered 429 before the hourly budget is spent", seed: 702, options: { rateLimitRate: 0.15 }, injected: "rateLimit" },
  { title: "with 8% of connections dropped after the work was done", seed: 703, options: { dropRate: 0.08 }, injected: "drop" },
  { title: "with screenshots that take 1.5 s to process", seed: 704, options: { processingMs: 1500 } },
  {
    title: "with 10% 5xx, 5% 429, 2% dropped connections, 5 ms latency and 1.5 s processing all at once",
    seed: 705,
    options: { failRate: 0.1, rateLimitRate: 0.05, dropRate: 0.02, latencyMs: 5, processingMs: 1500 },
  },
];

// The cases wait on their own sandboxes (mostly for processing), so they run side by side.
describe("apply under injected faults (fixed seeds)", { concurrency: true }, () => {
  for (const { title, seed, options, injected } of CASES) {
    test(`${title}, one apply converges without duplicates and a second apply writes nothing (seed ${seed})`, async () => {
      const faults: RequestRecord[] = [];
      const { sandbox, dispose } = await startTestSandbox({ ...options, seed, onRequest: (record) => void (record.injected && faults.push(record)) });
      try {
        const client = await clientFor(sandbox);
        const desired = await exampleDesired();

        const first = await applyOnce(client, desired);
        const failed = first.report.steps.filter((step) => step.status !== "done");
        assert.deepEqual(failed, [], first.progress.join("\n"));
        assert.equal(first.report.success, true, first.progress.join("\n"));
        assert.equal(first.report.verification?.converged, true);
        if (injected)
          assert.ok(
            faults.some((record) => record.injected === injected),
            `the sandbox injected "${injected}" at least once`,
          );
        if (options.processingMs)
          assert.ok(
            first.progress.some((line) => /waiting for \d+ uploads? to be processed/.test(line)),
            "the apply waited for processing",
          );

        assertConverged(desired, await readLive(client, desired), { strict: true });
        await assertNothingDuplicatedOrLeftOver(client, desired);

        const second = await applyOnce(client, desired);
        assert.equal(second.writes, 0, second.progress.join("\n"));
        assert.equal(second.report.steps.length, 0);
        assert.equal(second.report.success, true);
      } finally {
        await dispose();
      }
    });
  }
});

describe("a create whose answer is lost again and again", () => {
  test("is looked for before each new send, and one apply still converges with nothing created twice", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    try {
      const client = await clientFor(sandbox);
      const desired = await exampleDesired();
      // What each send of a create meets, in turn: "refused" is a 500 before anything happened,
      // "lost" is done but its answer lost (a dropped connection); later sends go through.
      type Fate = "refused" | "lost";
      const localization: Fate[] = ["refused", "refused", "lost"];
      const script: Record<string, Fate[]> = {
        "/v1/appInfoLocalizations": localization,
        "/v1/appStoreVersionLocalizations": localization,
        "/v1/appScreenshotSets": localization,
        "/v1/appScreenshots": ["lost", "refused", "refused"],
      };
      const sends = new Map<string, number>();
      const losing = (inner: AscClient): ApplyClient => ({
        get: inner.get.bind(inner),
        getAll: inner.getAll.bind(inner),
        patch: inner.patch.bind(inner),
        delete: inner.delete.bind(inner),
        upload: inner.upload.bind(inner),
        post: async <T>(requestPath: string, body: unknown): Promise<T> => {
          const count = (sends.get(requestPath) ?? 0) + 1;
          sends.set(requestPath, count);
          const request = { method: "POST", path: requestPath };
          const fate = script[requestPath]?.[count - 1];
          if (fate === "refused") throw new AscAmbiguousWriteError(new AscApiError(request, 500, "Internal Server Error", ""));
          const answer = await inner.post<T>(requestPath, body);
          if (fate === "lost") throw new AscAmbiguousWriteError(new AscNetworkError(request, "dropped", "other side closed"));
          return answer;
        },
      });

      const first = await applyOnce(client, desired, losing);
      assert.equal(first.report.success, true, first.progress.join("\n"));
      // ja's two localizations and de-DE's iPad set: refused twice, made on the third send, found rather than sent a fourth time.
      assert.equal(sends.get("/v1/appInfoLocalizations"), 3);
      assert.equal(sends.get("/v1/appStoreVersionLocalizations"), 3);
      assert.equal(sends.get("/v1/appScreenshotSets"), 3);
      // The first reservation: lost (its leftover removed), refused twice, made on the fourth send; then one send per other upload.
      const uploads = first.report.steps.filter((step) => step.kind === "screenshot-upload").length;
      assert.equal(sends.get("/v1/appScreenshots"), uploads + 3);

      const live = await readLive(client, desired);
      assertConverged(desired, live, { strict: true });
      assert.equal(live.versionLocalizations.filter((item) => item.locale === "ja").length, 1);
      assert.equal(live.appInfoLocalizations.filter((item) => item.locale === "ja").length, 1);
      await assertNothingDuplicatedOrLeftOver(client, desired);
      assert.equal((await applyOnce(client, desired)).writes, 0);
    } finally {
      await dispose();
    }
  });
});

describe("App Store Connect out of reach in the middle of an apply", () => {
  test("the first request that cannot connect after its retries ends the apply: the rest fail at once, and one line says why", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    try {
      const client = await clientFor(sandbox);
      const desired = await exampleDesired();
      // Every request that reaches this client stands for one that waited out its retries (50 ms here) and could not connect.
      const reached: string[] = [];
      const refuse = async (method: string, requestPath: string): Promise<never> => {
        reached.push(`${method} ${requestPath}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new AscNetworkError({ method, path: requestPath }, "connect", "connect ECONNREFUSED 127.0.0.1:9");
      };
      const unreachable = (): ApplyClient => ({
        get: (requestPath) => refuse("GET", requestPath),
        getAll: (requestPath) => refuse("GET", requestPath),
        post: (requestPath) => refuse("POST", requestPath),
        patch: (requestPath) => refuse("PATCH", requestPath),
        delete: (requestPath) => refuse("DELETE", requestPath),
        upload: () => refuse("PUT", "(upload)"),
      });

      const { report, progress } = await applyOnce(client, desired, unreachable);
      assert.equal(report.success, false);
      // ja's two creates, the phased release's, and the PATCHes of the age rating, the categories, the content rights, the version and the App Review
      // information were in flight together.
      const shown = (request: string) =>
        request
          .replace(/\/v1\/apps\/\d+$/, "/v1/apps/{id}")
          .replace(/\/ageRatingDeclarations\/[^/]+$/, "/ageRatingDeclarations/{id}")
          .replace(/\/appInfos\/[^/]+$/, "/appInfos/{id}")
          .replace(/\/appStoreReviewDetails\/.*/, "/appStoreReviewDetails/{id}")
          .replace(/\/appStoreVersions\/[^/]+$/, "/appStoreVersions/{id}");
      assert.deepEqual(reached.map(shown).sort(), [
        "PATCH /v1/ageRatingDeclarations/{id}",
        "PATCH /v1/appInfos/{id}",
        "PATCH /v1/appStoreReviewDetails/{id}",
        "PATCH /v1/appStoreVersions/{id}",
        "PATCH /v1/apps/{id}",
        "POST /v1/appInfoLocalizations",
        "POST /v1/appStoreVersionLocalizations",
        "POST /v1/appStoreVersionPhasedReleases",
      ]);
      assert.ok(report.steps.length > 2 && report.steps.every((step) => step.status !== "done"));
      assert.equal(report.verification, null);
      const writes = [
        /POST \/v1\/(appInfoLocalizations|appStoreVersionLocalizations)/,
        /PATCH \/v1\/apps\/\d+/,
        /PATCH \/v1\/ageRatingDeclarations\/\S+/,
        /PATCH \/v1\/appStoreReviewDetails\/[^:]+/,
      ].map((write) => write.source);
      const stop = new RegExp(
        /^✗ App Store Connect could not be reached: /.source +
          `(${writes.join("|")}): ` +
          /could not connect \(connect ECONNREFUSED 127\.0\.0\.1:9\); /.source +
          /the changes after it failed at once\. Run apply again once it answers\.$/.source,
      );
      assert.ok(
        progress.some((line) => stop.test(line)),
        progress.join("\n"),
      );
    } finally {
      await dispose();
    }
  });
});
