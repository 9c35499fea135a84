/**
 * Reads an MP4 / QuickTime container without decoding (DESIGN.md §15): one
 * pass over the bytes walks the top-level boxes (a truncated file has a box
 * that runs past its end; a corrupt one has a size no box can have) while the
 * MD5 is streamed, keeps every box but the media data (moov is small, mdat is
 * the video itself), and hands those to mp4box, which reads mvhd, tkhd, mdhd,
 * stts and the sample entries: duration, tracks, codecs, sizes, frame counts.
 */
import { createHash } from "node:crypto";
import { createFile, MP4BoxBuffer, type Movie } from "mp4box";
import type { RepositoryFile } from "../../util/repository-files.js";

/** What a container holds, as validation needs it. */
export interface VideoFacts {
  container: "mp4" | "quicktime";
  /** Seconds, from the movie header. */
  duration: number;
  video?: { codec: string; width: number; height: number; frameRate: number };
  hasAudio: boolean;
}

export interface ContainerRead {
  checksum: string;
  size: number;
  facts?: VideoFacts;
  /** Why the bytes are not a readable video: the rule and the message's tail. */
  problem?: { rule: string; message: string };
}

/** Box types a video file may start with (QuickTime files may open with wide, free or mdat). */
const OPENING_BOXES = new Set(["ftyp", "moov", "mdat", "wide", "free", "skip", "pnot"]);
/** Boxes not kept for mp4box: the media data and padding. */
const SKIPPED_BOXES = new Set(["mdat", "free", "skip", "wide"]);
/** Bytes of kept boxes at most: a 30-second movie's index is far smaller. */
const MAX_INDEX_BYTES = 32 * 1024 * 1024;

const isFourCC = (type: string) => /^[\x20-\x7e]{4}$/.test(type);

function describeOther(head: Buffer): string {
  const ascii = head.subarray(0, 16).toString("latin1");
  if (head[0] === 0x89 && ascii.slice(1, 4) === "PNG") return "a PNG image";
  if (head[0] === 0xff && head[1] === 0xd8) return "a JPEG image";
  if (ascii.startsWith("GIF8")) return "a GIF image";
  if (ascii.startsWith("RIFF") && ascii.slice(8, 12) === "AVI ") return "an AVI video";
  if (ascii.startsWith("RIFF") && ascii.slice(8, 12) === "WEBP") return "a WebP image";
  if (head.readUInt32BE(0) === 0x1a45dfa3) return "a Matroska or WebM video";
  if (/^....ftyp(heic|heix|mif1|avif)/s.test(ascii)) return "a HEIC or AVIF image";
  return "not a video";
}

/** The top-level box walk, fed chunk by chunk. */
class BoxWalk {
  /** Absolute offset where the next box starts. */
  private next = 0;
  private offset = 0;
  private pending = Buffer.alloc(0);
  /** Kept boxes as [start, bytes]. */
  readonly kept: { start: number; parts: Buffer[]; end: number }[] = [];
  private keptBytes = 0;
  private current?: { start: number; parts: Buffer[]; end: number };
  readonly types: string[] = [];
  problem?: { rule: string; message: string };
  /** A box that runs to the end of the file (size 0). */
  private toEnd = false;

  update(chunk: Buffer): void {
    const chunkStart = this.offset;
    this.offset += chunk.length;
    let at = 0;
    while (at < chunk.length && !this.problem && !this.toEnd) {
      const absolute = chunkStart + at;
      if (absolute < this.next) {
        const take = Math.min(chunk.length - at, this.next - absolute);
        this.current?.parts.push(chunk.subarray(at, at + take));
        at += take;
        continue;
      }
      // At a box boundary: gather its header, 8 bytes (16 with a 64-bit size), taking no byte past it.
      const want = this.pending.length >= 8 && this.pending.readUInt32BE(0) === 1 ? 16 : 8;
      if (this.pending.length < want) {
        const take = Math.min(want - this.pending.length, chunk.length - at);
        this.pending = Buffer.concat([this.pending, chunk.subarray(at, at + take)]);
        at += take;
        continue;
      }
      const header = this.pending;
      this.pending = Buffer.alloc(0);
      this.startBox(header, this.next);
      this.current?.parts.push(header);
    }
  }

  private startBox(header: Buffer, start: number): void {
    const type = header.toString("latin1", 4, 8);
    const size32 = header.readUInt32BE(0);
    const size = size32 === 1 ? Number(header.readBigUInt64BE(8)) : size32;
    if (this.types.length === 0 && !OPENING_BOXES.has(type)) {
      this.problem = { rule: "preview.format", message: "" };
      return;
    }
    if (!isFourCC(type) || (size32 !== 0 && size < (size32 === 1 ? 16 : 8))) {
      this.problem = { rule: "preview.corrupt", message: `has a broken box at byte ${start}; export the video again` };
      return;
    }
    this.types.push(type);
    this.current = undefined;
    if (size32 === 0) {
      this.toEnd = true;
      return;
    }
    const end = start + size;
    if (!SKIPPED_BOXES.has(type)) {
      this.keptBytes += size;
      if (this.keptBytes > MAX_INDEX_BYTES) {
        this.problem = { rule: "preview.corrupt", message: `has a ${type} box of ${size} bytes; no app preview's index is that large` };
        return;
      }
      this.current = { start, parts: [], end };
      this.kept.push(this.current);
    }
    this.next = end;
  }

  finish(): { rule: string; message: string } | undefined {
    if (this.problem) return this.problem;
    if (this.types.length === 0) return { rule: "preview.format", message: "" };
    if (this.pending.length > 0) return { rule: "preview.truncated", message: "is truncated: it ends inside a box header; export the video again" };
    if (!this.toEnd && this.next > this.offset)
      return {
        rule: "preview.truncated",
        message: `is truncated: its last box (${this.types.at(-1)}) needs ${this.next - this.offset} more bytes than the file holds; export the video again`,
      };
    if (!this.types.includes("moov")) return { rule: "preview.corrupt", message: "has no movie header (moov box); export the video again" };
    return undefined;
  }
}

/** Streams the file once: MD5, the box walk, then mp4box over the kept boxes. */
export async function readContainer(file: RepositoryFile): Promise<ContainerRead> {
  const hash = createHash("md5");
  const walk = new BoxWalk();
  let head: Buffer | undefined;
  let size = 0;
  for await (const chunk of file.chunks(256 * 1024)) {
    hash.update(chunk);
    head ??= Buffer.from(chunk.subarray(0, 16));
    walk.update(chunk);
    size += chunk.length;
  }
  const checksum = hash.digest("hex");
  const problem = walk.finish();
  if (problem) {
    if (problem.rule === "preview.format") {
      const what = head && head.length >= 4 ? describeOther(head) : "not a video";
      return { checksum, size, problem: { rule: "preview.format", message: `is ${what}; app previews are MP4 or QuickTime videos (.mp4, .m4v, .mov)` } };
    }
    return { checksum, size, problem };
  }
  const parsed = parseIndex(walk.kept);
  if (!parsed)
    return { checksum, size, problem: { rule: "preview.corrupt", message: "has a movie header (moov) that cannot be read; export the video again" } };
  return { checksum, size, facts: factsOf(parsed, walk.types, head!) };
}

interface Parsed {
  movie: Movie;
  /** Track ids whose handler is video: a sample entry mp4box does not know (ProRes) still marks a video track. */
  videoHandlers: Set<number>;
}

function parseIndex(kept: { start: number; parts: Buffer[] }[]): Parsed | undefined {
  const file = createFile();
  let movie: Movie | undefined;
  let failed = false;
  file.onReady = (info) => {
    movie = info;
  };
  file.onError = () => {
    failed = true;
  };
  // The kept boxes back to back, as if the media data were not there: mp4box reads the index, never the samples.
  let at = 0;
  try {
    for (const box of kept) {
      const bytes = Buffer.concat(box.parts);
      const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, at));
      at += bytes.length;
    }
    file.flush();
  } catch {
    return undefined;
  }
  if (failed || !movie) return undefined;
  const videoHandlers = new Set<number>();
  for (const trak of file.moov?.traks ?? []) if (trak.mdia?.hdlr?.handler === "vide" && trak.tkhd) videoHandlers.add(trak.tkhd.track_id);
  return { movie, videoHandlers };
}

function factsOf({ movie, videoHandlers }: Parsed, types: string[], head: Buffer): VideoFacts {
  const brand = types[0] === "ftyp" ? head.toString("latin1", 8, 12) : "qt  ";
  const duration = movie.timescale ? movie.duration / movie.timescale : 0;
  const track = movie.videoTracks[0] ?? movie.tracks.find((candidate) => videoHandlers.has(candidate.id));
  const video = track && {
    codec: track.codec.split(".")[0]!,
    width: track.video?.width || track.track_width,
    height: track.video?.height || track.track_height,
    frameRate: track.duration && track.timescale ? track.nb_samples / (track.duration / track.timescale) : 0,
  };
  return {
    container: brand === "qt  " ? "quicktime" : "mp4",
    duration: duration || (track?.timescale ? track.duration / track.timescale : 0),
    ...(video ? { video } : {}),
    hasAudio: movie.audioTracks.length > 0,
  };
}
