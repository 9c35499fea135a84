/**
 * What happens to a screenshot after its commit, as with Apple: it stays
 * UPLOAD_COMPLETE, with no checksum and no image, until processing ends
 * `processingMs` later; then it is COMPLETE with `sourceFileChecksum` and
 * `imageAsset` (width and height read from the bytes), or FAILED with the
 * reason (not an image, a size the display type does not accept, an alpha
 * channel). Knobs reproduce two of Apple's habits: the checksum published
 * `checksumDelayMs` after COMPLETE, and a screenshot that never finishes. The outcome is decided at the commit and stored with its time, so
 * it survives a restart; reads reveal it once the time has come.
 *
 * `imageAsset.templateUrl` serves a rendition re-encoded by the sandbox (same
 * size unless asked otherwise, different bytes), never the uploaded file.
 */
import { createHash, randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import sharp, { type Metadata } from "sharp";
import { acceptsSize, displayTypeInfo } from "../../model/display-types.js";
import type { AssetFiles } from "../store/assets.js";
import type { ProcessingOutcome, ScreenshotRecord } from "../store/records.js";

export const RENDITION_FORMATS = ["png", "jpg", "jpeg", "webp"] as const;
export type RenditionFormat = (typeof RENDITION_FORMATS)[number];

/** Moves a screenshot whose processing time has passed to its outcome; true if it changed. */
export function settle(screenshot: ScreenshotRecord, now: number): boolean {
  if (screenshot.state !== "UPLOAD_COMPLETE" || screenshot.stuck || screenshot.completeAt === undefined || now < screenshot.completeAt || !screenshot.outcome)
    return false;
  const outcome = screenshot.outcome;
  if (outcome.state === "COMPLETE") {
    screenshot.state = "COMPLETE";
    screenshot.width = outcome.width;
    screenshot.height = outcome.height;
  } else {
    screenshot.state = "FAILED";
    screenshot.errors = outcome.errors;
    delete screenshot.checksum;
  }
  delete screenshot.outcome;
  return true;
}

export function assetToken(screenshot: Pick<ScreenshotRecord, "id" | "fileName">): string {
  return `PurpleSandbox/v4/${screenshot.id.slice(0, 2)}/${screenshot.id}/${encodeURIComponent(screenshot.fileName)}`;
}

/** `/image/thumb/<assetToken>/<w>x<h>bb.<format>`: the screenshot id and the rendition asked for. */
export function parseRenditionPath(pathname: string): { id: string; width: number; height: number; format: RenditionFormat } | undefined {
  const found = /^\/image\/thumb\/PurpleSandbox\/v4\/[^/]+\/([^/]+)\/[^/]+\/([0-9]{1,5})x([0-9]{1,5})bb\.(png|jpg|jpeg|webp)$/.exec(pathname);
  if (!found) return undefined;
  return { id: found[1]!, width: Number(found[2]), height: Number(found[3]), format: found[4] as RenditionFormat };
}

/** A processed screenshot's checksum may be published later than COMPLETE (Apple's do since 2026; the checksum-delay knob). */
export function screenshotAttributes(screenshot: ScreenshotRecord, origin: string, now = Date.now()): Record<string, unknown> {
  const attributes: Record<string, unknown> = {
    fileSize: screenshot.fileSize,
    fileName: screenshot.fileName,
  };
  if (screenshot.state === "COMPLETE") {
    if (screenshot.checksumAt === undefined || now >= screenshot.checksumAt) attributes.sourceFileChecksum = screenshot.checksum;
    attributes.imageAsset = {
      templateUrl: `${origin}/image/thumb/${screenshot.assetToken}/{w}x{h}bb.{f}`,
      width: screenshot.width,
      height: screenshot.height,
    };
  }
  attributes.assetToken = screenshot.assetToken;
  attributes.assetType = "SCREENSHOT";
  if (screenshot.state === "AWAITING_UPLOAD") {
    attributes.uploadOperations = screenshot.parts.map((part, index) => ({
      method: "PUT",
      url: `${origin}/upload/${screenshot.id}/${index + 1}?key=${screenshot.uploadKey}`,
      length: part.length,
      offset: part.offset,
      requestHeaders: [{ name: "Content-Type", value: screenshot.mimeType }],
    }));
  }
  attributes.assetDeliveryState = {
    errors: screenshot.state === "FAILED" ? (screenshot.errors ?? []) : [],
    warnings: [],
    state: screenshot.state,
  };
  return attributes;
}

/** Reads the committed bytes as App Store Connect's processing would, and says how it will end. */
export async function processingOutcome(file: string, displayType: string): Promise<ProcessingOutcome> {
  let metadata: Metadata;
  try {
    metadata = await sharp(file).metadata();
  } catch {
    return { state: "FAILED", errors: [{ code: "IMAGE_TOOL_FAILURE", description: "The file could not be read as an image." }] };
  }
  const { width, height, format } = metadata;
  if (!width || !height || (format !== "png" && format !== "jpeg")) {
    return {
      state: "FAILED",
      errors: [{ code: "IMAGE_TOOL_FAILURE", description: `The file is ${format ?? "not an image"}; screenshots must be PNG or JPEG.` }],
    };
  }
  if (metadata.hasAlpha) {
    return { state: "FAILED", errors: [{ code: "IMAGE_ALPHA_NOT_ALLOWED", description: "Images can't contain alpha channels or transparencies." }] };
  }
  const info = displayTypeInfo(displayType);
  if (info && !acceptsSize(info, width, height)) {
    return {
      state: "FAILED",
      errors: [{ code: "IMAGE_INCORRECT_DIMENSIONS", description: `The dimensions ${width}x${height} are not accepted for ${displayType}.` }],
    };
  }
  return { state: "COMPLETE", width, height };
}

/** The processed rendition: re-encoded by the sandbox, so its bytes never equal the upload's. */
export async function rendition(assets: AssetFiles, screenshot: ScreenshotRecord, width: number, height: number, format: RenditionFormat): Promise<Buffer> {
  const cached = assets.renditionPath(screenshot.id, width, height, format);
  const existing = await readFile(cached).catch(() => undefined);
  if (existing) return existing;
  const original = await readFile(assets.originalPath(screenshot.id));
  const encode = (compressionLevel: number) => {
    let image = sharp(original).withMetadata({ density: 72 });
    if (width !== screenshot.width || height !== screenshot.height) image = image.resize(width, height, { fit: "fill" });
    if (format === "png") return image.png({ compressionLevel, adaptiveFiltering: true }).toBuffer();
    if (format === "webp") return image.webp({ quality: 90 }).toBuffer();
    return image.jpeg({ quality: 90 }).toBuffer();
  };
  let bytes = await encode(9);
  const md5 = (buffer: Buffer) => createHash("md5").update(buffer).digest("hex");
  if (md5(bytes) === md5(original)) bytes = await encode(8);
  // A name of its own: two requests for one rendition may encode it at once.
  const temporary = `${cached}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, cached);
  return bytes;
}

export function mimeTypeOf(fileName: string): string {
  const extension = fileName.toLowerCase().split(".").pop();
  if (extension === "png") return "image/png";
  if (extension === "jpg" || extension === "jpeg") return "image/jpeg";
  return "application/octet-stream";
}

/** Apple's part size is its own business; the sandbox's is an option (5 MiB by default). */
export function planParts(fileSize: number, partSize: number): Array<{ offset: number; length: number }> {
  const parts: Array<{ offset: number; length: number }> = [];
  for (let offset = 0; offset < fileSize; offset += partSize) parts.push({ offset, length: Math.min(partSize, fileSize - offset) });
  return parts;
}
