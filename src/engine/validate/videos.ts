/**
 * Inspects one app preview without decoding it and without any binary the
 * runner lacks (DESIGN.md §15): the container by content, its duration, the
 * video track's codec, size and frame rate, the audio track, the file size,
 * and a truncated or corrupt container, each a clear error naming the file
 * (capabilities §1b has Apple's rules and what of them is unconfirmed).
 */
import path from "node:path";
import { DEFAULT_POSTER_FRAME, MAX_PREVIEW_BYTES, PREVIEW_DURATION, PREVIEW_MAX_FPS } from "../../model/fields.js";
import { acceptsSize, formatSizes } from "../../model/display-types.js";
import type { PreviewTypeInfo } from "../../model/preview-types.js";
import { openRepositoryFile, RefusedFile, type RepositoryFile } from "../../util/repository-files.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";
import type { PreviewFile } from "../load/files.js";
import { readContainer, type ContainerRead } from "./video-container.js";

export interface VideoCheckInput {
  absolutePath: string;
  /** Display path. */
  file: string;
  info: PreviewTypeInfo;
  repositoryRoot: string;
}

export interface VideoCheckResult {
  preview?: PreviewFile;
  diagnostics: Diagnostic[];
}

const EXTENSIONS = [".mp4", ".m4v", ".mov"];
const H264 = new Set(["avc1", "avc3"]);
const PRORES_HQ = "apch";
const OTHER_PRORES: Record<string, string> = {
  apcn: "ProRes 422",
  apcs: "ProRes 422 LT",
  apco: "ProRes 422 Proxy",
  ap4h: "ProRes 4444",
  ap4x: "ProRes 4444 XQ",
};
/** A frame-rate measure from whole frames over a duration may sit a hair above 30 (29.97 rounded, 30 exactly). */
const FPS_TOLERANCE = 0.01;

function codecProblem(codec: string, container: "mp4" | "quicktime"): string | undefined {
  if (H264.has(codec)) return undefined;
  if (codec === PRORES_HQ) return container === "quicktime" ? undefined : "is ProRes 422 HQ in an MP4 file; Apple takes ProRes only in a QuickTime (.mov) file";
  const name = OTHER_PRORES[codec] ?? (codec === "hvc1" || codec === "hev1" ? "HEVC (H.265)" : `encoded as ${codec}`);
  return `is ${name.startsWith("encoded") ? name : `${name} (${codec})`}; app previews must be H.264 or ProRes 422 HQ: export it again with one of those`;
}

export async function checkVideo(input: VideoCheckInput): Promise<VideoCheckResult> {
  const { file, info } = input;
  const diagnostics: Diagnostic[] = [];
  const error = (rule: string, message: string) => diagnostics.push({ severity: "error", rule, file, message });
  const fail = (rule: string, message: string): VideoCheckResult => {
    error(rule, message);
    return { diagnostics };
  };

  let opened: RepositoryFile;
  try {
    opened = await openRepositoryFile(input.absolutePath, { root: input.repositoryRoot, maxBytes: MAX_PREVIEW_BYTES, what: "preview video (Apple's 500 MB)" });
  } catch (caught) {
    if (caught instanceof RefusedFile) return fail(caught.rule === "file.not-regular" ? "preview.not-a-file" : caught.rule, caught.message);
    return fail("file.read", `cannot be read: ${(caught as NodeJS.ErrnoException).code ?? String(caught)}`);
  }
  let read: ContainerRead;
  try {
    if (opened.size === 0) return fail("preview.empty", "is empty (0 bytes); export the video again");
    read = await readContainer(opened);
  } catch (caught) {
    if (caught instanceof RefusedFile) return fail(caught.rule, caught.message);
    return fail("file.read", `cannot be read: ${(caught as NodeJS.ErrnoException).code ?? String(caught)}`);
  } finally {
    await opened.close();
  }
  if (read.problem) return fail(read.problem.rule, read.problem.message);
  const facts = read.facts!;
  const extension = path.extname(file).toLowerCase();
  if (!EXTENSIONS.includes(extension))
    diagnostics.push({
      severity: "warning",
      rule: "preview.extension",
      file,
      message: `is a video named ${extension || "without an extension"}; App Store Connect takes .mp4, .m4v or .mov: rename it`,
    });
  const video = facts.video;
  if (!video) return fail("preview.no-video", "has no video track; export the app preview again");

  const seconds = Math.round(facts.duration * 100) / 100;
  if (facts.duration < PREVIEW_DURATION.min || facts.duration > PREVIEW_DURATION.max)
    error("preview.duration", `is ${seconds} s long; app previews must last ${PREVIEW_DURATION.min} to ${PREVIEW_DURATION.max} seconds`);
  if (!acceptsSize(info, video.width, video.height))
    error(
      "preview.resolution",
      `is ${video.width}x${video.height}; ${info.device} app previews (${info.displayType}) must be ${formatSizes(info).replace(/, ([^,]*)$/, " or $1")}` +
        (info.unconfirmedSizes ? ` (Apple's table does not state this type's size for certain: if App Store Connect accepts another, say so)` : ""),
    );
  const fps = Math.round(video.frameRate * 100) / 100;
  if (video.frameRate > PREVIEW_MAX_FPS + FPS_TOLERANCE)
    error("preview.frame-rate", `runs at ${fps} frames a second; app previews may have at most ${PREVIEW_MAX_FPS}: export it at 30 fps`);
  const codec = codecProblem(video.codec, facts.container);
  if (codec) error("preview.codec", codec);
  if (!facts.hasAudio)
    diagnostics.push({
      severity: "warning",
      rule: "preview.no-audio",
      file,
      message: "has no audio track; App Store Connect has refused such previews at times: add a silent stereo AAC track if the upload fails",
    });

  if (diagnostics.some((diagnostic) => diagnostic.severity === "error")) return { diagnostics };
  return {
    diagnostics,
    preview: {
      file,
      absolutePath: opened.realPath,
      fileName: path.basename(file),
      fileSize: read.size,
      checksum: read.checksum,
      mimeType: facts.container === "quicktime" ? "video/quicktime" : "video/mp4",
      duration: facts.duration,
      width: video.width,
      height: video.height,
      frameRate: video.frameRate,
      codec: video.codec,
      posterFrame: DEFAULT_POSTER_FRAME,
    },
  };
}
