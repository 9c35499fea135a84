/**
 * The contract: every operation the sandbox serves, driven once or more, with
 * each request and each answer checked against Apple's spec (the committed
 * subset): paths, methods, parameter names and values, request bodies,
 * documented statuses and response schemas.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SERVED_OPERATIONS } from "../../src/sandbox/index.js";
import { contractProblems, findOperation, specOperations } from "./helpers/contract.js";
import { iphoneScreenshot } from "./helpers/images.js";
import { exampleVideo, withDuration } from "../helpers/videos.js";
import {
  demoIds,
  startTestSandbox,
  uploadPreview,
  uploadScreenshot,
  waitForPreview,
  waitForProcessing,
  type Exchange,
  type TestSandbox,
} from "./helpers/sandbox.js";

const versionLocalization = (versionId: string, locale: string, attributes: Record<string, unknown> = {}) => ({
  data: {
    type: "appStoreVersionLocalizations",
    attributes: { locale, ...attributes },
    relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: versionId } } },
  },
});

/** The seeded active analytics request of the demo app, a report of it, an instance and a segment. */
async function analyticsIds(api: TestSandbox["api"], appId: string) {
  const requests = (await api.get(`/v1/apps/${appId}/analyticsReportRequests?filter[accessType]=ONGOING`)).body.data;
  const request = requests.find((item: any) => !item.attributes.stoppedDueToInactivity);
  const report = (await api.get(`/v1/analyticsReportRequests/${request.id}/reports?filter[name]=App Downloads Standard`)).body.data[0];
  const instance = (await api.get(`/v1/analyticsReports/${report.id}/instances?filter[granularity]=DAILY`)).body.data[0];
  const segment = (await api.get(`/v1/analyticsReportInstances/${instance.id}/segments`)).body.data[0];
  return { requestId: request.id as string, reportId: report.id as string, instanceId: instance.id as string, segment };
}

describe("every operation answers as Apple's spec says", () => {
  let run: TestSandbox;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  const created: Record<string, string> = {};

  before(async () => {
    run = await startTestSandbox({ processingMs: 30 });
    ids = await demoIds(run.api);
  });
  after(() => run.dispose());

  const succeeded = (exchange: Exchange, status = 200) => {
    assert.equal(exchange.status, status, `${exchange.method} ${exchange.path}: ${JSON.stringify(exchange.body)}`);
    return exchange.body;
  };

  test("reads: the app, its versions, app infos and localizations, with include, fields and filters", async () => {
    const { api } = run;
    const apps = succeeded(await api.get("/v1/apps?filter[bundleId]=com.acme.fitness&fields[apps]=name,bundleId,primaryLocale,appStoreVersions&limit=5"));
    assert.equal(apps.data.length, 1);
    assert.deepEqual(Object.keys(apps.data[0].attributes).sort(), ["bundleId", "name", "primaryLocale"]);
    assert.ok(apps.data[0].relationships.appStoreVersions, "a relationship named in fields[apps] is kept");
    assert.equal(apps.data[0].relationships.appInfos, undefined, "a relationship not named in fields[apps] is left out");

    const app = succeeded(await api.get(`/v1/apps/${ids.appId}?include=appInfos,appStoreVersions&limit[appStoreVersions]=1`));
    assert.equal(app.data.relationships.appStoreVersions.data.length, 1);
    assert.deepEqual(app.data.relationships.appStoreVersions.meta.paging, { total: 2, limit: 1 });
    assert.equal(app.included.filter((item: any) => item.type === "appInfos").length, 2);

    succeeded(
      await api.get(
        `/v1/apps/${ids.appId}/appStoreVersions?filter[platform]=IOS&filter[appVersionState]=PREPARE_FOR_SUBMISSION&include=appStoreVersionLocalizations`,
      ),
    );
    succeeded(await api.get(`/v1/apps/${ids.appId}/relationships/appStoreVersions`));
    succeeded(await api.get(`/v1/apps/${ids.appId}/appInfos?include=appInfoLocalizations&limit[appInfoLocalizations]=50`));
    succeeded(await api.get(`/v1/apps/${ids.appId}/relationships/appInfos`));
    succeeded(await api.get(`/v1/appInfos/${ids.editableInfoId}?include=app,appInfoLocalizations`));
    const infoLocalizations = succeeded(await api.get(`/v1/appInfos/${ids.editableInfoId}/appInfoLocalizations?filter[locale]=en-US&include=appInfo`));
    assert.deepEqual(
      infoLocalizations.data.map((item: any) => item.attributes.locale),
      ["en-US"],
    );
    succeeded(await api.get(`/v1/appInfos/${ids.editableInfoId}/relationships/appInfoLocalizations`));
    succeeded(
      await api.get(
        `/v1/appStoreVersions/${ids.editableVersionId}?include=app,appStoreVersionLocalizations` +
          "&fields[appStoreVersions]=versionString,appVersionState,appStoreVersionLocalizations",
      ),
    );
    succeeded(
      await api.get(`/v1/appStoreVersions/${ids.editableVersionId}/appStoreVersionLocalizations?include=appScreenshotSets&limit[appScreenshotSets]=50`),
    );
    succeeded(await api.get(`/v1/appStoreVersions/${ids.editableVersionId}/relationships/appStoreVersionLocalizations`));
  });

  test("writes: localizations created, read, changed and deleted", async () => {
    const { api } = run;
    const infoLocalization = succeeded(
      await api.post("/v1/appInfoLocalizations", {
        data: {
          type: "appInfoLocalizations",
          attributes: { locale: "ja", name: "Acme フィットネス", subtitle: "続けられるトレーニング" },
          relationships: { appInfo: { data: { type: "appInfos", id: ids.editableInfoId } } },
        },
      }),
      201,
    );
    created.infoLocalization = infoLocalization.data.id;
    succeeded(await api.get(`/v1/appInfoLocalizations/${created.infoLocalization}?include=appInfo&fields[appInfos]=state`));
    const patched = succeeded(
      await api.patch(`/v1/appInfoLocalizations/${created.infoLocalization}`, {
        data: {
          type: "appInfoLocalizations",
          id: created.infoLocalization,
          attributes: { subtitle: "毎日続くトレーニング", privacyChoicesUrl: null },
        },
      }),
    );
    assert.equal(patched.data.attributes.subtitle, "毎日続くトレーニング");

    const localization = succeeded(
      await api.post("/v1/appStoreVersionLocalizations", versionLocalization(ids.editableVersionId, "ja", { keywords: "ジム,筋トレ" })),
      201,
    );
    created.localization = localization.data.id;
    succeeded(await api.get(`/v1/appStoreVersionLocalizations/${created.localization}?include=appStoreVersion,appScreenshotSets`));
    const changed = succeeded(
      await api.patch(`/v1/appStoreVersionLocalizations/${created.localization}`, {
        data: { type: "appStoreVersionLocalizations", id: created.localization, attributes: { keywords: "ジム,筋トレ,ヨガ", whatsNew: "改善" } },
      }),
    );
    assert.equal(changed.data.attributes.keywords, "ジム,筋トレ,ヨガ");

    // app.yml's copyright (the version) and content rights (the app).
    const version = succeeded(
      await api.patch(`/v1/appStoreVersions/${ids.editableVersionId}`, {
        data: { type: "appStoreVersions", id: ids.editableVersionId, attributes: { copyright: "2027 Acme Inc." } },
      }),
    );
    assert.equal(version.data.attributes.copyright, "2027 Acme Inc.");
    const app = succeeded(
      await api.patch(`/v1/apps/${ids.appId}`, {
        data: { type: "apps", id: ids.appId, attributes: { contentRightsDeclaration: "DOES_NOT_USE_THIRD_PARTY_CONTENT" } },
      }),
    );
    assert.equal(app.data.attributes.contentRightsDeclaration, "DOES_NOT_USE_THIRD_PARTY_CONTENT");
    const infos = succeeded(await api.get(`/v1/apps/${ids.appId}/appInfos?include=ageRatingDeclaration`));
    const editableInfo = infos.data.find((item: any) => item.id === ids.editableInfoId);
    const declarationId = editableInfo.relationships.ageRatingDeclaration.data.id;
    assert.ok(
      infos.included.some((item: any) => item.type === "ageRatingDeclarations" && item.id === declarationId),
      "the declaration comes included",
    );
    const declaration = succeeded(await api.get(`/v1/appInfos/${ids.editableInfoId}/ageRatingDeclaration`));
    assert.equal(declaration.data.id, declarationId);
    const answered = succeeded(
      await api.patch(`/v1/ageRatingDeclarations/${declarationId}`, {
        data: { type: "ageRatingDeclarations", id: declarationId, attributes: { healthOrWellnessTopics: true, gunsOrOtherWeapons: "INFREQUENT" } },
      }),
    );
    assert.equal(answered.data.attributes.healthOrWellnessTopics, true);
    assert.equal(answered.data.attributes.gunsOrOtherWeapons, "INFREQUENT");
    const category = (id: string) => ({ data: { type: "appCategories", id } });
    const categorized = succeeded(
      await api.patch(`/v1/appInfos/${ids.editableInfoId}`, {
        data: {
          type: "appInfos",
          id: ids.editableInfoId,
          relationships: { primaryCategory: category("GAMES"), primarySubcategoryOne: category("GAMES_PUZZLE"), secondaryCategory: category("EDUCATION") },
        },
      }),
    );
    assert.equal(categorized.data.relationships.primarySubcategoryOne.data.id, "GAMES_PUZZLE");
    const withCategories = succeeded(await api.get(`/v1/apps/${ids.appId}/appInfos?include=primaryCategory,primarySubcategoryOne`));
    assert.ok(
      withCategories.included.some((item: any) => item.type === "appCategories" && item.id === "GAMES_PUZZLE" && item.attributes.platforms.includes("IOS")),
      "the categories come included",
    );
  });

  test("screenshots: a set created, two uploads processed, reordered, one deleted, the set deleted", async () => {
    const { api } = run;
    const set = succeeded(
      await api.post("/v1/appScreenshotSets", {
        data: {
          type: "appScreenshotSets",
          attributes: { screenshotDisplayType: "APP_IPHONE_67" },
          relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: created.localization } } },
        },
      }),
      201,
    );
    const setId: string = set.data.id;
    const first = await uploadScreenshot(api, setId, "01-today.png", await iphoneScreenshot(1));
    const second = await uploadScreenshot(api, setId, "02-plan.png", await iphoneScreenshot(2));
    assert.equal(first.commit.status, 200);
    assert.equal(first.reservation.body.data.attributes.assetDeliveryState.state, "AWAITING_UPLOAD");
    assert.equal((await waitForProcessing(api, first.id)).body.data.attributes.assetDeliveryState.state, "COMPLETE");
    assert.equal((await waitForProcessing(api, second.id)).body.data.attributes.assetDeliveryState.state, "COMPLETE");
    succeeded(await api.get(`/v1/appScreenshots/${first.id}?include=appScreenshotSet`));
    succeeded(await api.get(`/v1/appStoreVersionLocalizations/${created.localization}/appScreenshotSets?include=appScreenshots&limit[appScreenshots]=10`));
    succeeded(await api.get(`/v1/appStoreVersionLocalizations/${created.localization}/relationships/appScreenshotSets`));
    succeeded(await api.get(`/v1/appScreenshotSets/${setId}?include=appScreenshots,appStoreVersionLocalization`));
    succeeded(await api.get(`/v1/appScreenshotSets/${setId}/appScreenshots?include=appScreenshotSet`));
    succeeded(
      await api.patch(`/v1/appScreenshotSets/${setId}/relationships/appScreenshots`, {
        data: [
          { type: "appScreenshots", id: second.id },
          { type: "appScreenshots", id: first.id },
        ],
      }),
      204,
    );
    const order = succeeded(await api.get(`/v1/appScreenshotSets/${setId}/relationships/appScreenshots`));
    assert.deepEqual(
      order.data.map((item: any) => item.id),
      [second.id, first.id],
    );
    succeeded(await api.delete(`/v1/appScreenshots/${first.id}`), 204);
    succeeded(await api.delete(`/v1/appScreenshotSets/${setId}`), 204);
    succeeded(await api.delete(`/v1/appStoreVersionLocalizations/${created.localization}`), 204);
    succeeded(await api.delete(`/v1/appInfoLocalizations/${created.infoLocalization}`), 204);
  });

  test("app previews: a set, uploads through both state machines, a 4th refused, a failed processing with Apple's reason, poster frame, order", async () => {
    const { api } = run;
    const localization = ids.localizationOf(ids.editableVersionId, "en-US")!;
    const set = succeeded(
      await api.post("/v1/appPreviewSets", {
        data: {
          type: "appPreviewSets",
          attributes: { previewType: "IPHONE_67" },
          relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: localization } } },
        },
      }),
      201,
    );
    const setId: string = set.data.id;
    const first = await uploadPreview(api, setId, "01-intro.mp4", exampleVideo());
    assert.equal(first.reservation.body.data.attributes.videoDeliveryState.state, "AWAITING_UPLOAD");
    assert.equal(first.commit.body.data.attributes.videoDeliveryState.state, "UPLOAD_COMPLETE");
    assert.equal(first.commit.body.data.attributes.previewFrameImage.state.state, "PROCESSING");
    const short = await uploadPreview(api, setId, "02-short.mp4", withDuration(12));
    const third = await uploadPreview(api, setId, "03-more.mp4", exampleVideo(3));
    const done = (await waitForPreview(api, first.id)).body.data.attributes;
    assert.equal(done.videoDeliveryState.state, "COMPLETE");
    assert.equal(done.previewFrameImage.state.state, "COMPLETE");
    assert.ok(done.videoUrl, "a processed video has its URL");
    const failed = (await waitForPreview(api, short.id)).body.data.attributes;
    assert.equal(failed.videoDeliveryState.state, "FAILED");
    assert.match(failed.videoDeliveryState.errors[0].description, /duration 12 s is not between 15 and 30 seconds/);
    const fourth = await api.post("/v1/appPreviews", {
      data: {
        type: "appPreviews",
        attributes: { fileName: "04.mp4", fileSize: 10 },
        relationships: { appPreviewSet: { data: { type: "appPreviewSets", id: setId } } },
      },
    });
    assert.equal(fourth.status, 409);
    assert.match(fourth.body.errors[0].detail, /Too many app previews/);
    succeeded(
      await api.patch(`/v1/appPreviews/${first.id}`, { data: { type: "appPreviews", id: first.id, attributes: { previewFrameTimeCode: "00:00:03:00" } } }),
    );
    succeeded(await api.get(`/v1/appPreviews/${first.id}?include=appPreviewSet`));
    succeeded(
      await api.get(`/v1/appStoreVersionLocalizations/${localization}/appPreviewSets?include=appPreviews&limit[appPreviews]=50&filter[previewType]=IPHONE_67`),
    );
    succeeded(await api.get(`/v1/appPreviewSets/${setId}?include=appPreviews,appStoreVersionLocalization`));
    succeeded(await api.get(`/v1/appPreviewSets/${setId}/appPreviews?include=appPreviewSet`));
    succeeded(await api.delete(`/v1/appPreviews/${short.id}`), 204);
    succeeded(
      await api.patch(`/v1/appPreviewSets/${setId}/relationships/appPreviews`, {
        data: [
          { type: "appPreviews", id: third.id },
          { type: "appPreviews", id: first.id },
        ],
      }),
      204,
    );
    const order = succeeded(await api.get(`/v1/appPreviewSets/${setId}/appPreviews`));
    assert.deepEqual(
      order.data.map((item: any) => item.id),
      [third.id, first.id],
    );
    const other = succeeded(
      await api.post("/v1/appPreviewSets", {
        data: {
          type: "appPreviewSets",
          attributes: { previewType: "IPAD_PRO_3GEN_129" },
          relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: localization } } },
        },
      }),
      201,
    );
    succeeded(await api.delete(`/v1/appPreviewSets/${other.data.id}`), 204);
    created.previewSet = setId;
    created.preview = first.id;
  });

  test("refusals are documented statuses with Apple's error document", async () => {
    const { api } = run;
    const ageRatingPatch = async (infoId: string, attributes: Record<string, unknown>) => {
      const id = (await api.get(`/v1/appInfos/${infoId}/ageRatingDeclaration`)).body.data.id;
      return api.patch(`/v1/ageRatingDeclarations/${id}`, { data: { type: "ageRatingDeclarations", id, attributes } });
    };
    const enUs = ids.localizationOf(ids.liveVersionId, "en-US")!;
    const expectations: Array<[Promise<Exchange>, number]> = [
      [
        api.patch(`/v1/appStoreVersionLocalizations/${enUs}`, {
          data: { type: "appStoreVersionLocalizations", id: enUs, attributes: { description: "Changed on a live version." } },
        }),
        409,
      ],
      [api.post("/v1/appStoreVersionLocalizations", versionLocalization(ids.editableVersionId, "en-US")), 409],
      [api.get("/v1/apps?filter[bundle]=x"), 400],
      [api.get("/v1/apps?limit=201"), 400],
      [api.get(`/v1/apps/${ids.appId}/appStoreVersions?include=builds`), 400],
      [api.get("/v1/appScreenshots/no-such-id"), 404],
      [api.request("GET", "/v1/apps", { token: null }), 401],
      [api.post("/v1/appScreenshotSets", { data: { type: "appScreenshotSets", attributes: {} } }), 409],
      [api.post("/v1/appScreenshots", { nonsense: true }), 422],
      [ageRatingPatch(ids.editableInfoId, { gamblingAndContests: false }), 409],
      [ageRatingPatch(ids.liveInfoId, { lootBox: true }), 409],
    ];
    for (const [pending, status] of expectations) {
      const exchange = await pending;
      assert.equal(exchange.status, status, `${exchange.method} ${exchange.path}: ${JSON.stringify(exchange.body)}`);
      assert.ok(exchange.body.errors[0].code, "an error code");
    }
  });

  test("every parameter the spec lists for a read is accepted, all at once", async () => {
    const { api } = run;
    const set = (await api.get(`/v1/appStoreVersionLocalizations/${ids.localizationOf(ids.editableVersionId, "en-US")}/appScreenshotSets`)).body.data[0];
    const reviews = (await api.get(`/v1/apps/${ids.appId}/customerReviews?exists[publishedResponse]=true`)).body.data;
    const answered = reviews[0];
    const idFor: Record<string, string> = {
      "/v1/apps/{id}": ids.appId,
      "/v1/appInfos/{id}": ids.editableInfoId,
      "/v1/appStoreVersions/{id}": ids.editableVersionId,
      "/v1/appInfoLocalizations/{id}": ids.infoLocalizationOf(ids.editableInfoId, "en-US")!,
      "/v1/appStoreVersionLocalizations/{id}": ids.localizationOf(ids.editableVersionId, "en-US")!,
      "/v1/appScreenshotSets/{id}": set.id,
      "/v1/appScreenshots/{id}": set.relationships.appScreenshots
        ? (await api.get(`/v1/appScreenshotSets/${set.id}/relationships/appScreenshots`)).body.data[0].id
        : "",
      "/v1/appPreviewSets/{id}": created.previewSet!,
      "/v1/appPreviews/{id}": created.preview!,
      "/v1/appStoreReviewDetails/{id}": (await api.get(`/v1/appStoreVersions/${ids.editableVersionId}/appStoreReviewDetail`)).body.data.id,
      "/v1/customerReviews/{id}": answered.id,
      "/v1/customerReviewResponses/{id}": answered.relationships.response.data.id,
    };
    const analytics = await analyticsIds(api, ids.appId);
    idFor["/v1/analyticsReportRequests/{id}"] = analytics.requestId;
    idFor["/v1/analyticsReports/{id}"] = analytics.reportId;
    idFor["/v1/analyticsReportInstances/{id}"] = analytics.instanceId;
    idFor["/v1/analyticsReportSegments/{id}"] = analytics.segment.id;
    for (const operation of specOperations.filter((candidate) => candidate.method === "GET")) {
      const resource = Object.keys(idFor).find((prefix) => operation.template.startsWith(prefix));
      // The demo's phased release is the version on sale's (2.3.1 was rolled out in phases).
      const id = operation.operationId.includes("PhasedRelease") ? ids.liveVersionId : resource && idFor[resource];
      const path = id ? operation.template.replace("{id}", id) : operation.template;
      const query: string[] = [];
      for (const parameter of operation.parameters.filter((candidate) => candidate.in === "query")) {
        const schema = parameter.schema!;
        const values = (schema.items?.enum ?? schema.enum) as string[] | undefined;
        // A required filter (the review submissions' filter[app]) names the app.
        if (parameter.required && parameter.name === "filter[app]") query.push(`filter[app]=${ids.appId}`);
        if (parameter.name.startsWith("filter[") || parameter.name.startsWith("exists[") || parameter.name === "sort") continue;
        if (values) query.push(`${parameter.name}=${values.join(",")}`);
        else if (schema.type === "integer") query.push(`${parameter.name}=${schema.maximum ?? 10}`);
      }
      const exchange = await api.get(`${path}?${query.join("&")}`);
      assert.equal(exchange.status, 200, `${operation.operationId}: ${JSON.stringify(exchange.body)}`);
    }
  });

  test("every filter the spec lists is implemented", async () => {
    const { api } = run;
    for (const operation of specOperations.filter((candidate) => candidate.method === "GET")) {
      const path = operation.template
        .replace("/v1/apps/{id}", `/v1/apps/${ids.appId}`)
        .replace("/v1/appInfos/{id}", `/v1/appInfos/${ids.editableInfoId}`)
        .replace("/v1/appStoreVersions/{id}", `/v1/appStoreVersions/${ids.editableVersionId}`)
        .replace("/v1/appStoreVersionLocalizations/{id}", `/v1/appStoreVersionLocalizations/${ids.localizationOf(ids.editableVersionId, "en-US")}`);
      if (path.includes("{id}")) continue;
      for (const parameter of operation.parameters.filter((candidate) => /^(filter\[|exists\[|sort$)/.test(candidate.name))) {
        const values = (parameter.schema?.items?.enum ?? parameter.schema?.enum) as string[] | undefined;
        const value = parameter.schema?.type === "boolean" ? "false" : (values?.[0] ?? "x");
        const required = parameter.name !== "filter[app]" && operation.parameters.some((other) => other.required && other.name === "filter[app]");
        const exchange = await api.get(`${path}?${parameter.name}=${value}${required ? `&filter[app]=${ids.appId}` : ""}`);
        assert.equal(exchange.status, 200, `${operation.operationId} ${parameter.name}: ${JSON.stringify(exchange.body)}`);
      }
    }
  });

  /** Exchanges with a second sandbox, seeded empty (a version with no App Review information yet). */
  const elsewhere: Exchange[] = [];

  test("App Review information: read through the versions' include and its own paths, created once per version, edited", async () => {
    const { api } = run;
    const versions = succeeded(
      await api.get(
        `/v1/apps/${ids.appId}/appStoreVersions?filter[platform]=IOS&include=appStoreReviewDetail&fields[appStoreReviewDetails]=contactEmail,notes`,
      ),
    );
    const editable = versions.data.find((item: any) => item.id === ids.editableVersionId);
    const detailId: string = editable.relationships.appStoreReviewDetail.data.id;
    const included = versions.included.find((item: any) => item.type === "appStoreReviewDetails" && item.id === detailId);
    assert.deepEqual(Object.keys(included.attributes).sort(), ["contactEmail", "notes"]);
    assert.equal(succeeded(await api.get(`/v1/appStoreVersions/${ids.editableVersionId}/appStoreReviewDetail`)).data.id, detailId);
    const patched = succeeded(
      await api.patch(`/v1/appStoreReviewDetails/${detailId}`, {
        data: { type: "appStoreReviewDetails", id: detailId, attributes: { notes: "Sign in with the demo account.", demoAccountRequired: true } },
      }),
    );
    assert.equal(patched.data.attributes.notes, "Sign in with the demo account.");
    assert.equal(succeeded(await api.get(`/v1/appStoreReviewDetails/${detailId}`)).data.attributes.demoAccountRequired, true);
    const body = (versionId: string) => ({
      data: {
        type: "appStoreReviewDetails",
        attributes: { contactEmail: "app-review@acme.example" },
        relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: versionId } } },
      },
    });
    const second = await api.post("/v1/appStoreReviewDetails", body(ids.editableVersionId));
    assert.equal(second.status, 409, "one review detail per version");
    const unknown = await api.patch(`/v1/appStoreReviewDetails/${detailId}`, {
      data: { type: "appStoreReviewDetails", id: detailId, attributes: { pin: "1" } },
    });
    assert.equal(unknown.status, 409, "an attribute the spec lacks is refused");

    const empty = await startTestSandbox({ empty: true });
    try {
      const emptyIds = await demoIds(empty.api);
      const created = await empty.api.post("/v1/appStoreReviewDetails", body(emptyIds.editableVersionId));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      elsewhere.push(...empty.api.exchanges);
    } finally {
      await empty.dispose();
    }
  });

  test("analytics: requests made and deleted, reports, instances and segments read, a segment's file downloaded without a token", async () => {
    const { api } = run;
    const analytics = await analyticsIds(api, ids.appId);
    succeeded(await api.get(`/v1/apps/${ids.appId}/relationships/analyticsReportRequests`));
    succeeded(await api.get(`/v1/analyticsReportRequests/${analytics.requestId}?include=reports&limit[reports]=5`));
    succeeded(await api.get(`/v1/analyticsReportRequests/${analytics.requestId}/relationships/reports`));
    succeeded(await api.get(`/v1/analyticsReportRequests/${analytics.requestId}/reports?filter[category]=COMMERCE`));
    succeeded(await api.get(`/v1/analyticsReports/${analytics.reportId}`));
    succeeded(await api.get(`/v1/analyticsReports/${analytics.reportId}/relationships/instances`));
    succeeded(await api.get(`/v1/analyticsReportInstances/${analytics.instanceId}`));
    succeeded(await api.get(`/v1/analyticsReportInstances/${analytics.instanceId}/relationships/segments`));
    succeeded(await api.get(`/v1/analyticsReportSegments/${analytics.segment.id}`));
    const file = await fetch(analytics.segment.attributes.url);
    assert.equal(file.status, 200);
    assert.equal((await file.arrayBuffer()).byteLength, analytics.segment.attributes.sizeInBytes);
    const body = (accessType: string) => ({
      data: { type: "analyticsReportRequests", attributes: { accessType }, relationships: { app: { data: { type: "apps", id: ids.appId } } } },
    });
    assert.equal((await api.post("/v1/analyticsReportRequests", body("ONGOING"))).status, 409, "one active ONGOING request per app");
    const snapshot = succeeded(await api.post("/v1/analyticsReportRequests", body("ONE_TIME_SNAPSHOT")), 201);
    assert.equal((await api.post("/v1/analyticsReportRequests", body("ONE_TIME_SNAPSHOT"))).status, 409, "one snapshot a month");
    assert.equal((await api.delete(`/v1/analyticsReportRequests/${snapshot.data.id}`)).status, 204);
  });

  test("customer reviews: newest first with responses; one response per review, overwritten keeping its id; 403 for a role that may not reply", async () => {
    const { api } = run;
    const reviews = succeeded(await api.get(`/v1/apps/${ids.appId}/customerReviews?sort=-createdDate&limit=200&include=response`));
    assert.equal(reviews.data.length, 6, "the two reviews still ahead on the sandbox's clock have not arrived");
    const dates = reviews.data.map((review: any) => review.attributes.createdDate);
    assert.deepEqual(dates, [...dates].sort().reverse());
    const answered = reviews.data.find((review: any) => review.relationships?.response?.data);
    assert.equal(reviews.included.find((item: any) => item.id === answered.relationships.response.data.id).attributes.state, "PUBLISHED");
    const usa = succeeded(await api.get(`/v1/apps/${ids.appId}/customerReviews?filter[territory]=USA&filter[rating]=1`));
    assert.equal(usa.data.length, 1);
    assert.equal((await api.get(`/v1/apps/${ids.appId}/customerReviews?filter[territory]=US`)).status, 400, "territories are alpha-3");
    assert.equal(succeeded(await api.get(`/v1/apps/${ids.appId}/customerReviews?exists[publishedResponse]=true`)).data.length, 1);

    const reviewId: string = usa.data[0].id;
    succeeded(await api.get(`/v1/customerReviews/${reviewId}?include=response`));
    const reply = (responseBody: string) => ({
      data: { type: "customerReviewResponses", attributes: { responseBody }, relationships: { review: { data: { type: "customerReviews", id: reviewId } } } },
    });
    const first = succeeded(await api.post("/v1/customerReviewResponses", reply("Sorry! 2.4 fixes it.")), 201);
    assert.equal(first.data.attributes.state, "PENDING_PUBLISH");
    const second = succeeded(await api.post("/v1/customerReviewResponses", reply("Sorry! 2.4.0 fixes the crash.")), 201);
    assert.equal(second.data.id, first.data.id, "a second POST overwrites the response and keeps its id");
    assert.equal(succeeded(await api.get(`/v1/customerReviews/${reviewId}/response`)).data.attributes.responseBody, "Sorry! 2.4.0 fixes the crash.");
    let state = "";
    for (let attempt = 0; attempt < 100 && state !== "PUBLISHED"; attempt += 1) {
      state = succeeded(await api.get(`/v1/customerReviewResponses/${first.data.id}`)).data.attributes.state;
      if (state !== "PUBLISHED") await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(state, "PUBLISHED");
    assert.equal((await api.post("/v1/customerReviewResponses", reply("x".repeat(5971)))).status, 409, "longer than the limit");
    assert.equal((await api.delete(`/v1/customerReviewResponses/${first.data.id}`)).status, 204);
    assert.equal((await api.get(`/v1/customerReviews/${reviewId}/response`)).status, 404);

    const forbidden = await startTestSandbox({ repliesForbidden: true });
    try {
      const refused = await forbidden.api.post("/v1/customerReviewResponses", reply("Thanks"));
      assert.equal(refused.status, 403);
      assert.equal(refused.body.errors[0].code, "FORBIDDEN_ERROR");
    } finally {
      await forbidden.dispose();
    }
  });

  test("versions, builds and phased releases: one editable version per platform, a build and a phased release on it", async () => {
    const { api } = run;
    const second = await api.post("/v1/appStoreVersions", {
      data: {
        type: "appStoreVersions",
        attributes: { platform: "IOS", versionString: "2.5.0" },
        relationships: { app: { data: { type: "apps", id: ids.appId } } },
      },
    });
    assert.equal(second.status, 409, "one editable version per platform");
    const mac = await api.post("/v1/appStoreVersions", {
      data: {
        type: "appStoreVersions",
        attributes: { platform: "MAC_OS", versionString: "1.0" },
        relationships: { app: { data: { type: "apps", id: ids.appId } } },
      },
    });
    assert.equal(succeeded(mac, 201).data.attributes.appVersionState, "PREPARE_FOR_SUBMISSION", "the first version of another platform");
    const builds = succeeded(await api.get(`/v1/builds?filter[app]=${ids.appId}&filter[processingState]=VALID&filter[expired]=false&sort=-uploadedDate`));
    const patched = succeeded(
      await api.patch(`/v1/appStoreVersions/${ids.editableVersionId}`, {
        data: {
          type: "appStoreVersions",
          id: ids.editableVersionId,
          attributes: { releaseType: "AFTER_APPROVAL" },
          relationships: { build: { data: { type: "builds", id: builds.data[0].id } } },
        },
      }),
    );
    assert.equal(patched.data.relationships.build.data.id, builds.data[0].id);
    const phased = succeeded(
      await api.post("/v1/appStoreVersionPhasedReleases", {
        data: {
          type: "appStoreVersionPhasedReleases",
          attributes: { phasedReleaseState: "ACTIVE" },
          relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: ids.editableVersionId } } },
        },
      }),
      201,
    );
    assert.equal(succeeded(await api.get(`/v1/appStoreVersions/${ids.editableVersionId}/appStoreVersionPhasedRelease`)).data.id, phased.data.id);
    const paused = await api.patch(`/v1/appStoreVersionPhasedReleases/${phased.data.id}`, {
      data: { type: "appStoreVersionPhasedReleases", id: phased.data.id, attributes: { phasedReleaseState: "PAUSED" } },
    });
    assert.equal(paused.status, 409, "a rollout that has not started cannot be paused");
    const same = await api.patch(`/v1/appStoreVersionPhasedReleases/${phased.data.id}`, {
      data: { type: "appStoreVersionPhasedReleases", id: phased.data.id, attributes: { phasedReleaseState: "ACTIVE" } },
    });
    assert.equal(succeeded(same).data.attributes.phasedReleaseState, "ACTIVE");
    assert.equal((await api.delete(`/v1/appStoreVersionPhasedReleases/${phased.data.id}`)).status, 204);
  });

  test("submission and release: a submission opened, the version added and submitted, approved, released", async () => {
    const other = await startTestSandbox({});
    try {
      const { api } = other;
      const otherIds = await demoIds(api);
      const infos = (await api.get(`/v1/apps/${otherIds.appId}/appInfos?include=ageRatingDeclaration`)).body;
      const declaration = infos.data.find((info: any) => info.id === otherIds.editableInfoId).relationships.ageRatingDeclaration.data.id;
      await api.patch(`/v1/ageRatingDeclarations/${declaration}`, {
        data: { type: "ageRatingDeclarations", id: declaration, attributes: { healthOrWellnessTopics: true } },
      });
      const app = { data: { type: "apps", id: otherIds.appId } };
      const opened = await api.post("/v1/reviewSubmissions", { data: { type: "reviewSubmissions", attributes: { platform: "IOS" }, relationships: { app } } });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      const id: string = opened.body.data.id;
      const version = { data: { type: "appStoreVersions", id: otherIds.editableVersionId } };
      const item = await api.post("/v1/reviewSubmissionItems", {
        data: { type: "reviewSubmissionItems", relationships: { reviewSubmission: { data: { type: "reviewSubmissions", id } }, appStoreVersion: version } },
      });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      const submitted = await api.patch(`/v1/reviewSubmissions/${id}`, { data: { type: "reviewSubmissions", id, attributes: { submitted: true } } });
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
      assert.equal((await api.get(`/v1/reviewSubmissions?filter[app]=${otherIds.appId}&include=items,appStoreVersionForReview&limit[items]=50`)).status, 200);
      await other.sandbox.review("approve");
      const released = await api.post("/v1/appStoreVersionReleaseRequests", {
        data: { type: "appStoreVersionReleaseRequests", relationships: { appStoreVersion: version } },
      });
      assert.equal(released.status, 201, JSON.stringify(released.body));
      elsewhere.push(...api.exchanges);
    } finally {
      await other.dispose();
    }
  });

  test("all exchanges above conform to the spec, and every served operation was driven", () => {
    const problems = [...run.api.exchanges, ...elsewhere].flatMap(contractProblems);
    assert.deepEqual(problems, []);
    const driven = new Set(
      [...run.api.exchanges, ...elsewhere]
        .filter((exchange) => exchange.status < 300)
        .map((exchange) => findOperation(exchange.method, new URL(exchange.path, "http://x").pathname)?.operationId),
    );
    assert.deepEqual(
      SERVED_OPERATIONS.filter((id) => !driven.has(id)),
      [],
    );
  });
});
