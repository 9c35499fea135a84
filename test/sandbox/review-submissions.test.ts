/**
 * App Review in the sandbox: a submission opened, its version added and
 * submitted, decided by the test hook, released; and Apple's refusals on the
 * way (one open submission per platform, a version in another submission,
 * a version not ready with every reason at once, cancelling only while
 * waiting, a release request only when the version waits for it).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { demoIds, startTestSandbox, type ApiClient, type TestSandbox } from "./helpers/sandbox.js";

const openSubmission = (api: ApiClient, appId: string) =>
  api.post("/v1/reviewSubmissions", {
    data: { type: "reviewSubmissions", attributes: { platform: "IOS" }, relationships: { app: { data: { type: "apps", id: appId } } } },
  });
const addVersion = (api: ApiClient, submissionId: string, versionId: string) =>
  api.post("/v1/reviewSubmissionItems", {
    data: {
      type: "reviewSubmissionItems",
      relationships: {
        reviewSubmission: { data: { type: "reviewSubmissions", id: submissionId } },
        appStoreVersion: { data: { type: "appStoreVersions", id: versionId } },
      },
    },
  });
const patchSubmission = (api: ApiClient, id: string, attributes: Record<string, boolean>) =>
  api.patch(`/v1/reviewSubmissions/${id}`, { data: { type: "reviewSubmissions", id, attributes } });
const releaseRequest = (api: ApiClient, versionId: string) =>
  api.post("/v1/appStoreVersionReleaseRequests", {
    data: { type: "appStoreVersionReleaseRequests", relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: versionId } } } },
  });

describe("App Review in the sandbox", () => {
  let run: TestSandbox;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  before(async () => {
    run = await startTestSandbox({ processingMs: 30 });
    ids = await demoIds(run.api);
  });
  after(() => run.dispose());

  const versionState = async (id: string) => (await run.api.get(`/v1/appStoreVersions/${id}`)).body.data.attributes.appVersionState as string;

  test("a version not ready is refused with every reason in associatedErrors; once answered it is submitted, approved, released", async () => {
    const { api } = run;
    const opened = await openSubmission(api, ids.appId);
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const submissionId: string = opened.body.data.id;
    const second = await openSubmission(api, ids.appId);
    assert.equal(second.status, 409);
    assert.match(second.body.errors[0].detail, new RegExp(`There is another reviewSubmissions with id ${submissionId} still in progress`));

    // The demo's age rating lacks an answer (metadata/age-rating.yml gives it).
    const refused = await addVersion(api, submissionId, ids.editableVersionId);
    assert.equal(refused.status, 409);
    const [item] = refused.body.errors;
    assert.equal(item.code, "STATE_ERROR.ENTITY_STATE_INVALID");
    const associated = Object.entries(item.meta.associatedErrors as Record<string, Array<{ detail: string }>>);
    assert.ok(
      associated.some(([path, items]) => path.startsWith("/v1/ageRatingDeclarations/") && items.some((sub) => /healthOrWellnessTopics/.test(sub.detail))),
    );

    const infos = await api.get(`/v1/apps/${ids.appId}/appInfos?include=ageRatingDeclaration`);
    const declaration = infos.body.data.find((info: any) => info.id === ids.editableInfoId).relationships.ageRatingDeclaration.data.id;
    const answered = await api.patch(`/v1/ageRatingDeclarations/${declaration}`, {
      data: { type: "ageRatingDeclarations", id: declaration, attributes: { healthOrWellnessTopics: false } },
    });
    assert.equal(answered.status, 200);
    assert.equal((await addVersion(api, submissionId, ids.editableVersionId)).status, 201);
    assert.equal(await versionState(ids.editableVersionId), "READY_FOR_REVIEW");

    const early = await releaseRequest(api, ids.editableVersionId);
    assert.equal(early.status, 409, "a release request before approval is refused");
    const cancelEarly = await patchSubmission(api, submissionId, { canceled: true });
    assert.equal(cancelEarly.status, 409);
    assert.equal(cancelEarly.body.errors[0].detail, "Resource is not in cancellable state");

    const submitted = await patchSubmission(api, submissionId, { submitted: true });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    assert.equal(submitted.body.data.attributes.state, "WAITING_FOR_REVIEW");
    assert.equal(await versionState(ids.editableVersionId), "WAITING_FOR_REVIEW");
    const listed = await api.get(`/v1/reviewSubmissions?filter[app]=${ids.appId}&filter[platform]=IOS&filter[state]=WAITING_FOR_REVIEW&include=items`);
    assert.equal(listed.body.data.length, 1);
    assert.equal(listed.body.included[0].relationships.appStoreVersion.data.id, ids.editableVersionId);

    const moves = await run.sandbox.review("approve");
    assert.deepEqual(
      moves.map((move) => [move.versionString, move.to]),
      [["2.4.0", "PENDING_DEVELOPER_RELEASE"]],
      "the demo version's release type is manual",
    );
    const released = await releaseRequest(api, ids.editableVersionId);
    assert.equal(released.status, 201, JSON.stringify(released.body));
    assert.equal(await versionState(ids.editableVersionId), "PROCESSING_FOR_DISTRIBUTION");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assert.equal(await versionState(ids.editableVersionId), "READY_FOR_DISTRIBUTION");
    assert.equal(await versionState(ids.liveVersionId), "REPLACED_WITH_NEW_VERSION");
  });
});
