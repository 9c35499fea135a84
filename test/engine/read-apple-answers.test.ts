/**
 * Reading answers shaped as real App Store Connect shapes them (the sandbox's
 * answer knobs, json-api/answer-shape.ts): nulls, includes it did not honour,
 * included lists cut without a total, a null delivery state, a deprecated
 * appStoreState that disagrees. Each plans exactly what the well-formed
 * answers plan: nothing read as "zero localizations", nothing as an
 * abandoned reservation.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { AscClient } from "../../src/asc/client.js";
import { loadCredentials } from "../../src/asc/credentials.js";
import { buildDesiredState, type DesiredState } from "../../src/engine/desired-state.js";
import { diff } from "../../src/engine/diff.js";
import type { Plan } from "../../src/engine/plan/plan.js";
import { readLiveState } from "../../src/engine/read.js";
import { validateRepository } from "../../src/engine/validate/index.js";
import { APP_STORE_LOCALES } from "../../src/model/locales.js";
import type { RequestRecord, SandboxOptions } from "../../src/sandbox/index.js";
import { desiredState } from "../helpers/states.js";
import { demoIds, startTestSandbox, tempFolder, uploadScreenshot, type TestSandbox } from "../sandbox/helpers/sandbox.js";
import { writeSandboxState } from "../sandbox/helpers/state-file.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TODAY = "2026-11-24";

interface Planned {
  plan: Plan;
  records: RequestRecord[];
}

async function planAgainst(run: TestSandbox, desired: DesiredState, records: RequestRecord[]): Promise<Planned> {
  records.length = 0;
  const { sandbox } = run;
  const client = new AscClient({
    baseUrl: sandbox.url,
    credentials: await loadCredentials({ issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath }),
  });
  try {
    const { live, errors } = await readLiveState(client, desired);
    assert.ok(live, errors.map((error) => error.message).join("; "));
    return { plan: diff(desired, live, { today: TODAY, errors }), records: [...records] };
  } finally {
    client.close();
  }
}

/** The part of a plan a user sees: changes and blocked changes, without the ids App Store Connect gave. */
const seen = (plan: Plan) =>
  JSON.parse(JSON.stringify({ changes: plan.changes, blocked: plan.blocked, pending: plan.pending }), (key, value) =>
    /Id$|^replaces$/.test(key) ? "<id>" : value,
  );

describe("answers shaped as App Store Connect really sends them plan what well-formed ones plan", () => {
  let desired: DesiredState;
  let baseline: Plan;
  const started: TestSandbox[] = [];
  const records: RequestRecord[] = [];

  const demo = async (answers: SandboxOptions["answers"], options: SandboxOptions = {}) => {
    const run = await startTestSandbox({ answers, onRequest: (record) => records.push(record), ...options });
    started.push(run);
    return run;
  };

  before(async () => {
    const validation = await validateRepository({ metadataDir: path.join(ROOT, "metadata"), screenshotsDir: path.join(ROOT, "screenshots") });
    desired = buildDesiredState(validation.files);
    baseline = (await planAgainst(await demo({ nulls: false }), desired, records)).plan;
    assert.ok(
      baseline.changes.some((change) => change.kind === "localization-create"),
      "the demo plans the missing ja locale",
    );
    assert.ok(
      baseline.changes.some((change) => change.kind === "field-update" && change.target === "live"),
      "and promotional text on the version on sale",
    );
  });
  after(async () => {
    for (const run of started) await run.dispose();
  });

  test("every empty attribute answered as null (Apple's way, the sandbox's default) reads as no value", async () => {
    const run = await demo({});
    const answer = await run.api.get(`/v1/apps/${(await demoIds(run.api)).appId}/appInfos?include=appInfoLocalizations`);
    assert.ok(
      answer.body.included.some((item: any) => Object.values(item.attributes).includes(null)),
      "the answers carry nulls",
    );
    assert.deepEqual(seen((await planAgainst(run, desired, records)).plan), seen(baseline));
    // The client hands on no null at all: every reader sees "no value".
    const { sandbox } = run;
    const client = new AscClient({
      baseUrl: sandbox.url,
      credentials: await loadCredentials({ issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath }),
    });
    const read = await client.get(`/v1/apps/${(await demoIds(run.api)).appId}/appInfos`, { include: ["appInfoLocalizations"] });
    client.close();
    assert.doesNotMatch(JSON.stringify(read), /null/);
  });

  test("includes that were not honoured (relationships with links only) are read from the relationships: not as zero localizations", async () => {
    const { plan, records: reads } = await planAgainst(await demo({ includes: "links-only" }), desired, records);
    assert.deepEqual(seen(plan), seen(baseline));
    const paths = reads.map((record) => new URL(record.url, "http://sandbox").pathname);
    assert.ok(
      paths.some((pathname) => /^\/v1\/appStoreVersions\/[^/]+\/appStoreVersionLocalizations$/.test(pathname)),
      "the version's localizations were read",
    );
    assert.ok(
      paths.some((pathname) => /^\/v1\/appInfos\/[^/]+\/appInfoLocalizations$/.test(pathname)),
      "the app info's localizations were read",
    );
    assert.ok(
      paths.some((pathname) => /^\/v1\/appScreenshotSets\/[^/]+\/appScreenshots$/.test(pathname)),
      "each set's screenshots were read",
    );
  });

  test("a screenshot whose assetDeliveryState is null is kept, never deleted as an abandoned reservation", async () => {
    const { plan } = await planAgainst(await demo({ deliveryState: "null" }), desired, records);
    assert.deepEqual(seen(plan), seen(baseline));
    assert.ok(!plan.changes.some((change) => change.kind === "screenshot-delete" && change.reason === "stale-reservation"));
  });

  test("a screenshot with a null state and no checksum yet (still processing) is pending: not deleted, not uploaded again", async () => {
    const run = await demo({ deliveryState: "null" }, { processingMs: 600_000 });
    const ids = await demoIds(run.api);
    const localization = ids.localizationOf(ids.editableVersionId, "de-DE")!;
    const set = await run.api.post("/v1/appScreenshotSets", {
      data: {
        type: "appScreenshotSets",
        attributes: { screenshotDisplayType: "APP_IPAD_PRO_3GEN_129" },
        relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: localization } } },
      },
    });
    assert.equal(set.status, 201);
    const bytes = await readFile(path.join(ROOT, "screenshots/de-DE/ipad-13/01-today.png"));
    assert.equal((await uploadScreenshot(run.api, set.body.data.id, "01-today.png", bytes)).commit.status, 200);

    const { plan } = await planAgainst(run, desired, records);
    const deIpad = (change: { locale: string; displayType?: string }) => change.locale === "de-DE" && change.displayType === "APP_IPAD_PRO_3GEN_129";
    assert.deepEqual(
      plan.pending.filter(deIpad).map((item) => item.fileName),
      ["01-today.png"],
    );
    assert.deepEqual(
      plan.changes.filter(deIpad).map((change) => [change.kind, "fileName" in change ? change.fileName : undefined]),
      [["screenshot-upload", "02-plan.png"]],
      "only the file not uploaded yet is uploaded; nothing is deleted",
    );
  });

  test("the deprecated appStoreState disagreeing with appVersionState: the version on sale is still found by appVersionState", async () => {
    const { plan } = await planAgainst(await demo({ appStoreState: "disagreeing" }), desired, records);
    assert.equal(plan.app.liveVersion?.state, "READY_FOR_DISTRIBUTION");
    assert.deepEqual(seen(plan), seen(baseline));
  });

  test("an included list cut at its limit without a total (51 live locales) is read whole from the relationship", async () => {
    const folder = await tempFolder();
    // A locale App Store Connect added after this tool's list, first, so that a listed one falls past the include's 50.
    const locales = ["fil", ...APP_STORE_LOCALES];
    const { ids } = await writeSandboxState(folder, [
      {
        bundleId: "com.acme.many",
        versions: [
          {
            versionString: "2.0",
            appVersionState: "PREPARE_FOR_SUBMISSION",
            localizations: locales.map((locale) => ({ locale, description: `Text of ${locale}.` })),
          },
        ],
        appInfos: [{ state: "PREPARE_FOR_SUBMISSION", localizations: locales.map((locale) => ({ locale, name: `Many ${locale}` })) }],
      },
    ]);
    const run = await startTestSandbox({ answers: { relationshipPaging: false }, onRequest: (record) => records.push(record) }, folder);
    started.push(run);
    const many = desiredState(
      Object.fromEntries(APP_STORE_LOCALES.map((locale) => [locale, { appInfo: { name: `Many ${locale}` }, version: { description: `Text of ${locale}.` } }])),
    );
    many.app = { app: { bundleId: "com.acme.many", platform: "IOS" }, version: "2.0", prune: false };

    const { plan, records: reads } = await planAgainst(run, many, records);
    assert.deepEqual(plan.changes, [], "every locale is found live: nothing to create");
    const versionId = ids.versions.get("com.acme.many 2.0")!;
    assert.ok(reads.some((record) => record.url.startsWith(`/v1/appStoreVersions/${versionId}/appStoreVersionLocalizations`)));
  });
});
