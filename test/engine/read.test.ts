import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { AscClient } from "../../src/asc/client.js";
import { loadCredentials } from "../../src/asc/credentials.js";
import { buildDesiredState, type DesiredState } from "../../src/engine/desired-state.js";
import { readLiveState } from "../../src/engine/read.js";
import { validateRepository } from "../../src/engine/validate/index.js";
import type { RequestRecord } from "../../src/sandbox/index.js";
import { findOperation } from "../sandbox/helpers/contract.js";
import { startTestSandbox, type TestSandbox } from "../sandbox/helpers/sandbox.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("reading live state from the sandbox", () => {
  let desired: DesiredState;
  let test_: TestSandbox;
  const records: RequestRecord[] = [];

  before(async () => {
    const validation = await validateRepository({ metadataDir: path.join(ROOT, "metadata"), screenshotsDir: path.join(ROOT, "screenshots") });
    desired = buildDesiredState(validation.files);
    test_ = await startTestSandbox({ onRequest: (record) => records.push(record) });
  });
  after(() => test_.dispose());

  async function read(state: DesiredState) {
    records.length = 0;
    const { sandbox } = test_;
    const credentials = await loadCredentials({ issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath });
    const client = new AscClient({ baseUrl: sandbox.url, credentials });
    return { result: await readLiveState(client, state), stats: client.stats() };
  }

  test("the example app is read with the minimum: 1 lookup + versions + appInfos + 1 per screenshot locale, all GETs within the spec", async () => {
    const { result, stats } = await read(desired);
    const live = result.live!;
    assert.deepEqual(result.errors, []);
    // A = 1 (bundleId lookup), 2, S = 2 (en-US and de-DE exist live and have screenshot folders; ja does not exist yet), B = 1 (build: latest).
    assert.equal(records.length, 1 + 2 + 2 + 1);
    assert.equal(stats.writes, 0);
    for (const record of records) {
      assert.equal(record.method, "GET");
      assert.equal(record.status, 200, record.url);
      const url = new URL(record.url, "http://sandbox");
      const operation = findOperation("GET", url.pathname);
      assert.ok(operation, `${url.pathname} is an operation of Apple's spec`);
      for (const name of url.searchParams.keys())
        assert.ok(
          operation.parameters.some((parameter) => parameter.name === name),
          `${name} is a parameter of ${operation.operationId}`,
        );
    }
    assert.equal(new Set(records.map((record) => record.url)).size, records.length, "nothing is read twice");

    assert.equal(live.app.bundleId, "com.acme.fitness");
    assert.deepEqual([live.version?.versionString, live.version?.editable], ["2.4.0", true]);
    assert.equal(live.liveVersion?.versionString, "2.3.1");
    assert.equal(live.isFirstVersion, false);
    assert.equal(live.appInfo?.editable, true);
    assert.deepEqual(live.versionLocalizations.map((item) => item.locale).sort(), ["de-DE", "en-US"]);
    assert.deepEqual([...new Set(live.screenshotSets.map((set) => set.locale))].sort(), ["de-DE", "en-US"]);
    assert.ok(live.screenshotSets.every((set) => set.screenshots.every((shot) => shot.checksum && shot.state === "COMPLETE")));
  });

  test("a plan's screenshot reads leave out the rendition URL; pull's ask for it, to download the images", async () => {
    const setReads = () => records.filter((record) => record.url.includes("/appScreenshotSets?"));
    const plan = await read(desired);
    assert.ok(setReads().length > 0);
    for (const record of setReads()) assert.doesNotMatch(decodeURIComponent(record.url), /imageAsset/);
    assert.ok(plan.result.live!.screenshotSets.every((set) => set.screenshots.every((shot) => shot.image === undefined)));

    records.length = 0;
    const { sandbox } = test_;
    const credentials = await loadCredentials({ issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath });
    const pulled = await readLiveState(new AscClient({ baseUrl: sandbox.url, credentials }), desired, { allScreenshots: true });
    for (const record of setReads()) assert.match(decodeURIComponent(record.url), /fields\[appScreenshots\]=[^&]*imageAsset/);
    const shots = pulled.live!.screenshotSets.flatMap((set) => set.screenshots);
    assert.ok(shots.length > 0 && shots.every((shot) => shot.image?.templateUrl.includes("{w}x{h}")));
  });

  test("with app.id in app.yml, the lookup is skipped: the app comes included with the appInfos", async () => {
    const first = await read(desired);
    const byId: DesiredState = { ...desired, app: { ...desired.app, app: { id: first.result.live!.app.id, platform: "IOS" } } };
    const { result } = await read(byId);
    assert.equal(records.length, 0 + 2 + 2 + 1);
    assert.equal(result.live?.app.bundleId, "com.acme.fitness");
  });

  test("a version named in app.yml that the app lacks is the editable one, to be renamed (no error)", async () => {
    const { result } = await read({ ...desired, app: { ...desired.app, version: "9.9" } });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.live?.versionToMake, { action: "rename", from: "2.4.0", to: "9.9" });
    assert.equal(result.live?.version?.versionString, "2.4.0");
  });

  test("an unknown bundle id is an error, not a crash", async () => {
    const { result } = await read({ ...desired, app: { ...desired.app, app: { bundleId: "com.nobody.nothing", platform: "IOS" } } });
    assert.equal(result.live, undefined);
    assert.match(result.errors[0]!.message, /^no app with bundle id com\.nobody\.nothing/);
  });
});
