/**
 * What App Store Connect refuses, and how: version states (409 STATE_ERROR),
 * attribute limits (409 ENTITY_ERROR.ATTRIBUTE.INVALID with a pointer),
 * creation rules, the 10-screenshot limit, reorders, and bad parameters (400).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { iphoneScreenshot } from "./helpers/images.js";
import { demoIds, startTestSandbox, uploadScreenshot, type Exchange, type TestSandbox } from "./helpers/sandbox.js";

function assertError(answer: Exchange, status: number, code: string, pointer?: string) {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  const item = answer.body.errors.find((candidate: any) => candidate.code === code && (!pointer || candidate.source?.pointer === pointer));
  assert.ok(item, `expected ${code} in ${JSON.stringify(answer.body.errors)}`);
  assert.equal(item.status, String(status));
  assert.ok(item.id && item.title && item.detail);
  if (pointer) assert.deepEqual(item.source, { pointer });
  return item;
}

const patchVersionText = (id: string, attributes: Record<string, unknown>) => ({ data: { type: "appStoreVersionLocalizations", id, attributes } });
const patchInfoText = (id: string, attributes: Record<string, unknown>) => ({ data: { type: "appInfoLocalizations", id, attributes } });

describe("App Store Connect's refusals", () => {
  let run: TestSandbox;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  before(async () => {
    run = await startTestSandbox();
    ids = await demoIds(run.api);
  });
  after(() => run.dispose());

  const liveEnUs = () => ids.localizationOf(ids.liveVersionId, "en-US")!;
  const editableEnUs = () => ids.localizationOf(ids.editableVersionId, "en-US")!;
  const newSet = async (displayType = "APP_IPHONE_65", localization = editableEnUs()) => {
    const answer = await run.api.post("/v1/appScreenshotSets", {
      data: {
        type: "appScreenshotSets",
        attributes: { screenshotDisplayType: displayType },
        relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: localization } } },
      },
    });
    return answer;
  };
  const reserve = (setId: string, fileName = "shot.png") =>
    run.api.post("/v1/appScreenshots", {
      data: {
        type: "appScreenshots",
        attributes: { fileName, fileSize: 1000 },
        relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: setId } } },
      },
    });

  describe("version states", () => {
    test("text of the live version is refused with STATE_ERROR, one item per attribute", async () => {
      const answer = await run.api.patch(
        `/v1/appStoreVersionLocalizations/${liveEnUs()}`,
        patchVersionText(liveEnUs(), { description: "A new description.", keywords: "a,b" }),
      );
      assertError(answer, 409, "STATE_ERROR", "/data/attributes/description");
      assertError(answer, 409, "STATE_ERROR", "/data/attributes/keywords");
      assert.equal(answer.body.errors.length, 2);
    });
    test("promotional text changes on the live (READY_FOR_SALE) version", async () => {
      const answer = await run.api.patch(`/v1/appStoreVersionLocalizations/${liveEnUs()}`, patchVersionText(liveEnUs(), { promotionalText: "Now 20% off." }));
      assert.equal(answer.status, 200);
      assert.equal(answer.body.data.attributes.promotionalText, "Now 20% off.");
    });
    test("promotional text with a description on the live version: the description is refused, nothing changes", async () => {
      const answer = await run.api.patch(
        `/v1/appStoreVersionLocalizations/${liveEnUs()}`,
        patchVersionText(liveEnUs(), { promotionalText: "Other.", description: "Changed." }),
      );
      assertError(answer, 409, "STATE_ERROR", "/data/attributes/description");
      assert.equal((await run.api.get(`/v1/appStoreVersionLocalizations/${liveEnUs()}`)).body.data.attributes.promotionalText, "Now 20% off.");
    });
    test("a localization cannot be added to the live version", async () => {
      const answer = await run.api.post("/v1/appStoreVersionLocalizations", {
        data: {
          type: "appStoreVersionLocalizations",
          attributes: { locale: "fr-FR" },
          relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: ids.liveVersionId } } },
        },
      });
      assertError(answer, 409, "STATE_ERROR");
    });
    test("screenshots of the live version cannot be added, reordered or deleted", async () => {
      const sets = await run.api.get(`/v1/appStoreVersionLocalizations/${liveEnUs()}/appScreenshotSets?include=appScreenshots`);
      const set = sets.body.data[0];
      const screenshots = set.relationships.appScreenshots.data.map((item: any) => item.id);
      assertError(await reserve(set.id), 409, "STATE_ERROR");
      assertError(await newSet("APP_IPHONE_65", liveEnUs()), 409, "STATE_ERROR");
      assertError(
        await run.api.patch(`/v1/appScreenshotSets/${set.id}/relationships/appScreenshots`, {
          data: [...screenshots].reverse().map((id: string) => ({ type: "appScreenshots", id })),
        }),
        409,
        "STATE_ERROR",
      );
      assertError(await run.api.delete(`/v1/appScreenshots/${screenshots[0]}`), 409, "STATE_ERROR");
    });
    test("the live app info refuses edits; the one being prepared takes them", async () => {
      const live = ids.infoLocalizationOf(ids.liveInfoId, "en-US")!;
      assertError(
        await run.api.patch(`/v1/appInfoLocalizations/${live}`, patchInfoText(live, { subtitle: "New" })),
        409,
        "STATE_ERROR",
        "/data/attributes/subtitle",
      );
      const editable = ids.infoLocalizationOf(ids.editableInfoId, "en-US")!;
      assert.equal((await run.api.patch(`/v1/appInfoLocalizations/${editable}`, patchInfoText(editable, { subtitle: "Workouts that last" }))).status, 200);
    });
  });

  describe("attribute limits", () => {
    test("keywords over 100 characters are refused at /data/attributes/keywords", async () => {
      const keywords = "a".repeat(101);
      const item = assertError(
        await run.api.patch(`/v1/appStoreVersionLocalizations/${editableEnUs()}`, patchVersionText(editableEnUs(), { keywords })),
        409,
        "ENTITY_ERROR.ATTRIBUTE.INVALID",
        "/data/attributes/keywords",
      );
      assert.match(item.detail, /100 characters/);
    });
    test("100 Japanese characters of keywords fit: the limit counts characters, not bytes", async () => {
      const keywords = "筋".repeat(100);
      const answer = await run.api.patch(`/v1/appStoreVersionLocalizations/${editableEnUs()}`, patchVersionText(editableEnUs(), { keywords }));
      assert.equal(answer.status, 200);
      assert.equal(answer.body.data.attributes.keywords, keywords);
    });
    test("a name over 30 characters is refused at /data/attributes/name", async () => {
      const editable = ids.infoLocalizationOf(ids.editableInfoId, "en-US")!;
      assertError(
        await run.api.patch(`/v1/appInfoLocalizations/${editable}`, patchInfoText(editable, { name: "A".repeat(31) })),
        409,
        "ENTITY_ERROR.ATTRIBUTE.INVALID",
        "/data/attributes/name",
      );
    });
    test("every problem of a request is listed at once", async () => {
      const answer = await run.api.patch(
        `/v1/appStoreVersionLocalizations/${editableEnUs()}`,
        patchVersionText(editableEnUs(), { promotionalText: "p".repeat(171), supportUrl: "not a url", description: "d".repeat(4001) }),
      );
      assert.equal(answer.status, 409);
      assert.deepEqual(answer.body.errors.map((item: any) => item.source.pointer).sort(), [
        "/data/attributes/description",
        "/data/attributes/promotionalText",
        "/data/attributes/supportUrl",
      ]);
    });
    test('a URL cleared with "" is refused at its pointer (the spec\'s format is uri); null clears it', async () => {
      const refused = await run.api.patch(
        `/v1/appStoreVersionLocalizations/${editableEnUs()}`,
        patchVersionText(editableEnUs(), { marketingUrl: "", keywords: "gym,yoga" }),
      );
      assertError(refused, 409, "ENTITY_ERROR.ATTRIBUTE.INVALID", "/data/attributes/marketingUrl");
      assert.equal(refused.body.errors.length, 1, "only the URL is refused");
      const info = ids.infoLocalizationOf(ids.editableInfoId, "en-US")!;
      assertError(
        await run.api.patch(`/v1/appInfoLocalizations/${info}`, patchInfoText(info, { privacyChoicesUrl: "" })),
        409,
        "ENTITY_ERROR.ATTRIBUTE.INVALID",
        "/data/attributes/privacyChoicesUrl",
      );
      const cleared = await run.api.patch(`/v1/appStoreVersionLocalizations/${editableEnUs()}`, patchVersionText(editableEnUs(), { marketingUrl: null }));
      assert.equal(cleared.status, 200);
      assert.equal(cleared.body.data.attributes.marketingUrl, null);
    });
    test("an attribute the resource does not have is refused", async () => {
      assertError(
        await run.api.patch(`/v1/appStoreVersionLocalizations/${editableEnUs()}`, patchVersionText(editableEnUs(), { title: "x" })),
        409,
        "ENTITY_ERROR.ATTRIBUTE.UNKNOWN",
        "/data/attributes/title",
      );
    });
    test("a body whose id differs from the path's is refused", async () => {
      assertError(
        await run.api.patch(`/v1/appStoreVersionLocalizations/${editableEnUs()}`, patchVersionText("other-id", { keywords: "a" })),
        409,
        "ENTITY_ERROR.ID.INVALID",
        "/data/id",
      );
    });
  });

  describe("creation rules", () => {
    test("a version locale that already exists gets 409 DUPLICATE, as Apple words it", async () => {
      const answer = await run.api.post("/v1/appStoreVersionLocalizations", {
        data: {
          type: "appStoreVersionLocalizations",
          attributes: { locale: "de-DE" },
          relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: ids.editableVersionId } } },
        },
      });
      const item = assertError(answer, 409, "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", "/data/attributes/locale");
      assert.equal(item.detail, "Entity with locale: de-DE already exists. Try updating.");
    });
    test("an app info locale that already exists gets 409 DUPLICATE", async () => {
      const answer = await run.api.post("/v1/appInfoLocalizations", {
        data: {
          type: "appInfoLocalizations",
          attributes: { locale: "en-US", name: "Acme Fitness" },
          relationships: { appInfo: { data: { type: "appInfos", id: ids.editableInfoId } } },
        },
      });
      assertError(answer, 409, "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", "/data/attributes/locale");
    });
    test("an app info localization needs a name", async () => {
      const answer = await run.api.post("/v1/appInfoLocalizations", {
        data: {
          type: "appInfoLocalizations",
          attributes: { locale: "fr-FR" },
          relationships: { appInfo: { data: { type: "appInfos", id: ids.editableInfoId } } },
        },
      });
      assertError(answer, 409, "ENTITY_ERROR.ATTRIBUTE.REQUIRED", "/data/attributes/name");
    });
    test("a locale App Store Connect lacks is refused with a hint", async () => {
      const answer = await run.api.post("/v1/appInfoLocalizations", {
        data: {
          type: "appInfoLocalizations",
          attributes: { locale: "de", name: "Acme Fitness" },
          relationships: { appInfo: { data: { type: "appInfos", id: ids.editableInfoId } } },
        },
      });
      const item = assertError(answer, 409, "ENTITY_ERROR.ATTRIBUTE.INVALID", "/data/attributes/locale");
      assert.match(item.detail, /May be: de-DE/);
    });
    test("a relationship to nothing is refused", async () => {
      const answer = await run.api.post("/v1/appStoreVersionLocalizations", {
        data: {
          type: "appStoreVersionLocalizations",
          attributes: { locale: "fr-FR" },
          relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: "missing" } } },
        },
      });
      assertError(answer, 409, "ENTITY_ERROR.RELATIONSHIP.INVALID", "/data/relationships/appStoreVersion");
    });
    test("a display type exists once per localization, and must suit the platform", async () => {
      assertError(await newSet("APP_IPHONE_67"), 409, "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", "/data/attributes/screenshotDisplayType");
      assertError(await newSet("APP_DESKTOP"), 409, "ENTITY_ERROR.ATTRIBUTE.INVALID", "/data/attributes/screenshotDisplayType");
    });
    test("the localization in the app's primary language cannot be deleted", async () => {
      assertError(await run.api.delete(`/v1/appStoreVersionLocalizations/${editableEnUs()}`), 409, "STATE_ERROR");
    });
  });

  describe("screenshot sets", () => {
    test("a set holds at most 10 screenshots, reservations awaiting upload included", async () => {
      const set = await newSet("APP_IPHONE_55");
      assert.equal(set.status, 201);
      for (let index = 1; index <= 10; index++) assert.equal((await reserve(set.body.data.id, `${index}.png`)).status, 201);
      assertError(await reserve(set.body.data.id, "11.png"), 409, "ENTITY_ERROR.RELATIONSHIP.INVALID", "/data/relationships/appScreenshotSet");
    });
    test("a reorder replaces the order, and refuses an id that is not in the set, and a list that leaves one out", async () => {
      const set = (await newSet("APP_IPHONE_61")).body.data.id;
      const shots = [];
      for (const shade of [1, 2, 3]) shots.push((await uploadScreenshot(run.api, set, `${shade}.png`, await iphoneScreenshot(shade))).id);
      const order = (data: string[]) => ({ data: data.map((id) => ({ type: "appScreenshots", id })) });
      const refused = await run.api.patch(`/v1/appScreenshotSets/${set}/relationships/appScreenshots`, order([shots[2]!, "not-in-this-set"]));
      assertError(refused, 409, "ENTITY_ERROR.RELATIONSHIP.INVALID", "/data/1/id");
      assertError(
        await run.api.patch(`/v1/appScreenshotSets/${set}/relationships/appScreenshots`, order([shots[0]!, shots[0]!])),
        409,
        "ENTITY_ERROR.RELATIONSHIP.INVALID",
      );
      const partial = assertError(
        await run.api.patch(`/v1/appScreenshotSets/${set}/relationships/appScreenshots`, order([shots[2]!, shots[0]!])),
        409,
        "ENTITY_ERROR.RELATIONSHIP.INVALID",
        "/data",
      );
      assert.equal(partial.detail, `The list must name every screenshot of the set '${set}'; it leaves out '${shots[1]}'`);
      assert.equal((await run.api.patch(`/v1/appScreenshotSets/${set}/relationships/appScreenshots`, order([shots[2]!, shots[0]!, shots[1]!]))).status, 204);
      const after = await run.api.get(`/v1/appScreenshotSets/${set}/relationships/appScreenshots`);
      assert.deepEqual(
        after.body.data.map((item: any) => item.id),
        [shots[2], shots[0], shots[1]],
      );
    });
    test("deleting a screenshot takes it out of its set", async () => {
      const set = (await newSet("APP_IPHONE_58")).body.data.id;
      const shot = (await reserve(set)).body.data.id;
      assert.equal((await run.api.delete(`/v1/appScreenshots/${shot}`)).status, 204);
      assertError(await run.api.get(`/v1/appScreenshots/${shot}`), 404, "NOT_FOUND");
      assert.deepEqual((await run.api.get(`/v1/appScreenshotSets/${set}/relationships/appScreenshots`)).body.data, []);
    });
  });

  describe("parameters and paths", () => {
    test("a parameter the operation does not take: 400 PARAMETER_ERROR.INVALID naming it", async () => {
      const item = assertError(await run.api.get("/v1/apps?filter[bundle]=com.acme.fitness"), 400, "PARAMETER_ERROR.INVALID");
      assert.deepEqual(item.source, { parameter: "filter[bundle]" });
    });
    test("a value outside the spec's enum", async () => {
      const item = assertError(await run.api.get(`/v1/apps/${ids.appId}/appStoreVersions?filter[platform]=ANDROID`), 400, "PARAMETER_ERROR.INVALID");
      assert.deepEqual(item.source, { parameter: "filter[platform]" });
      assertError(await run.api.get(`/v1/apps/${ids.appId}?fields[apps]=name,colour`), 400, "PARAMETER_ERROR.INVALID");
    });
    test("a limit above the maximum (200, and 50 for included relationships)", async () => {
      assertError(await run.api.get("/v1/apps?limit=201"), 400, "PARAMETER_ERROR.INVALID");
      assertError(
        await run.api.get(`/v1/apps/${ids.appId}/appStoreVersions?include=appStoreVersionLocalizations&limit[appStoreVersionLocalizations]=51`),
        400,
        "PARAMETER_ERROR.INVALID",
      );
    });
    test("a cursor that is not one", async () => {
      assertError(await run.api.get("/v1/apps?cursor=garbage"), 400, "PARAMETER_ERROR.INVALID");
    });
    test("an unknown id, an unknown path and a method a path lacks", async () => {
      assertError(await run.api.get("/v1/appStoreVersions/missing"), 404, "NOT_FOUND");
      assertError(await run.api.get("/v1/betaGroups"), 404, "NOT_FOUND");
      assertError(await run.api.delete(`/v1/apps/${ids.appId}`), 405, "METHOD_NOT_ALLOWED");
    });
    test("a body that is not JSON is 422", async () => {
      const answer = await run.api.request("POST", "/v1/appScreenshots", { headers: { "content-type": "application/json" }, body: undefined });
      assertError(answer, 422, "ENTITY_UNPROCESSABLE");
    });
  });
});
