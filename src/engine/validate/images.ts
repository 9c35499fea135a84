/**
 * Inspects one screenshot: the format by content, the pixel size, alpha and
 * colour space from the header (sharp), and, while streaming every byte once
 * for the MD5 checksum (App Store Connect's sourceFileChecksum), the file's
 * structure (image-structure.ts), since a header read passes a truncated or
 * corrupted file.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import type { Metadata } from "sharp";
import { acceptsSize, formatSizes, type DisplayTypeInfo } from "../../model/display-types.js";
import { MAX_SCREENSHOT_BYTES } from "../../model/fields.js";
import { openRepositoryFile, RefusedFile, type RepositoryFile } from "../../util/repository-files.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";
import type { ImageFormat, ScreenshotFile } from "../load/files.js";
import { structureCheck, type StructureCheck, type StructureProblem } from "./image-structure.js";

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
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

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

/** Streams the file once: MD5, the head for the sniff and sharp, and the format's structure. */
async function readAll(file: RepositoryFile): Promise<{ checksum: string; head: Buffer; size: number; structure?: StructureProblem }> {
  const hash = createHash("md5");
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let structure: StructureCheck | undefined;
  for await (const chunk of file.chunks(256 * 1024)) {
    hash.update(chunk);
    if (size === 0) {
      const format = sniff(chunk).format;
      if (format) structure = structureCheck(format);
    }
    structure?.update(chunk);
    size += chunk.length;
    if (headLength < HEAD_BYTES) {
      headChunks.push(chunk);
      headLength += chunk.length;
    }
  }
  return { checksum: hash.digest("hex"), head: Buffer.concat(headChunks).subarray(0, HEAD_BYTES), size, structure: structure?.finish() };
}

export async function checkImage(input: ImageCheckInput): Promise<ImageCheckResult> {
  const { file, info } = input;
  const diagnostics: Diagnostic[] = [];
  const fail = (rule: string, message: string): ImageCheckResult => {
    diagnostics.push({ severity: "error", rule, file, message });
    return { diagnostics };
  };

  let opened: RepositoryFile;
  try {
    opened = await openRepositoryFile(input.absolutePath, { root: input.repositoryRoot, maxBytes: MAX_SCREENSHOT_BYTES, what: "screenshot" });
  } catch (error) {
    if (error instanceof RefusedFile) return fail(error.rule === "file.not-regular" ? "screenshot.not-a-file" : error.rule, error.message);
    return fail("file.read", `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let read: Awaited<ReturnType<typeof readAll>>;
  try {
    if (opened.size === 0) return fail("screenshot.empty", "is empty (0 bytes); export the screenshot again");
    read = await readAll(opened);
  } catch (error) {
    if (error instanceof RefusedFile) return fail(error.rule, error.message);
    return fail("file.read", `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    await opened.close();
  }
  const absolutePath = opened.realPath;
  const { checksum, head, size } = read;
  const sniffed = sniff(head);
  if (!sniffed.format) return fail("screenshot.format", `is ${sniffed.other ?? "not an image"}; the App Store takes PNG or JPEG screenshots: export it as PNG`);
  const format = sniffed.format;
  const extension = path.extname(file).toLowerCase();
  const expectedExtensions = format === "png" ? [".png"] : [".jpg", ".jpeg"];
  if (!expectedExtensions.includes(extension))
    diagnostics.push({
      severity: "warning",
      rule: "screenshot.extension",
      file,
      message:
        `is a ${format.toUpperCase()} file named ${extension || "without an extension"}; ` +
        `the App Store reads it by content, but rename it to ${expectedExtensions[0]} to avoid confusion`,
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
      return fail(
        "screenshot.corrupt",
        `cannot be read as a ${format.toUpperCase()} image (${(error as Error).message.replace(/\s+/g, " ").trim()}); export it again`,
      );
    }
  }
  if (read.structure) return fail(read.structure.rule, read.structure.message);

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
