/**
 * App preview videos for tests, without ffmpeg: the example app's real video
 * (made once by scripts/generate-example-previews.sh) and variants of it made
 * by editing its container's boxes in memory.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const EXAMPLE = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../previews/en-US/iphone-6.9/01-intro.mp4");

/** 16 s, 886x1920, 30 fps, H.264 with a silent AAC track; `variant` changes one byte of the media data, so the checksum differs. */
export function exampleVideo(variant = 0): Buffer {
  const video = Buffer.from(readFileSync(EXAMPLE));
  if (variant) video[video.length - 1] = (video[video.length - 1]! + variant) % 256;
  return video;
}

/** Where the nth box of a type starts (its size field), searched inside the movie header (ftyp's brands name avc1 too). */
function boxAt(video: Buffer, type: string, nth = 0): number {
  let from = type === "moov" ? 0 : video.indexOf("moov", 0, "latin1");
  for (let seen = 0; ; seen++) {
    const at = video.indexOf(type, from, "latin1");
    if (at < 4) throw new Error(`no ${type} box`);
    if (seen === nth) return at - 4;
    from = at + 4;
  }
}

/** A variant whose movie header (mvhd) says it lasts `seconds`. */
export function withDuration(seconds: number): Buffer {
  const video = exampleVideo();
  const mvhd = boxAt(video, "mvhd");
  const timescale = video.readUInt32BE(mvhd + 20);
  video.writeUInt32BE(Math.round(seconds * timescale), mvhd + 24);
  return video;
}

/** A variant whose H.264 sample entry says the frames are `width`x`height`. */
export function withSize(width: number, height: number): Buffer {
  const video = exampleVideo();
  const avc1 = boxAt(video, "avc1");
  video.writeUInt16BE(width, avc1 + 32);
  video.writeUInt16BE(height, avc1 + 34);
  return video;
}

/** A variant whose video track (the first) plays its frames in half the time: 60 frames a second. */
export function withDoubleFrameRate(): Buffer {
  const video = exampleVideo();
  const mdhd = boxAt(video, "mdhd");
  video.writeUInt32BE(Math.round(video.readUInt32BE(mdhd + 24) / 2), mdhd + 24);
  return video;
}

/** A variant whose video sample entry names another codec (hvc1: HEVC, apcn: ProRes 422). */
export function withCodec(fourCC: string): Buffer {
  const video = exampleVideo();
  video.write(fourCC, boxAt(video, "avc1") + 4, "latin1");
  return video;
}

/** A variant with its audio track (the second trak) turned into padding. */
export function withoutAudio(): Buffer {
  const video = exampleVideo();
  video.write("free", boxAt(video, "trak", 1) + 4, "latin1");
  return video;
}

/** The file cut short: the media data ends early. */
export const truncated = (): Buffer => exampleVideo().subarray(0, 30_000);

/** A movie header whose size field no box can have. */
export function withBrokenBox(): Buffer {
  const video = exampleVideo();
  video.writeUInt32BE(3, boxAt(video, "moov"));
  return video;
}
