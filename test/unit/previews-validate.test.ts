import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makeRepo, type RepoSpec } from "../helpers/fixture-repo.js";
import { exampleVideo, truncated, withBrokenBox, withCodec, withDoubleFrameRate, withDuration, withoutAudio, withSize } from "../helpers/videos.js";

async function linesFor(previews: RepoSpec["previews"], app?: string): Promise<string[]> {
  const repo = await makeRepo({ app, metadata: { "en-US.yml": "name: Acme\n" }, previews });
  try {
    return await repo.lines();
  } finally {
    await repo.cleanup();
  }
}

const SET = "en-US/iphone-6.9";
const AT = `previews/${SET}/01-intro.mp4`;

describe("app previews are checked before any upload", () => {
  test("a real 16-second 886x1920 H.264 video passes, read by alias or by Apple's enum, and lands in the desired state", async () => {
    const repo = await makeRepo({ previews: { [`${SET}/01-intro.mp4`]: exampleVideo(), "en-US/IPHONE_65/01-intro.mov": exampleVideo() } });
    try {
      const result = await repo.validate();
      assert.deepEqual(result.diagnostics, []);
      const folders = result.files.previewFolders ?? [];
      assert.deepEqual(
        folders.map((folder) => [folder.previewType, folder.previews.map((preview) => [preview.fileName, preview.width, preview.height, preview.posterFrame])]),
        [
          ["IPHONE_67", [["01-intro.mp4", 886, 1920, "00:00:05:00"]]],
          ["IPHONE_65", [["01-intro.mov", 886, 1920, "00:00:05:00"]]],
        ].sort((a, b) => (a[0] === "IPHONE_65" ? -1 : b[0] === "IPHONE_65" ? 1 : 0)),
      );
      const preview = folders[0]!.previews[0]!;
      assert.equal(preview.duration, 16);
      assert.equal(preview.frameRate, 30);
      assert.equal(preview.codec, "avc1");
      assert.match(preview.checksum, /^[0-9a-f]{32}$/);
    } finally {
      await repo.cleanup();
    }
  });

  test("a duration outside 15 to 30 seconds is an error with the measure", async () => {
    assert.deepEqual(await linesFor({ [`${SET}/01-intro.mp4`]: withDuration(12.5) }), [`${AT}: is 12.5 s long; app previews must last 15 to 30 seconds`]);
    assert.deepEqual(await linesFor({ [`${SET}/01-intro.mp4`]: withDuration(31) }), [`${AT}: is 31 s long; app previews must last 15 to 30 seconds`]);
  });

  test("a resolution the type does not accept names every accepted one, and says when Apple's table is unconfirmed", async () => {
    assert.deepEqual(await linesFor({ [`${SET}/01-intro.mp4`]: withSize(1290, 2796) }), [
      `${AT}: is 1290x2796; iPhone 6.9" app previews (IPHONE_67) must be 886x1920 or 1920x886`,
    ]);
    const [line] = await linesFor({ "en-US/vision-pro/01-intro.mp4": exampleVideo() }, "app:\n  bundleId: com.acme.fitness\n  platform: VISION_OS\n");
    assert.match(line!, /is 886x1920; Apple Vision Pro app previews \(APPLE_VISION_PRO\) must be 3840x2160 \(Apple's table does not state/);
  });

  test("more than 30 frames a second is an error", async () => {
    assert.deepEqual(await linesFor({ [`${SET}/01-intro.mp4`]: withDoubleFrameRate() }), [
      `${AT}: runs at 60 frames a second; app previews may have at most 30: export it at 30 fps`,
    ]);
  });

  test("HEVC and ProRes other than 422 HQ are refused by codec", async () => {
    assert.deepEqual(await linesFor({ [`${SET}/01-intro.mp4`]: withCodec("hvc1") }), [
      `${AT}: is HEVC (H.265) (hvc1); app previews must be H.264 or ProRes 422 HQ: export it again with one of those`,
    ]);
    assert.deepEqual(await linesFor({ [`${SET}/01-intro.mp4`]: withCodec("apcn") }), [
      `${AT}: is ProRes 422 (apcn); app previews must be H.264 or ProRes 422 HQ: export it again with one of those`,
    ]);
  });

  test("a truncated or corrupt container, or a file that is no video, is an error naming the file", async () => {
    assert.deepEqual(await linesFor({ [`${SET}/01-intro.mp4`]: truncated() }), [
      `${AT}: is truncated: its last box (mdat) needs ${exampleVideo().length - 30_000} more bytes than the file holds; export the video again`,
    ]);
    const [corrupt] = await linesFor({ [`${SET}/01-intro.mp4`]: withBrokenBox() });
    assert.match(corrupt!, /01-intro\.mp4: has a broken box at byte \d+; export the video again$/);
    assert.deepEqual(await linesFor({ [`${SET}/01-intro.mp4`]: Buffer.from("\x89PNG\r\n\x1a\n0000000000000000", "latin1") }), [
      `${AT}: is a PNG image; app previews are MP4 or QuickTime videos (.mp4, .m4v, .mov)`,
    ]);
    assert.deepEqual(await linesFor({ [`${SET}/01-intro.mp4`]: Buffer.alloc(0) }), [`${AT}: is empty (0 bytes); export the video again`]);
  });

  test("no audio track is a warning, not an error", async () => {
    assert.deepEqual(await linesFor({ [`${SET}/01-intro.mp4`]: withoutAudio() }), [
      `${AT}: warning: has no audio track; App Store Connect has refused such previews at times: add a silent stereo AAC track if the upload fails`,
    ]);
  });

  test("a fourth preview in a folder is refused: Apple allows three per localization and device size", async () => {
    const previews = Object.fromEntries([1, 2, 3, 4].map((n) => [`${SET}/0${n}-intro.mp4`, exampleVideo(n)]));
    assert.deepEqual(await linesFor(previews), [`previews/${SET}: holds 4 app previews; the App Store allows 3 per localization and device size`]);
  });

  test("folders are named as for screenshots, without watch or iMessage types, and checked against the platform", async () => {
    assert.deepEqual(await linesFor({ "en-US/APP_IPHONE_67/01-intro.mp4": exampleVideo() }), [
      `previews/en-US/APP_IPHONE_67: "APP_IPHONE_67" is not a preview type; did you mean IPHONE_67?`,
    ]);
    const [watch] = await linesFor({ "en-US/watch-ultra/01-intro.mp4": exampleVideo() });
    assert.match(watch!, /previews\/en-US\/watch-ultra: "watch-ultra" is not a preview type/);
    assert.deepEqual(await linesFor({ "en-US/mac/01-intro.mp4": exampleVideo() }), [
      `previews/en-US/mac: Mac app previews (DESKTOP) belong to MAC_OS apps, and app.platform is IOS`,
    ]);
  });

  test("posters.yml sets a poster frame per file, each mistake at its line and column", async () => {
    const repo = await makeRepo({
      previews: {
        [`${SET}/01-intro.mp4`]: exampleVideo(),
        [`${SET}/02-more.mp4`]: exampleVideo(),
        [`${SET}/03-last.mp4`]: exampleVideo(3),
        [`${SET}/posters.yml`]: '01-intro.mp4: "00:00:03:12"\n02-more.mp4: "00:00:17:00"\n03-gone.mp4: "00:00:01:00"\n',
      },
    });
    try {
      assert.deepEqual(
        await repo.lines(),
        [
          `previews/${SET}/posters.yml:2:14: 02-more.mp4: poster frame 00:00:17:00 is past the video's end (it lasts 16 s)`,
          `previews/${SET}/posters.yml:3:1: names 03-gone.mp4, which is not a video in this folder (it holds 01-intro.mp4, 02-more.mp4, 03-last.mp4)`,
          `previews/${SET}/02-more.mp4: warning: is the same video as 01-intro.mp4; the set will show it twice`,
        ].sort(),
      );
      await repo.write(`previews/${SET}/posters.yml`, '01-intro.mp4: "00:00:03:12"\n02-more.mp4: "5s"\n');
      assert.deepEqual(await repo.lines(), [
        `previews/${SET}/02-more.mp4: warning: is the same video as 01-intro.mp4; the set will show it twice`,
        `previews/${SET}/posters.yml:2:14: 02-more.mp4: "5s" is not a time code; write HH:MM:SS:FF (frames 00 to 29), e.g. "00:00:05:00"`,
      ]);
      await repo.write(`previews/${SET}/posters.yml`, '01-intro.mp4: "00:00:03:12"\n');
      const folder = (await repo.validate()).files.previewFolders![0]!;
      assert.deepEqual(
        folder.previews.map((preview) => preview.posterFrame),
        ["00:00:03:12", "00:00:05:00", "00:00:05:00"],
      );
    } finally {
      await repo.cleanup();
    }
  });
});
