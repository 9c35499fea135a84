import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { buildDesiredState } from "../../src/engine/desired-state.js";
import { IPAD_13, IPHONE_69, makeImage, makeRepo, type ImageSpec, type RepoSpec } from "../helpers/fixture-repo.js";

async function linesFor(screenshots: RepoSpec["screenshots"], app?: string): Promise<string[]> {
  const repo = await makeRepo({ app, metadata: { "en-US.yml": "name: Acme\n" }, screenshots });
  try {
    return await repo.lines();
  } finally {
    await repo.cleanup();
  }
}

const SET = "en-US/iphone-6.9";

describe("screenshots", () => {
  test("accepted sizes pass in portrait and, where Apple allows it, landscape", async () => {
    assert.deepEqual(
      await linesFor({
        [`${SET}/01.png`]: IPHONE_69,
        [`${SET}/02.png`]: { width: 2868, height: 1320 },
        [`${SET}/03.jpg`]: { width: 1290, height: 2796, format: "jpeg" },
        "en-US/ipad-13/01.png": IPAD_13,
        "en-US/APP_IPHONE_65/01.png": { width: 1284, height: 2778 },
      }),
      [],
    );
  });

  test("a wrong size names the measure and every accepted size", async () => {
    assert.deepEqual(await linesFor({ [`${SET}/01.png`]: { width: 1320, height: 2867 } }), [
      "screenshots/en-US/iphone-6.9/01.png: is 1320x2867; " +
        'iPhone 6.9" screenshots (APP_IPHONE_67) must be one of 1260x2736, 1290x2796, 1320x2868, 2736x1260, 2796x1290, 2868x1320',
    ]);
  });

  test("landscape is refused where Apple lists portrait only", async () => {
    const [line] = await linesFor({ "en-US/watch-ultra/01.png": { width: 502, height: 410 } });
    assert.match(
      line!,
      /^screenshots\/en-US\/watch-ultra\/01\.png: is 502x410; Apple Watch Ultra screenshots \(APP_WATCH_ULTRA\) must be one of 410x502, 422x514$/,
    );
  });

  test("an alpha channel, grayscale and CMYK are refused", async () => {
    assert.deepEqual(
      await linesFor({
        [`${SET}/01-alpha.png`]: { ...IPHONE_69, alpha: true },
        [`${SET}/02-grey.png`]: { ...IPHONE_69, grey: true },
        [`${SET}/03-cmyk.jpg`]: { ...IPHONE_69, format: "jpeg", cmyk: true },
      }),
      [
        "screenshots/en-US/iphone-6.9/01-alpha.png: has an alpha channel; " +
          "the App Store needs opaque RGB images: flatten it onto a background (or export without transparency)",
        "screenshots/en-US/iphone-6.9/02-grey.png: is grayscale; the App Store needs RGB: export it as an RGB image",
        "screenshots/en-US/iphone-6.9/03-cmyk.jpg: is CMYK; the App Store needs RGB: convert it to sRGB",
      ],
    );
  });

  test("the format is read from the content, whatever the extension", async () => {
    const jpeg = await makeImage({ ...IPHONE_69, format: "jpeg" });
    assert.deepEqual(await linesFor({ [`${SET}/01.png`]: jpeg }), [
      "screenshots/en-US/iphone-6.9/01.png: warning: is a JPEG file named .png; the App Store reads it by content, but rename it to .jpg to avoid confusion",
    ]);
  });

  test("truncated PNG and JPEG files are caught, although their headers read fine", async () => {
    const png = await makeImage(IPHONE_69);
    const jpeg = await makeImage({ ...IPHONE_69, format: "jpeg" });
    assert.deepEqual(await linesFor({ [`${SET}/01.png`]: png.subarray(0, png.length - 20), [`${SET}/02.jpg`]: jpeg.subarray(0, jpeg.length - 100) }), [
      `screenshots/en-US/iphone-6.9/01.png: is truncated: the PNG has no IEND chunk at its end (${png.length - 20} bytes); export it again`,
      `screenshots/en-US/iphone-6.9/02.jpg: is truncated: the JPEG has no end-of-image marker at its end (${jpeg.length - 100} bytes); export it again`,
    ]);
  });

  test("a corrupt header, a non-image, another image format and an empty file each get a clear error", async () => {
    const png = await makeImage(IPHONE_69);
    const corrupt = Buffer.from(png);
    corrupt.fill(0x41, 12, 40);
    const lines = await linesFor({
      [`${SET}/01.png`]: corrupt,
      [`${SET}/02.png`]: Buffer.from("not an image at all, just words\n"),
      [`${SET}/03.gif`]: Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"),
      [`${SET}/04.png`]: Buffer.alloc(0),
    });
    assert.equal(lines.length, 4, lines.join("\n"));
    assert.match(lines[0]!, /^screenshots\/en-US\/iphone-6\.9\/01\.png: cannot be read as a PNG image \(.+\); export it again$/);
    assert.equal(lines[1], "screenshots/en-US/iphone-6.9/02.png: is not an image; the App Store takes PNG or JPEG screenshots: export it as PNG");
    assert.equal(lines[2], "screenshots/en-US/iphone-6.9/03.gif: is a GIF image; the App Store takes PNG or JPEG screenshots: export it as PNG");
    assert.equal(lines[3], "screenshots/en-US/iphone-6.9/04.png: is empty (0 bytes); export the screenshot again");
  });

  test("a folder far over the limit is refused by its count, without reading its files", async () => {
    // 51 files that are not images: had they been read, each would have its own error.
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`${SET}/${String(i + 1).padStart(2, "0")}.png`, Buffer.from("not an image")]));
    assert.deepEqual(await linesFor(many), [
      "screenshots/en-US/iphone-6.9: holds 51 screenshots; the App Store allows 10 per set (with more than 50, the files were not inspected)",
    ]);
  });

  test("a set needs 1 to 10 files", async () => {
    const eleven = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`${SET}/${String(i + 1).padStart(2, "0")}.png`, { ...IPHONE_69, shade: i } as ImageSpec]),
    );
    assert.deepEqual(await linesFor(eleven), ["screenshots/en-US/iphone-6.9: holds 11 screenshots; the App Store allows 10 per set"]);
    const repo = await makeRepo({ metadata: { "en-US.yml": "name: Acme\n" } });
    try {
      await mkdir(path.join(repo.screenshotsDir, SET), { recursive: true });
      await writeFile(path.join(repo.screenshotsDir, SET, ".DS_Store"), "finder");
      const lines = (await repo.lines()).map((line) => line.replace(/^.*?screenshots\//, "screenshots/"));
      assert.deepEqual(lines, ["screenshots/en-US/iphone-6.9: holds no screenshots; a set needs 1 to 10 (remove the folder to leave the set unmanaged)"]);
    } finally {
      await repo.cleanup();
    }
  });

  test("unknown display folders and locale folders get suggestions", async () => {
    assert.deepEqual(await linesFor({ "en-US/iphone-69/01.png": IPHONE_69, "en_US/iphone-6.9/01.png": IPHONE_69, "xx-YY/iphone-6.9/01.png": IPHONE_69 }), [
      'screenshots/en-US/iphone-69: "iphone-69" is not a display type; did you mean iphone-6.9?',
      'screenshots/en_US: "en_US" is not an App Store locale; did you mean en-US?',
      'screenshots/xx-YY: "xx-YY" is not an App Store locale; name locale folders after App Store Connect\'s codes, such as en-US',
    ]);
  });

  test("a file outside a display folder, a set of another platform, and two folders for one display type", async () => {
    assert.deepEqual(
      await linesFor({
        "en-US/01.png": IPHONE_69,
        "en-US/mac/01.png": { width: 2880, height: 1800 },
        "en-US/iphone-6.9/01.png": IPHONE_69,
        "en-US/APP_IPHONE_67/01.png": IPHONE_69,
      }),
      [
        "screenshots/en-US/01.png: is not inside a display-type folder; move it to screenshots/en-US/<display type>/, e.g. iphone-6.9",
        "screenshots/en-US/iphone-6.9: names the same display type (APP_IPHONE_67) as screenshots/en-US/APP_IPHONE_67; keep one folder per display type",
        "screenshots/en-US/mac: Mac screenshots (APP_DESKTOP) belong to MAC_OS apps, and app.platform is IOS",
      ].map((line) => line),
    );
  });

  test("a symlink that leaves the repository is refused; one inside it is followed", async () => {
    const repo = await makeRepo({ metadata: { "en-US.yml": "name: Acme\n" }, screenshots: { [`${SET}/01.png`]: IPHONE_69 } });
    const outside = path.join(tmpdir(), `asc-gitops-outside-${process.pid}.png`);
    try {
      await writeFile(outside, await makeImage({ ...IPHONE_69, shade: 9 }));
      await symlink(outside, path.join(repo.screenshotsDir, SET, "02.png"));
      await symlink(path.join(repo.screenshotsDir, SET, "01.png"), path.join(repo.screenshotsDir, SET, "03.png"));
      await symlink(path.join(repo.root, "missing.png"), path.join(repo.screenshotsDir, SET, "04.png"));
      const lines = (await repo.lines()).map((line) => line.replace(/^.*?screenshots\//, "screenshots/"));
      assert.deepEqual(lines, [
        "screenshots/en-US/iphone-6.9/02.png: is a symbolic link to a file outside the repository; copy the screenshot into the repository instead",
        "screenshots/en-US/iphone-6.9/03.png: warning: is the same image as 01.png; the set will show it twice",
        "screenshots/en-US/iphone-6.9/04.png: is a symbolic link to a file that does not exist",
      ]);
    } finally {
      await repo.cleanup();
    }
  });

  test("files are ordered naturally and carry the MD5 of their bytes", async () => {
    const repo = await makeRepo({
      metadata: { "en-US.yml": "name: Acme\n" },
      screenshots: {
        [`${SET}/10-end.png`]: { ...IPHONE_69, shade: 3 },
        [`${SET}/2-middle.png`]: { ...IPHONE_69, shade: 2 },
        [`${SET}/1-start.png`]: { ...IPHONE_69, shade: 1 },
      },
    });
    try {
      const result = await repo.validate();
      assert.deepEqual(result.diagnostics, []);
      const [set] = buildDesiredState(result.files).screenshotSets;
      assert.equal(set!.displayType, "APP_IPHONE_67");
      assert.deepEqual(
        set!.screenshots.map((shot) => shot.fileName),
        ["1-start.png", "2-middle.png", "10-end.png"],
      );
      for (const shot of set!.screenshots) {
        const bytes = await readFile(shot.absolutePath);
        assert.equal(shot.checksum, createHash("md5").update(bytes).digest("hex"));
        assert.equal(shot.fileSize, bytes.length);
        assert.deepEqual([shot.width, shot.height], [1320, 2868]);
      }
    } finally {
      await repo.cleanup();
    }
  });
});
