import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { PullError } from "../../src/engine/pull/errors.js";
import { previewTypeFromName } from "../../src/engine/pull/fastlane-previews.js";
import { postersFile, previewSetsFromLive } from "../../src/engine/pull/pull-previews.js";
import type { LivePreview, LivePreviewSet } from "../../src/resources/previews/live.js";

const bytes = Buffer.from("the uploaded video");
const checksum = createHash("md5").update(bytes).digest("hex");
const preview = (over: Partial<LivePreview> = {}): LivePreview => ({
  id: "p1",
  fileName: "01-intro.mp4",
  fileSize: bytes.length,
  checksum,
  state: "COMPLETE",
  frameState: "COMPLETE",
  posterFrame: "00:00:05:00",
  videoUrl: "https://video.example/p1",
  ...over,
});
const set = (previews: LivePreview[]): LivePreviewSet => ({ id: "s1", locale: "en-US", localizationId: "l1", previewType: "IPHONE_67", previews });

test("a processed preview is pulled into the type's alias folder; its bytes are checked against sourceFileChecksum", async () => {
  const skipped: string[] = [];
  const [pulled] = previewSetsFromLive([set([preview()])], async () => bytes, skipped);
  assert.deepEqual([pulled!.locale, pulled!.info.alias, pulled!.screenshots[0]!.extension, skipped], ["en-US", "iphone-6.9", ".mp4", []]);
  assert.deepEqual(await pulled!.screenshots[0]!.fetch(), bytes);

  const [other] = previewSetsFromLive([set([preview()])], async () => Buffer.from("a re-encoded rendition"), []);
  await assert.rejects(other!.screenshots[0]!.fetch(), (error: Error) => error instanceof PullError && /not the file uploaded/.test(error.message));
});

test("a set with a video still processing, or its poster frame, is left as the repository has it, and said so", () => {
  const skipped: string[] = [];
  const pulled = previewSetsFromLive(
    [set([preview({ state: "PROCESSING", videoUrl: undefined }), preview({ id: "p2", frameState: "PROCESSING" })])],
    async () => bytes,
    skipped,
  );
  assert.deepEqual(pulled, []);
  assert.equal(skipped.length, 2);
  assert.match(skipped[0]!, /en-US iphone-6\.9 "01-intro\.mp4": still PROCESSING; the set's folder is left as it was/);
});

test("posters.yml holds only the frames that are not the default, and a user's file that says the same is the same", () => {
  const [pulled] = previewSetsFromLive([set([preview(), preview({ id: "p2", fileName: "b.mov", posterFrame: "00:00:02:10" })])], async () => bytes, []);
  const posters = postersFile(pulled!)!;
  const made = posters.make(["01-intro.mp4", "02-b.mov"]);
  assert.match(made!, /\n02-b\.mov: "00:00:02:10"\n$/);
  assert.doesNotMatch(made!, /01-intro/);
  assert.equal(posters.same!('02-b.mov: "00:00:02:11"\n', made), false);
  assert.equal(posters.same!("02-b.mov: [", made), false);
  assert.equal(posters.same!('# mine\n01-intro.mp4: "00:00:05:00"\n02-b.mov: "00:00:02:10"\n', made), true);
  assert.equal(posters.same!('01-intro.mp4: "00:00:05:00"\n', undefined), true, "a file of default frames says what no file says");
});

test("a fastlane file name names its preview type as deliver reads it, the longest token first", () => {
  const alias = (name: string) => previewTypeFromName(name)?.alias;
  assert.equal(alias("01_IPHONE_67.mp4"), "iphone-6.9");
  assert.equal(alias("APP_IPHONE_65_intro.mov"), "iphone-6.5");
  assert.equal(alias("2-iphone67.m4v"), "iphone-6.9");
  assert.equal(previewTypeFromName("ipad_pro_3gen_129.mp4")?.displayType, "IPAD_PRO_3GEN_129");
  assert.equal(previewTypeFromName("IPAD_PRO_129.mp4")?.displayType, "IPAD_PRO_129");
  assert.equal(alias("intro.mp4"), undefined);
});
