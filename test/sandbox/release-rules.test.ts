/**
 * The version's release settings and build as App Store Connect checks them:
 * a scheduled release needs a date on the whole hour and in the future; only
 * a VALID, unexpired build of the app may be attached; the seeded builds.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEMO_BUILDS } from "../../src/sandbox/seed/builds.js";
import { demoIds, startTestSandbox, type TestSandbox } from "./helpers/sandbox.js";

describe("release settings and builds in the sandbox", () => {
  let run: TestSandbox;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let builds: Record<string, string>;
  before(async () => {
    run = await startTestSandbox();
    ids = await demoIds(run.api);
    const answer = await run.api.get(`/v1/builds?filter[app]=${ids.appId}&filter[preReleaseVersion.version]=2.4.0&filter[preReleaseVersion.platform]=IOS`);
    builds = Object.fromEntries(answer.body.data.map((build: any) => [build.attributes.version, build.id]));
  });
  after(() => run.dispose());

  const patch = (attributes: Record<string, unknown>, build?: string) =>
    run.api.patch(`/v1/appStoreVersions/${ids.editableVersionId}`, {
      data: {
        type: "appStoreVersions",
        id: ids.editableVersionId,
        attributes,
        ...(build ? { relationships: { build: { data: { type: "builds", id: build } } } } : {}),
      },
    });
  const codes = (answer: { body: any }) => answer.body.errors.map((item: any) => `${item.code} ${item.source?.pointer ?? ""}`);

  test("the demo version has builds newest first: processing, latest, attached, expired; the attached one comes with the version", async () => {
    const answer = await run.api.get(`/v1/builds?filter[app]=${ids.appId}&filter[preReleaseVersion.version]=2.4.0&sort=-uploadedDate`);
    assert.deepEqual(
      answer.body.data.map((build: any) => [build.attributes.version, build.attributes.processingState, build.attributes.expired]),
      [
        [DEMO_BUILDS.processing, "PROCESSING", false],
        [DEMO_BUILDS.latest, "VALID", false],
        [DEMO_BUILDS.attached, "VALID", false],
        [DEMO_BUILDS.expired, "VALID", true],
      ],
    );
    const version = await run.api.get(`/v1/appStoreVersions/${ids.editableVersionId}?include=build`);
    assert.equal(version.body.data.relationships.build.data.id, builds[DEMO_BUILDS.attached]);
    assert.equal(version.body.included[0].attributes.version, DEMO_BUILDS.attached);
  });

  test("SCHEDULED without a date, a date off the hour, a date in the past: 409 at the attribute", async () => {
    const missing = await patch({ releaseType: "SCHEDULED" });
    assert.equal(missing.status, 409);
    assert.deepEqual(codes(missing), ["ENTITY_ERROR.ATTRIBUTE.REQUIRED /data/attributes/earliestReleaseDate"]);
    const offHour = await patch({ releaseType: "SCHEDULED", earliestReleaseDate: "2030-01-15T17:30:00Z" });
    assert.deepEqual(codes(offHour), ["ENTITY_ERROR.ATTRIBUTE.INVALID /data/attributes/earliestReleaseDate"]);
    const past = await patch({ releaseType: "SCHEDULED", earliestReleaseDate: "2020-01-15T17:00:00Z" });
    assert.match(past.body.errors[0].detail, /must be in the future/);
  });

  test("a PROCESSING or expired build is refused; a VALID one is attached with the release settings, in one PATCH", async () => {
    for (const number of [DEMO_BUILDS.processing, DEMO_BUILDS.expired]) {
      const refused = await patch({}, builds[number]);
      assert.equal(refused.status, 409);
      assert.deepEqual(codes(refused), ["ENTITY_ERROR.RELATIONSHIP.INVALID /data/relationships/build"]);
    }
    const done = await patch({ releaseType: "SCHEDULED", earliestReleaseDate: "2030-01-15T17:00:00Z" }, builds[DEMO_BUILDS.latest]);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.data.attributes.releaseType, "SCHEDULED");
    assert.equal(done.body.data.attributes.earliestReleaseDate, "2030-01-15T17:00:00.000Z");
    assert.equal(done.body.data.relationships.build.data.id, builds[DEMO_BUILDS.latest]);
    const manual = await patch({ releaseType: "MANUAL" });
    assert.equal(manual.body.data.attributes.earliestReleaseDate, null, "a date means nothing once the release is not scheduled");
  });

  test("the version on sale takes no new build or release type", async () => {
    const answer = await run.api.patch(`/v1/appStoreVersions/${ids.liveVersionId}`, {
      data: { type: "appStoreVersions", id: ids.liveVersionId, attributes: { releaseType: "MANUAL" } },
    });
    assert.equal(answer.status, 409);
    assert.equal(answer.body.errors[0].code, "STATE_ERROR");
  });
});
