/**
 * Inspects one screenshot: the format by content, the pixel size, alpha and
 * colour space from the header (sharp), and, while streaming every byte once
 * for the MD5 checksum (App Store Connect's sourceFileChecksum), that the file
 * ends where its format says it must, since a header read passes a truncated file.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { Metadata } from "sharp";
import { acceptsSize, formatSizes, type DisplayTypeInfo } from "../../model/display-types.js";
import { isInside } from "../../util/paths.js";
import type { Diagnostic } from "../diagnostics.js";
import type { ImageFormat, ScreenshotFile } from "../load/files.js";

type Sharp = typeof import("sharp").default;
let sharpLoading: Promise<Sharp> | undefined;

/**
 * sharp, loaded on first use: a machine without a prebuilt binary for its
 * platform gets one error naming the platform, not a crash at start.
 */
function loadSharp(): Promise<Sharp> {
  sharpLoading ??= import("sharp").then(
    (module) => {
      // Only headers are read: libvips' operation cache would hold memory for nothing.
      module.default.cache(false);
      return module.default;
    },
    (error: unknown) => {
      const reason = error instanceof Error ? error.message.split("\n", 1)[0] : String(error);
      throw new Error(`cannot check screenshots: sharp (the image library) has no working binary for ${process.platform}-${process.arch} here (${reason})`);
    },
  );
  return sharpLoading;
}

/** Enough of the file for any PNG header and nearly every JPEG's frame header. */
const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 64;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from("0000000049454e44ae426082", "hex");

export interface ImageCheckInput {
  absolutePath: string;
  /** Display path. */
  file: string;
  info: DisplayTypeInfo;
  repositoryRoot: string;
}

export interface ImageCheckResult {
  screenshot?: ScreenshotFile;
  diagnostics: Diagnostic[];
}

function sniff(head: Buffer): { format?: ImageFormat; other?: string } {
  if (head.subarray(0, 8).equals(PNG_SIGNATURE)) return { format: "png" };
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { format: "jpeg" };
  const ascii = head.subarray(0, 16).toString("latin1");
  if (ascii.startsWith("GIF8")) return { other: "a GIF image" };
  if (ascii.startsWith("RIFF") && ascii.slice(8, 12) === "WEBP") return { other: "a WebP image" };
  if (/^....ftyp(heic|heix|mif1|hevc)/s.test(ascii)) return { other: "a HEIC image" };
  if (/^....ftyp(avif)/s.test(ascii)) return { other: "an AVIF image" };
  if (ascii.startsWith("%PDF")) return { other: "a PDF document" };
  if (ascii.startsWith("II*\0") || ascii.startsWith("MM\0*")) return { other: "a TIFF image" };
  if (/^\s*</.test(ascii)) return { other: "text (SVG or HTML)" };
  return {};
}

function endsCompletely(format: ImageFormat, tail: Buffer): boolean {
  if (format === "png") return tail.length >= PNG_IEND.length && tail.subarray(tail.length - PNG_IEND.length).equals(PNG_IEND);
  // JPEG ends with the EOI marker; some encoders pad a few zero bytes after it.
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0x00) end--;
  return end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9;
}

async function readAll(absolutePath: string): Promise<{ checksum: string; head: Buffer; tail: Buffer; size: number }> {
  const hash = createHash("md5");
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let tail: Buffer = Buffer.alloc(0);
  let size = 0;
  for await (const chunk of createReadStream(absolutePath, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    if (headLength < HEAD_BYTES) {
      headChunks.push(chunk);
      headLength += chunk.length;
    }
    tail = chunk.length >= TAIL_BYTES ? chunk.subarray(chunk.length - TAIL_BYTES) : Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES);
  }
  return { checksum: hash.digest("hex"), head: Buffer.concat(headChunks).subarray(0, HEAD_BYTES), tail: Buffer.from(tail), size };
}

export async function checkImage(input: ImageCheckInput): Promise<ImageCheckResult> {
  const { file, info } = input;
  const diagnostics: Diagnostic[] = [];
  const fail = (rule: string, message: string): ImageCheckResult => {
    diagnostics.push({ severity: "error", rule, file, message });
    return { diagnostics };
  };

  let absolutePath = input.absolutePath;
  const link = await lstat(absolutePath);
  if (link.isSymbolicLink()) {
    let target: string;
    try {
      target = await realpath(absolutePath);
    } catch {
      return fail("screenshot.symlink", "is a symbolic link to a file that does not exist");
    }
    if (!isInside(await realpath(input.repositoryRoot), target))
      return fail("screenshot.symlink", "is a symbolic link to a file outside the repository; copy the image into the repository instead");
    absolutePath = target;
  }
  const stats = link.isSymbolicLink() ? await stat(absolutePath) : link;
  if (stats.isDirectory()) return fail("screenshot.layout", `is a folder; a display-type folder holds image files only`);
  if (!stats.isFile()) return fail("screenshot.not-a-file", "is not a regular file");
  if (stats.size === 0) return fail("screenshot.empty", "is empty (0 bytes); export the screenshot again");

  const { checksum, head, tail, size } = await readAll(absolutePath);
  const sniffed = sniff(head);
  if (!sniffed.format)
    return fail("screenshot.format", `is ${sniffed.other ?? "not an image"}; the App Store takes PNG or JPEG screenshots: export it as PNG`);
  const format = sniffed.format;
  const extension = path.extname(file).toLowerCase();
  const expectedExtensions = format === "png" ? [".png"] : [".jpg", ".jpeg"];
  if (!expectedExtensions.includes(extension))
    diagnostics.push({
      severity: "warning",
      rule: "screenshot.extension",
      file,
      message: `is a ${format.toUpperCase()} file named ${extension || "without an extension"}; the App Store reads it by content, but rename it to ${expectedExtensions[0]} to avoid confusion`,
    });

  const sharp = await loadSharp();
  let metadata: Metadata;
  try {
    metadata = await sharp(head).metadata();
    if (!metadata.width || !metadata.height) metadata = await sharp(absolutePath).metadata();
  } catch {
    try {
      metadata = await sharp(absolutePath).metadata();
    } catch (error) {
      return fail("screenshot.corrupt", `cannot be read as a ${format.toUpperCase()} image (${(error as Error).message.replace(/\s+/g, " ").trim()}); export it again`);
    }
  }
  if (!endsCompletely(format, tail))
    return fail("screenshot.truncated", `is truncated: the ${format === "png" ? "PNG has no IEND chunk" : "JPEG has no end-of-image marker"} at its end (${size} bytes); export it again`);

  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (!acceptsSize(info, width, height))
    diagnostics.push({
      severity: "error",
      rule: "screenshot.size",
      file,
      message: `is ${width}x${height}; ${info.device} screenshots (${info.displayType}) must be one of ${formatSizes(info)}`,
    });
  if (metadata.hasAlpha)
    diagnostics.push({
      severity: "error",
      rule: "screenshot.alpha",
      file,
      message: "has an alpha channel; the App Store needs opaque RGB images: flatten it onto a background (or export without transparency)",
    });
  const channels = metadata.channels ?? 3;
  if (metadata.space === "cmyk")
    diagnostics.push({ severity: "error", rule: "screenshot.colour-space", file, message: "is CMYK; the App Store needs RGB: convert it to sRGB" });
  else if (channels <= 2 || metadata.space === "b-w" || metadata.space === "grey16")
    diagnostics.push({ severity: "error", rule: "screenshot.colour-space", file, message: "is grayscale; the App Store needs RGB: export it as an RGB image" });

  if (diagnostics.some((diagnostic) => diagnostic.severity === "error")) return { diagnostics };
  return {
    diagnostics,
    screenshot: { file, absolutePath, fileName: path.basename(file), fileSize: size, checksum, format, width, height },
  };
}
