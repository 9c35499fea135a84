import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { jpegStructure, pngStructure, type StructureCheck } from "../../src/engine/validate/image-structure.js";
import { crc32, crc32ByTable } from "../../src/util/crc32.js";
import { IPHONE_69, makeImage, makeRepo, type RepoSpec } from "../helpers/fixture-repo.js";

async function linesFor(screenshots: RepoSpec["screenshots"]): Promise<string[]> {
  const repo = await makeRepo({ metadata: { "en-US.yml": "name: Acme\n" }, screenshots });
  try {
    return await repo.lines();
  } finally {
    await repo.cleanup();
  }
}

/** Feeds `bytes` to a check in pieces of `size` bytes, as a stream would. */
function fed(check: StructureCheck, bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) check.update(bytes.subarray(at, at + size));
  return check.finish();
}

/** Offset of the first chunk of `type` in a PNG: its 4-byte length comes before the type. */
const chunkOffset = (png: Buffer, type: string) => png.indexOf(type, 8, "latin1") - 4;

/** A photo-like image, so the compressed data is long enough to corrupt in its middle. */
async function noisyImage(format: "png" | "jpeg"): Promise<Buffer> {
  const sharp = (await import("sharp")).default;
  const pixels = Buffer.alloc(IPHONE_69.width * 64 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919) % 251;
  const strip = sharp(pixels, { raw: { width: IPHONE_69.width, height: 64, channels: 3 } });
  const image = sharp({ create: { ...IPHONE_69, channels: 3, background: { r: 10, g: 20, b: 30 } } }).composite([
    { input: await strip.png().toBuffer(), top: 1000, left: 0 },
  ]);
  return format === "png" ? image.png().toBuffer() : image.jpeg({ quality: 90 }).toBuffer();
}

const SET = "en-US/iphone-6.9";

describe("screenshot structure, checked while the checksum streams", () => {
  test("a PNG with bytes after its IEND chunk says so, instead of calling the file truncated", async () => {
    const png = await makeImage(IPHONE_69);
    assert.deepEqual(await linesFor({ [`${SET}/01.png`]: Buffer.concat([png, Buffer.from("payload")]) }), [
      `screenshots/en-US/iphone-6.9/01.png: has 7 bytes after the IEND chunk, where a PNG ends (${png.length + 7} bytes in all); export it again`,
    ]);
  });

  test("a PNG corrupted in the middle of its image data fails the chunk's CRC check, although its header and end read fine", async () => {
    const png = await noisyImage("png");
    const idat = chunkOffset(png, "IDAT");
    const length = png.readUInt32BE(idat);
    assert.ok(length > 1000, "the image data is long enough to corrupt in its middle");
    const corrupt = Buffer.from(png);
    const middle = idat + 8 + Math.floor(length / 2);
    corrupt[middle] = corrupt[middle]! ^ 0x55;
    assert.deepEqual(await linesFor({ [`${SET}/01.png`]: corrupt }), [
      `screenshots/en-US/iphone-6.9/01.png: is corrupt: the PNG's IDAT chunk at byte ${idat.toLocaleString("en-US")} fails its CRC check; export it again`,
    ]);
  });

  test("a JPEG with a broken marker in its compressed data is corrupt; one with data after its end marker says so", async () => {
    const jpeg = await noisyImage("jpeg");
    const scan = jpeg.indexOf(Buffer.from([0xff, 0xda]));
    const at = scan + Math.floor((jpeg.length - scan) / 2);
    const corrupt = Buffer.from(jpeg);
    corrupt[at] = 0xff;
    corrupt[at + 1] = 0x37;
    assert.deepEqual(await linesFor({ [`${SET}/01.jpg`]: corrupt, [`${SET}/02.jpg`]: Buffer.concat([jpeg, Buffer.from("appended")]) }), [
      `screenshots/en-US/iphone-6.9/01.jpg: is corrupt: the JPEG holds an invalid marker (0x37) at byte ${at.toLocaleString("en-US")}; export it again`,
      `screenshots/en-US/iphone-6.9/02.jpg: has 8 bytes after the JPEG's end-of-image marker, ` +
        `where a JPEG ends (${jpeg.length + 8} bytes in all); export it again`,
    ]);
  });

  test("zero bytes of padding after a JPEG's end marker, as some encoders write, pass", async () => {
    const jpeg = await noisyImage("jpeg");
    assert.deepEqual(await linesFor({ [`${SET}/01.jpg`]: Buffer.concat([jpeg, Buffer.alloc(16)]) }), []);
  });

  test("the checks read the same verdict however the bytes arrive in chunks", async () => {
    const png = await noisyImage("png");
    const jpeg = await noisyImage("jpeg");
    for (const size of [1, 3, 8, 13, 4096, png.length]) {
      assert.equal(fed(pngStructure(), png, size), undefined, `PNG in pieces of ${size}`);
      assert.equal(fed(jpegStructure(), jpeg, size), undefined, `JPEG in pieces of ${size}`);
    }
    const broken = Buffer.from(png);
    const idat = chunkOffset(png, "IDAT");
    broken[idat + 108] = broken[idat + 108]! ^ 1;
    const verdicts = new Set([1, 5, 64, png.length].map((size) => fed(pngStructure(), broken, size)?.message));
    assert.deepEqual([...verdicts], [`is corrupt: the PNG's IDAT chunk at byte ${idat.toLocaleString("en-US")} fails its CRC check; export it again`]);
  });

  test("the table CRC-32 (for Node releases without zlib.crc32) agrees with the one in use, across calls", () => {
    const bytes = Buffer.from("123456789");
    assert.equal(crc32ByTable(bytes), 0xcbf43926);
    assert.equal(crc32(bytes), 0xcbf43926);
    assert.equal(crc32ByTable(bytes.subarray(4), crc32ByTable(bytes.subarray(0, 4))), 0xcbf43926);
  });
});
