import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import type { Plan } from "../../src/engine/plan/plan.js";
import type { PreviewChange } from "../../src/resources/index.js";
import type { UploadPartEvent } from "../../src/sandbox/index.js";
import { applyOnce, clientFor, ROOT } from "../helpers/apply-harness.js";
import { BIN, copyOfExample, run } from "../helpers/cli.js";
import { makeRepo } from "../helpers/fixture-repo.js";
import { exampleVideo, withDuration } from "../helpers/videos.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";
import { buildDesiredState } from "../../src/engine/desired-state.js";

const ARGS = ["--today", "2026-11-24"];
const SET = "previews/en-US/iphone-6.9";

/** The example app with its preview folder and a second video; screenshots left out (unmanaged), so every upload is a preview's. */
async function repoWithPreviews(prefix: string): Promise<string> {
  const repo = await copyOfExample(prefix);
  await rm(path.join(repo, "screenshots"), { recursive: true, force: true });
  await cp(path.join(ROOT, "previews"), path.join(repo, "previews"), { recursive: true });
  await writeFile(path.join(repo, SET, "02-more.mp4"), exampleVideo(2));
  return repo;
}

/** The en-US IPHONE_67 preview set's id, found as a client finds it: through the editable version's localizations. */
async function setId(api: Awaited<ReturnType<typeof startTestSandbox>>["api"]): Promise<string> {
  const apps = (await api.get("/v1/apps?filter[bundleId]=com.acme.fitness")).body.data;
  const versions = (await api.get(`/v1/apps/${apps[0].id}/appStoreVersions?filter[appVersionState]=PREPARE_FOR_SUBMISSION`)).body.data;
  const localizations = (await api.get(`/v1/appStoreVersions/${versions[0].id}/appStoreVersionLocalizations?filter[locale]=en-US`)).body.data;
  const sets = (await api.get(`/v1/appStoreVersionLocalizations/${localizations[0].id}/appPreviewSets?filter[previewType]=IPHONE_67`)).body.data;
  return sets[0].id;
}

const previewChanges = (plan: Plan) => plan.changes.filter((change) => change.kind.startsWith("preview-")) as PreviewChange[];

describe("app previews through the CLI against the sandbox", () => {
  test("plan lists them with length and resolution, apply uploads them with their poster frames, plan shows 0; a rename is a reorder", async () => {
    const { sandbox, api, dispose } = await startTestSandbox({ processingMs: 60 });
    const repo = await repoWithPreviews("asc-gitops-previews-");
    try {
      const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
      const args = ["--api-url", sandbox.url, ...ARGS];
      const planned = await run(["plan", ...args, "--json"], repo, env);
      assert.equal(planned.code, 0, planned.stderr);
      const plan = JSON.parse(planned.stdout) as Plan;
      assert.deepEqual(
        previewChanges(plan).map((change) => [change.kind, change.locale, change.displayType, "fileName" in change ? change.fileName : ""]),
        [
          ["preview-set-create", "en-US", "IPHONE_67", ""],
          ["preview-upload", "en-US", "IPHONE_67", "01-intro.mp4"],
          ["preview-upload", "en-US", "IPHONE_67", "02-more.mp4"],
        ],
      );
      const text = await run(["plan", ...args], repo, env);
      assert.match(text.stdout, /\+ upload preview iphone-6\.9 #1 01-intro\.mp4 \(16 s, 886x1920, \d+ KB\)/);
      const markdown = await run(["plan", ...args, "--out", path.join(repo, "plan.json")], repo, env);
      assert.equal(markdown.code, 0, markdown.stderr);

      const applied = await run(["apply", ...args], repo, env);
      assert.equal(applied.code, 0, `${applied.stderr}\n${applied.stdout}`);
      assert.match(applied.stdout, /verified: App Store Connect now matches the repository/);
      const again = JSON.parse((await run(["plan", ...args, "--json"], repo, env)).stdout) as Plan;
      assert.deepEqual(previewChanges(again), []);

      const previews = (await api.get(`/v1/appPreviewSets/${plan.changes.length ? await setId(api) : ""}/appPreviews`)).body.data;
      assert.deepEqual(
        previews.map((item: any) => [item.attributes.fileName, item.attributes.previewFrameTimeCode, item.attributes.videoDeliveryState.state]),
        [
          ["01-intro.mp4", "00:00:03:00", "COMPLETE"],
          ["02-more.mp4", "00:00:05:00", "COMPLETE"],
        ],
      );

      // A renamed file is the same video: a reorder, never an upload.
      await rename(path.join(repo, SET, "01-intro.mp4"), path.join(repo, SET, "03-intro.mp4"));
      await writeFile(path.join(repo, SET, "posters.yml"), '03-intro.mp4: "00:00:03:00"\n');
      const renamed = JSON.parse((await run(["plan", ...args, "--json"], repo, env)).stdout) as Plan;
      assert.deepEqual(
        previewChanges(renamed).map((change) => change.kind),
        ["preview-reorder"],
      );
      const reordered = await run(["apply", ...args], repo, env);
      assert.equal(reordered.code, 0, reordered.stderr);
      assert.deepEqual(previewChanges(JSON.parse((await run(["plan", ...args, "--json"], repo, env)).stdout) as Plan), []);
    } finally {
      await dispose();
      await rm(repo, { recursive: true, force: true });
    }
  });

  test("an apply killed (SIGKILL) while a preview's parts are in flight, run again, converges with no second copy", async () => {
    let child: ChildProcess | undefined;
    let held: UploadPartEvent | undefined;
    let exited: Promise<unknown> = Promise.resolve();
    const onUploadPart = async (part: UploadPartEvent) => {
      if (!held && child) {
        held = part;
        child.kill("SIGKILL");
      }
      if (held) await exited;
    };
    const { sandbox, api, dispose } = await startTestSandbox({ latencyMs: 5, processingMs: 60, partSize: 16 * 1024, onUploadPart });
    const repo = await repoWithPreviews("asc-gitops-previews-kill-");
    try {
      const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
      child = spawn(process.execPath, [BIN, "apply", "--api-url", sandbox.url, ...ARGS], {
        cwd: repo,
        env: { PATH: process.env.PATH!, NO_COLOR: "1", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const started = child;
      exited = new Promise((resolve) => started.once("exit", resolve));
      await exited;
      assert.ok(held, "the apply was killed during an upload");
      const reservation = await api.get(`/v1/appPreviews/${held.screenshotId}`);
      assert.equal(reservation.body.data.attributes.videoDeliveryState.state, "AWAITING_UPLOAD", "the killed apply left a reservation");

      const rerun = await run(["apply", "--api-url", sandbox.url, ...ARGS], repo, env);
      assert.equal(rerun.code, 0, `${rerun.stderr}\n${rerun.stdout}`);
      assert.equal((await api.get(`/v1/appPreviews/${held.screenshotId}`)).status, 404, "the reservation the killed apply left is gone");
      const plan = JSON.parse((await run(["plan", "--api-url", sandbox.url, ...ARGS, "--json"], repo, env)).stdout) as Plan;
      assert.deepEqual(previewChanges(plan), []);
      const again = await run(["apply", "--api-url", sandbox.url, ...ARGS], repo, env);
      assert.match(again.stdout, /applied 0 of 0 changes with 0 write requests/);
    } finally {
      await dispose();
      await rm(repo, { recursive: true, force: true });
    }
  });

  test("a video App Store Connect fails to process is reported with Apple's reason, and the next plan deletes and uploads it again", async () => {
    const { sandbox, dispose } = await startTestSandbox({ processingMs: 30 });
    const repo = await makeRepo({ metadata: { "en-US.yml": "name: Acme Fitness\n" }, previews: { "en-US/iphone-6.9/01-intro.mp4": exampleVideo() } });
    try {
      const validation = await (await import("../../src/engine/validate/index.js")).validateRepository({
        metadataDir: repo.metadataDir,
        screenshotsDir: repo.screenshotsDir,
        previewsDir: repo.previewsDir,
      });
      const desired = buildDesiredState(validation.files);
      // What validation would refuse, slipped past it: Apple's processing is the last word.
      const bad = withDuration(12);
      const badPath = await repo.write("bad/01-intro.mp4", bad);
      const preview = desired.previewSets[0]!.previews[0]!;
      Object.assign(preview, { absolutePath: badPath, fileSize: bad.length, checksum: createHash("md5").update(bad).digest("hex") });
      const { report, progress } = await applyOnce(await clientFor(sandbox), desired);
      const failed = report.steps.find((step) => step.kind === "preview-upload");
      assert.equal(failed?.status, "failed");
      assert.match(failed!.error!.message, /App Store Connect failed to process 01-intro\.mp4: VIDEO_DURATION_INVALID: The duration 12 s is not between 15/);
      assert.ok(progress.some((line) => line.includes("VIDEO_DURATION_INVALID")));
      const next = await applyOnce(await clientFor(sandbox), desired, undefined, undefined, {});
      assert.deepEqual(
        next.report.steps.filter((step) => step.kind.startsWith("preview-")).map((step) => [step.kind, step.status]),
        [
          ["preview-delete", "done"],
          ["preview-upload", "failed"],
        ],
      );
    } finally {
      await dispose();
      await repo.cleanup();
    }
  });
});
