/**
 * The demo app a first start seeds: the example repository's app, live state
 * that differs from the repository's files the way a real app's does.
 */
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { load } from "js-yaml";
import { compareNatural } from "../../src/util/natural-sort.js";
import { demoIds, md5, startTestSandbox, type TestSandbox } from "./helpers/sandbox.js";

const repository = new URL("../../", import.meta.url);
const repoLocale = async (locale: string) => load(await readFile(new URL(`metadata/${locale}.yml`, repository), "utf8")) as Record<string, any>;
const repoChecksums = async (locale: string, alias: string) => {
  const folder = new URL(`screenshots/${locale}/${alias}/`, repository);
  const names = (await readdir(folder)).filter((name) => name.endsWith(".png")).sort(compareNatural);
  return Promise.all(names.map(async (name) => md5(await readFile(new URL(name, folder)))));
};

describe("the seeded demo app", () => {
  let run: TestSandbox;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  before(async () => {
    run = await startTestSandbox();
    ids = await demoIds(run.api);
  });
  after(() => run.dispose());

  const versionText = async (versionId: string, locale: string) => {
    const id = ids.localizationOf(versionId, locale);
    return id ? (await run.api.get(`/v1/appStoreVersionLocalizations/${id}`)).body.data.attributes : undefined;
  };
  const liveChecksums = async (locale: string, displayType: string) => {
    const id = ids.localizationOf(ids.editableVersionId, locale)!;
    const sets = await run.api.get(
      `/v1/appStoreVersionLocalizations/${id}/appScreenshotSets?filter[screenshotDisplayType]=${displayType}&include=appScreenshots`,
    );
    if (sets.body.data.length === 0) return undefined;
    const byId = new Map(sets.body.included.map((item: any) => [item.id, item.attributes.sourceFileChecksum]));
    return sets.body.data[0].relationships.appScreenshots.data.map((item: any) => byId.get(item.id));
  };

  test("is the example app.yml's app, with a live and an editable version and app info", async () => {
    const app = (await run.api.get(`/v1/apps/${ids.appId}`)).body.data.attributes;
    assert.equal(app.bundleId, "com.acme.fitness");
    assert.equal(app.name, "Acme Fitness");
    const versions = (await run.api.get(`/v1/apps/${ids.appId}/appStoreVersions`)).body.data.map((item: any) => [
      item.attributes.versionString,
      item.attributes.appStoreState,
      item.attributes.platform,
    ]);
    assert.deepEqual(versions, [
      ["2.4.0", "PREPARE_FOR_SUBMISSION", "IOS"],
      ["2.3.1", "READY_FOR_SALE", "IOS"],
    ]);
    assert.ok(ids.liveInfoId && ids.editableInfoId && ids.liveInfoId !== ids.editableInfoId);
  });

  test("ja is missing live; en-US and de-DE are there", async () => {
    assert.equal(ids.localizationOf(ids.editableVersionId, "ja"), undefined);
    assert.equal(ids.infoLocalizationOf(ids.editableInfoId, "ja"), undefined);
    assert.ok(ids.localizationOf(ids.editableVersionId, "en-US"));
    assert.ok(ids.infoLocalizationOf(ids.editableInfoId, "de-DE"));
  });

  test("en-US has an older description, de-DE older keywords; the rest equals the repository", async () => {
    const enUs = await versionText(ids.editableVersionId, "en-US");
    const deDe = await versionText(ids.editableVersionId, "de-DE");
    const repoEn = await repoLocale("en-US");
    const repoDe = await repoLocale("de-DE");
    assert.notEqual(enUs.description, repoEn.description);
    assert.equal(enUs.supportUrl, repoEn.supportUrl);
    assert.equal(enUs.keywords, repoEn.keywords.join(","));
    assert.equal(deDe.description, repoDe.description);
    assert.notEqual(
      deDe.keywords,
      repoDe.keywords
        .split(",")
        .map((item: string) => item.trim())
        .join(","),
    );
    const name = (await run.api.get(`/v1/appInfoLocalizations/${ids.infoLocalizationOf(ids.editableInfoId, "de-DE")}`)).body.data.attributes;
    assert.equal(name.subtitle, repoDe.subtitle);
  });

  test("the live version shows last release's promotional text", async () => {
    const live = await versionText(ids.liveVersionId, "en-US");
    assert.notEqual(live.promotionalText, (await repoLocale("en-US")).promotionalText);
  });

  test("screenshots: en-US iPhone out of order, en-US iPad with one the repository lacks, de-DE iPad missing, de-DE iPhone equal", async () => {
    const enIphone = await liveChecksums("en-US", "APP_IPHONE_67");
    const repoEnIphone = await repoChecksums("en-US", "iphone-6.9");
    assert.deepEqual([...enIphone].sort(), [...repoEnIphone].sort(), "the same files");
    assert.notDeepEqual(enIphone, repoEnIphone, "in another order");
    const enIpad = await liveChecksums("en-US", "APP_IPAD_PRO_3GEN_129");
    const repoEnIpad = await repoChecksums("en-US", "ipad-13");
    assert.deepEqual(enIpad.slice(0, repoEnIpad.length), repoEnIpad);
    assert.equal(enIpad.length, repoEnIpad.length + 1);
    assert.ok(!repoEnIpad.includes(enIpad.at(-1)));
    assert.equal(await liveChecksums("de-DE", "APP_IPAD_PRO_3GEN_129"), undefined);
    assert.deepEqual(await liveChecksums("de-DE", "APP_IPHONE_67"), await repoChecksums("de-DE", "iphone-6.9"));
  });
});

describe("sandbox --empty", () => {
  test("starts with the app, its versions and app infos, and no metadata", async () => {
    const run = await startTestSandbox({ empty: true });
    try {
      const apps = await run.api.get("/v1/apps?filter[bundleId]=com.acme.fitness");
      const appId = apps.body.data[0].id;
      const versions = await run.api.get(`/v1/apps/${appId}/appStoreVersions?include=appStoreVersionLocalizations`);
      assert.equal(versions.body.data.length, 2);
      assert.deepEqual(versions.body.included, []);
      const infos = await run.api.get(`/v1/apps/${appId}/appInfos?include=appInfoLocalizations`);
      assert.equal(infos.body.data.length, 2);
      assert.deepEqual(infos.body.included, []);
    } finally {
      await run.dispose();
    }
  });
});

describe("a fresh sandbox", () => {
  test("the same seed gives the same ids, so runs can be compared", async () => {
    const first = await startTestSandbox({ seed: 5 });
    const second = await startTestSandbox({ seed: 5 });
    try {
      assert.deepEqual(
        await demoIds(second.api).then(({ appId, editableVersionId, liveInfoId }) => [appId, editableVersionId, liveInfoId]),
        await demoIds(first.api).then(({ appId, editableVersionId, liveInfoId }) => [appId, editableVersionId, liveInfoId]),
      );
    } finally {
      await first.dispose();
      await second.dispose();
    }
  });
});
