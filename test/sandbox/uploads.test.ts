/** The screenshot flow: reservation -> upload operations -> commit -> processing, as with Apple. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import sharp from "sharp";
import { drawPng } from "./helpers/images.js";
import { apiClient, demoIds, md5, startTestSandbox, uploadScreenshot, waitForProcessing, type TestSandbox } from "./helpers/sandbox.js";

/** A screenshot whose PNG does not compress to nothing, so it spans several parts. */
async function noisyScreenshot(width = 1320, height = 2868): Promise<Buffer> {
  const pixels = Buffer.alloc(width * 200 * 3);
  for (let index = 0; index < pixels.length; index++) pixels[index] = (index * 7919) % 251;
  const band = await sharp(pixels, { raw: { width, height: 200, channels: 3 } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 20, b: 30 } } })
    .composite([{ input: band, top: 0, left: 0 }])
    .removeAlpha()
    .png()
    .toBuffer();
}

describe("uploading a screenshot", () => {
  let run: TestSandbox;
  let setId: string;
  before(async () => {
    run = await startTestSandbox({ partSize: 16 * 1024, processingMs: 250 });
    const ids = await demoIds(run.api);
    const set = await run.api.post("/v1/appScreenshotSets", {
      data: {
        type: "appScreenshotSets",
        attributes: { screenshotDisplayType: "APP_IPHONE_65" },
        relationships: {
          appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: ids.localizationOf(ids.editableVersionId, "de-DE") } },
        },
      },
    });
    setId = set.body.data.id;
  });
  after(() => run.dispose());

  const reserve = (fileName: string, fileSize: number) =>
    run.api.post("/v1/appScreenshots", {
      data: {
        type: "appScreenshots",
        attributes: { fileName, fileSize },
        relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: setId } } },
      },
    });

  test("a file over the part size gets several upload operations that cover it exactly, on the sandbox's own upload path", async () => {
    const bytes = await noisyScreenshot(1242, 2688);
    assert.ok(bytes.length > 3 * 16 * 1024, `the test image is ${bytes.length} bytes`);
    const answer = await reserve("01-big.png", bytes.length);
    assert.equal(answer.status, 201);
    const attributes = answer.body.data.attributes;
    assert.equal(attributes.assetDeliveryState.state, "AWAITING_UPLOAD");
    assert.equal(attributes.sourceFileChecksum, null);
    const operations = attributes.uploadOperations;
    assert.equal(operations.length, Math.ceil(bytes.length / (16 * 1024)));
    let offset = 0;
    for (const operation of operations) {
      assert.equal(operation.offset, offset);
      assert.ok(operation.length <= 16 * 1024);
      assert.equal(operation.method, "PUT");
      assert.ok(operation.url.startsWith(`${run.sandbox.url}/upload/`));
      assert.deepEqual(operation.requestHeaders, [{ name: "Content-Type", value: "image/png" }]);
      offset += operation.length;
    }
    assert.equal(offset, bytes.length);
    await run.api.delete(`/v1/appScreenshots/${answer.body.data.id}`);
  });

  test("several parts uploaded without a token, committed with their MD5: UPLOAD_COMPLETE, then COMPLETE with checksum and size", async () => {
    const bytes = await noisyScreenshot(1242, 2688);
    const { reservation, commit, id } = await uploadScreenshot(run.api, setId, "02-parts.png", bytes);
    assert.ok(reservation.body.data.attributes.uploadOperations.length > 1);
    const pending = commit.body.data.attributes;
    assert.equal(pending.assetDeliveryState.state, "UPLOAD_COMPLETE");
    assert.equal(pending.sourceFileChecksum, null, "no checksum before processing ends, as with Apple");
    assert.equal(pending.imageAsset, null);
    assert.equal(pending.uploadOperations, null);
    const done = (await waitForProcessing(run.api, id)).body.data.attributes;
    assert.equal(done.assetDeliveryState.state, "COMPLETE", JSON.stringify(done.assetDeliveryState));
    assert.equal(done.sourceFileChecksum, md5(bytes));
    assert.equal(done.imageAsset.width, 1242);
    assert.equal(done.imageAsset.height, 2688);
    assert.match(done.imageAsset.templateUrl, /\{w\}x\{h\}bb\.\{f\}$/);
  });

  test("the template URL serves a processed rendition: same size, different bytes, never the original", async () => {
    const bytes = await noisyScreenshot(1242, 2688);
    const { id } = await uploadScreenshot(run.api, setId, "03-rendition.png", bytes);
    const { imageAsset } = (await waitForProcessing(run.api, id)).body.data.attributes;
    const url = imageAsset.templateUrl.replace("{w}", String(imageAsset.width)).replace("{h}", String(imageAsset.height)).replace("{f}", "png");
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "image/png");
    const rendition = Buffer.from(await response.arrayBuffer());
    assert.notEqual(md5(rendition), md5(bytes));
    const metadata = await sharp(rendition).metadata();
    assert.deepEqual([metadata.width, metadata.height], [1242, 2688]);
    const small = await fetch(imageAsset.templateUrl.replace("{w}", "300").replace("{h}", "650").replace("{f}", "jpg"));
    assert.deepEqual([(await sharp(Buffer.from(await small.arrayBuffer())).metadata()).width], [300]);
  });

  test("a checksum that is not the MD5 of the bytes fails the commit, naming it; the reservation stays open for the right one", async () => {
    const bytes = await drawPng(1242, 2688, 4);
    const { commit, id } = await uploadScreenshot(run.api, setId, "04-bad-checksum.png", bytes, { checksum: "0".repeat(32) });
    assert.equal(commit.status, 409);
    assert.equal(commit.body.errors[0].code, "ENTITY_ERROR.ATTRIBUTE.INVALID");
    assert.equal(commit.body.errors[0].source.pointer, "/data/attributes/sourceFileChecksum");
    assert.match(commit.body.errors[0].detail, /CHECKSUM_MISMATCH: sourceFileChecksum 0{32} is not the MD5 of the uploaded bytes/);
    const open = (await run.api.get(`/v1/appScreenshots/${id}`)).body.data.attributes;
    assert.equal(open.assetDeliveryState.state, "AWAITING_UPLOAD");
    const retried = await run.api.patch(`/v1/appScreenshots/${id}`, {
      data: { type: "appScreenshots", id, attributes: { uploaded: true, sourceFileChecksum: md5(bytes) } },
    });
    assert.equal(retried.status, 200);
    assert.equal(retried.body.data.attributes.assetDeliveryState.state, "UPLOAD_COMPLETE");
    await run.api.delete(`/v1/appScreenshots/${id}`);
  });

  test("a part that never arrived fails the commit, naming the part", async () => {
    const bytes = await noisyScreenshot(1242, 2688);
    const { commit, id } = await uploadScreenshot(run.api, setId, "05-missing-part.png", bytes, { skipParts: [2] });
    assert.equal(commit.status, 409);
    assert.equal(commit.body.errors[0].source.pointer, "/data/attributes/uploaded");
    assert.match(commit.body.errors[0].detail, /^UPLOAD_PART_MISSING: Upload operation 2 of \d+ \(bytes 16384 to 32767\) never arrived\.$/);
    assert.equal((await run.api.get(`/v1/appScreenshots/${id}`)).body.data.attributes.assetDeliveryState.state, "AWAITING_UPLOAD");
    await run.api.delete(`/v1/appScreenshots/${id}`);
  });

  test("an image of a size the display type does not accept fails when processing ends", async () => {
    const { id, commit } = await uploadScreenshot(run.api, setId, "06-wrong-size.png", await drawPng(1000, 2000));
    assert.equal(commit.body.data.attributes.assetDeliveryState.state, "UPLOAD_COMPLETE");
    const state = (await waitForProcessing(run.api, id)).body.data.attributes.assetDeliveryState;
    assert.equal(state.state, "FAILED");
    assert.equal(state.errors[0].code, "IMAGE_INCORRECT_DIMENSIONS");
  });

  test("an image with an alpha channel fails when processing ends", async () => {
    const transparent = await sharp({ create: { width: 1242, height: 2688, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const { id } = await uploadScreenshot(run.api, setId, "06-alpha.png", transparent);
    const state = (await waitForProcessing(run.api, id)).body.data.attributes.assetDeliveryState;
    assert.equal(state.state, "FAILED");
    assert.equal(state.errors[0].code, "IMAGE_ALPHA_NOT_ALLOWED");
    await run.api.delete(`/v1/appScreenshots/${id}`);
  });

  test("a repeated commit changes nothing, and a closed upload takes no more bytes", async () => {
    const bytes = await drawPng(1242, 2688, 7);
    const { id, commit, reservation } = await uploadScreenshot(run.api, setId, "07-twice.png", bytes);
    const again = await run.api.patch(`/v1/appScreenshots/${id}`, {
      data: { type: "appScreenshots", id, attributes: { uploaded: true, sourceFileChecksum: md5(bytes) } },
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.data.attributes.assetDeliveryState.state, commit.body.data.attributes.assetDeliveryState.state);
    const operation = reservation.body.data.attributes.uploadOperations[0];
    assert.equal((await fetch(operation.url, { method: "PUT", body: bytes })).status, 409);
  });

  test("an upload operation refuses an Authorization header, and a wrong key", async () => {
    const bytes = await drawPng(1242, 2688, 8);
    const answer = await reserve("08-token.png", bytes.length);
    const operation = answer.body.data.attributes.uploadOperations[0];
    const withToken = await fetch(operation.url, { method: "PUT", headers: { authorization: "Bearer abc" }, body: bytes });
    assert.equal(withToken.status, 400);
    assert.equal(((await withToken.json()) as any).errors[0].code, "UPLOAD_ERROR.AUTHORIZATION_NOT_ALLOWED");
    assert.equal((await fetch(operation.url.replace(/key=\w+/, "key=wrong"), { method: "PUT", body: bytes })).status, 403);
    await run.api.delete(`/v1/appScreenshots/${answer.body.data.id}`);
  });
});

describe("a reservation whose answer was lost", () => {
  test("still exists, awaiting upload, as with Apple", async () => {
    const first = await startTestSandbox({ dropRate: 1 });
    const ids = await demoIds(apiClient({ ...first.sandbox })).catch(() => undefined);
    assert.equal(ids, undefined, "every answer is dropped");
    const folder = first.folder;
    await first.sandbox.close();
    // Find a set with the drops turned off, then reserve with them on again.
    const calm = await startTestSandbox({}, folder);
    const calmIds = await demoIds(calm.api);
    const sets = await calm.api.get(`/v1/appStoreVersionLocalizations/${calmIds.localizationOf(calmIds.editableVersionId, "de-DE")}/appScreenshotSets`);
    const setId = sets.body.data[0].id;
    await calm.sandbox.close();
    const dropping = await startTestSandbox({ dropRate: 1 }, folder);
    await assert.rejects(
      dropping.api.post("/v1/appScreenshots", {
        data: {
          type: "appScreenshots",
          attributes: { fileName: "04-lost.png", fileSize: 1234 },
          relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: setId } } },
        },
      }),
      /fetch failed/,
    );
    await dropping.sandbox.close();
    const after = await startTestSandbox({}, folder);
    const listed = await after.api.get(`/v1/appScreenshotSets/${setId}/appScreenshots`);
    const lost = listed.body.data.find((item: any) => item.attributes.fileName === "04-lost.png");
    assert.ok(lost, "the reservation was made although its answer never came");
    assert.equal(lost.attributes.fileSize, 1234);
    assert.equal(lost.attributes.assetDeliveryState.state, "AWAITING_UPLOAD");
    await after.sandbox.close();
    const { rm } = await import("node:fs/promises");
    await rm(folder, { recursive: true, force: true });
  });
});

describe("Apple's habits, behind knobs", () => {
  async function setOf(run: TestSandbox): Promise<string> {
    const ids = await demoIds(run.api);
    const set = await run.api.post("/v1/appScreenshotSets", {
      data: {
        type: "appScreenshotSets",
        attributes: { screenshotDisplayType: "APP_IPHONE_65" },
        relationships: {
          appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: ids.localizationOf(ids.editableVersionId, "de-DE") } },
        },
      },
    });
    return set.body.data.id;
  }

  test("--checksum-delay-ms: a processed screenshot is COMPLETE before its sourceFileChecksum is published", async () => {
    const late = await startTestSandbox({ checksumDelayMs: 10 * 60_000 });
    try {
      const bytes = await drawPng(1242, 2688, 21);
      const { id } = await uploadScreenshot(late.api, await setOf(late), "01-late.png", bytes);
      const attributes = (await waitForProcessing(late.api, id)).body.data.attributes;
      assert.equal(attributes.assetDeliveryState.state, "COMPLETE");
      assert.equal(attributes.sourceFileChecksum, null);
      assert.equal(attributes.imageAsset.width, 1242);
    } finally {
      await late.dispose();
    }
    const soon = await startTestSandbox({ checksumDelayMs: 30 });
    try {
      const bytes = await drawPng(1242, 2688, 22);
      const { id } = await uploadScreenshot(soon.api, await setOf(soon), "01-soon.png", bytes);
      let checksum: string | undefined;
      for (let reads = 0; checksum === undefined && reads < 500; reads++) {
        checksum = (await soon.api.get(`/v1/appScreenshots/${id}`)).body.data.attributes.sourceFileChecksum ?? undefined;
        if (checksum === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(checksum, md5(bytes), "the checksum is published once the delay has passed");
    } finally {
      await soon.dispose();
    }
  });

  test("--stuck-uploads N: the first N screenshots committed never leave UPLOAD_COMPLETE", async () => {
    const run = await startTestSandbox({ stuckUploads: 1 });
    try {
      const setId = await setOf(run);
      const stuck = await uploadScreenshot(run.api, setId, "01-stuck.png", await drawPng(1242, 2688, 23));
      const next = await uploadScreenshot(run.api, setId, "02-next.png", await drawPng(1242, 2688, 24));
      assert.equal((await waitForProcessing(run.api, next.id)).body.data.attributes.assetDeliveryState.state, "COMPLETE");
      const attributes = (await run.api.get(`/v1/appScreenshots/${stuck.id}`)).body.data.attributes;
      assert.equal(attributes.assetDeliveryState.state, "UPLOAD_COMPLETE", "committed first, still not processed when the later one is");
      assert.equal(attributes.sourceFileChecksum, null);
    } finally {
      await run.dispose();
    }
  });

  test("--upload-fail-rate 1: every upload operation finds its host unreachable, and no byte is taken", async () => {
    const run = await startTestSandbox({ uploadFailRate: 1 });
    try {
      const bytes = await drawPng(1242, 2688, 25);
      const reservation = await run.api.post("/v1/appScreenshots", {
        data: {
          type: "appScreenshots",
          attributes: { fileName: "01-lost.png", fileSize: bytes.length },
          relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: await setOf(run) } } },
        },
      });
      assert.equal(reservation.status, 201, "the API itself answers");
      const operation = reservation.body.data.attributes.uploadOperations[0];
      await assert.rejects(fetch(operation.url, { method: "PUT", body: bytes }), /fetch failed/);
      const id = reservation.body.data.id;
      const commit = await run.api.patch(`/v1/appScreenshots/${id}`, {
        data: { type: "appScreenshots", id, attributes: { uploaded: true, sourceFileChecksum: md5(bytes) } },
      });
      assert.equal(commit.status, 409);
      assert.match(commit.body.errors[0].detail, /^UPLOAD_PART_MISSING/);
    } finally {
      await run.dispose();
    }
  });
});
