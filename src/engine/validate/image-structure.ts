/**
 * The structure of a PNG or JPEG file, checked chunk by chunk while the MD5
 * checksum streams every byte once: a header read (sharp) passes a file that is
 * cut short or corrupted after its header. PNG: every chunk's CRC-32, and IEND
 * as the last bytes. JPEG: the segment markers and lengths, the markers inside
 * the compressed data, and the end-of-image marker as the last bytes (a few
 * zero bytes of padding after it are usual).
 */
import { crc32 } from "../../util/crc32.js";
import type { ImageFormat } from "../load/files.js";

export interface StructureProblem {
  rule: "screenshot.truncated" | "screenshot.corrupt" | "screenshot.trailing-bytes";
  message: string;
}

export interface StructureCheck {
  /** The next bytes of the file, in order. */
  update(chunk: Buffer): void;
  /** After the last chunk: what is wrong, if anything. */
  finish(): StructureProblem | undefined;
}

const ordinal = (offset: number) => `byte ${offset.toLocaleString("en-US")}`;

/** PNG: signature, then chunks of length (4), type (4), data, CRC (4) over type and data; IEND last. */
export function pngStructure(): StructureCheck {
  let offset = 0;
  let problem: StructureProblem | undefined;
  /** Bytes of a length-and-type header or of a CRC, gathered across chunks. */
  const pending = Buffer.alloc(8);
  let pendingLength = 0;
  let phase: "signature" | "header" | "data" | "crc" | "after-end" = "signature";
  let remaining = 8;
  let chunkType = "";
  let chunkStart = 0;
  let crc = 0;
  let trailing = 0;

  const corrupt = (message: string) => {
    problem = { rule: "screenshot.corrupt", message: `is corrupt: ${message}; export it again` };
  };
  const typeName = () => (/^[A-Za-z]{4}$/.test(chunkType) ? `${chunkType} chunk` : "chunk");

  return {
    update(chunk) {
      let at = 0;
      while (at < chunk.length && !problem) {
        if (phase === "after-end") {
          trailing += chunk.length - at;
          break;
        }
        if (phase === "data") {
          const take = Math.min(remaining, chunk.length - at);
          crc = crc32(chunk.subarray(at, at + take), crc);
          at += take;
          remaining -= take;
          if (remaining === 0) {
            phase = "crc";
            remaining = 4;
          }
          continue;
        }
        // The signature, a header or a CRC: gather `remaining` bytes.
        const take = Math.min(remaining, chunk.length - at);
        chunk.copy(pending, pendingLength, at, at + take);
        pendingLength += take;
        at += take;
        remaining -= take;
        if (remaining > 0) continue;
        const fieldStart = offset + at - pendingLength;
        pendingLength = 0;
        if (phase === "signature") {
          phase = "header";
          remaining = 8;
        } else if (phase === "header") {
          const length = pending.readUInt32BE(0);
          chunkType = pending.toString("latin1", 4, 8);
          chunkStart = fieldStart;
          if (!/^[A-Za-z]{4}$/.test(chunkType)) return corrupt(`the PNG holds a chunk with an invalid type at ${ordinal(chunkStart)}`);
          if (length > 0x7fffffff) return corrupt(`the PNG's ${typeName()} at ${ordinal(chunkStart)} claims ${length} bytes`);
          crc = crc32(pending.subarray(4, 8));
          phase = length === 0 ? "crc" : "data";
          remaining = length === 0 ? 4 : length;
        } else {
          if (pending.readUInt32BE(0) !== crc) return corrupt(`the PNG's ${typeName()} at ${ordinal(chunkStart)} fails its CRC check`);
          phase = chunkType === "IEND" ? "after-end" : "header";
          remaining = 8;
        }
      }
      offset += chunk.length;
    },
    finish() {
      if (problem) return problem;
      if (phase !== "after-end")
        return { rule: "screenshot.truncated", message: `is truncated: the PNG has no IEND chunk at its end (${offset} bytes); export it again` };
      if (trailing > 0)
        return {
          rule: "screenshot.trailing-bytes",
          message: `has ${trailing} bytes after the IEND chunk, where a PNG ends (${offset} bytes in all); export it again`,
        };
      return undefined;
    },
  };
}

/** Markers that stand alone (no length follows): TEM, RST0-7, SOI, EOI. */
const standalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);

/**
 * JPEG: SOI, then segments (0xFF, marker, 2-byte length); after each SOS the
 * compressed data, where 0xFF is followed by 0x00 (a stuffed byte), a restart
 * marker, or the next segment's marker; EOI last.
 */
export function jpegStructure(): StructureCheck {
  let offset = 0;
  let problem: StructureProblem | undefined;
  let phase: "marker-ff" | "marker" | "length-high" | "length-low" | "skip" | "scan" | "scan-ff" | "after-end" = "marker-ff";
  let marker = 0;
  let markerAt = 0;
  let lengthHigh = 0;
  let skip = 0;
  let trailingNonZero = 0;
  let trailing = 0;
  let sawSoi = false;

  const corrupt = (message: string) => {
    problem = { rule: "screenshot.corrupt", message: `is corrupt: ${message}; export it again` };
  };
  const hex = (value: number) => `0x${value.toString(16).toUpperCase().padStart(2, "0")}`;

  return {
    update(chunk) {
      let at = 0;
      while (at < chunk.length && !problem) {
        switch (phase) {
          case "after-end": {
            for (; at < chunk.length; at++) {
              trailing++;
              if (chunk[at] !== 0) trailingNonZero = trailing;
            }
            break;
          }
          case "scan": {
            const next = chunk.indexOf(0xff, at);
            if (next < 0) {
              at = chunk.length;
              break;
            }
            at = next + 1;
            phase = "scan-ff";
            break;
          }
          case "scan-ff": {
            const byte = chunk[at++]!;
            if (byte === 0x00 || (byte >= 0xd0 && byte <= 0xd7)) phase = "scan";
            else if (byte === 0xff) phase = "scan-ff";
            else {
              markerAt = offset + at - 2;
              phase = "marker";
              at--;
            }
            break;
          }
          case "marker-ff": {
            const byte = chunk[at++]!;
            if (byte !== 0xff) return corrupt(`the JPEG's structure breaks at ${ordinal(offset + at - 1)}, where a segment marker should start`);
            markerAt = offset + at - 1;
            phase = "marker";
            break;
          }
          case "marker": {
            marker = chunk[at++]!;
            if (marker === 0xff) break; // fill bytes before a marker
            if (!sawSoi) {
              if (marker !== 0xd8) return corrupt("the JPEG does not start with its start-of-image marker");
              sawSoi = true;
              phase = "marker-ff";
            } else if (marker === 0xd9) phase = "after-end";
            else if (standalone(marker)) phase = "marker-ff";
            else if (marker < 0xc0) return corrupt(`the JPEG holds an invalid marker (${hex(marker)}) at ${ordinal(markerAt)}`);
            else phase = "length-high";
            break;
          }
          case "length-high":
            lengthHigh = chunk[at++]!;
            phase = "length-low";
            break;
          case "length-low": {
            const length = (lengthHigh << 8) | chunk[at++]!;
            if (length < 2) return corrupt(`the JPEG's segment at ${ordinal(markerAt)} has an invalid length (${length})`);
            skip = length - 2;
            phase = skip > 0 ? "skip" : marker === 0xda ? "scan" : "marker-ff";
            break;
          }
          case "skip": {
            const take = Math.min(skip, chunk.length - at);
            at += take;
            skip -= take;
            if (skip === 0) phase = marker === 0xda ? "scan" : "marker-ff";
            break;
          }
        }
      }
      offset += chunk.length;
    },
    finish() {
      if (problem) return problem;
      if (phase !== "after-end")
        return { rule: "screenshot.truncated", message: `is truncated: the JPEG has no end-of-image marker at its end (${offset} bytes); export it again` };
      if (trailingNonZero > 0)
        return {
          rule: "screenshot.trailing-bytes",
          message: `has ${trailing} bytes after the JPEG's end-of-image marker, where a JPEG ends (${offset} bytes in all); export it again`,
        };
      return undefined;
    },
  };
}

export function structureCheck(format: ImageFormat): StructureCheck {
  return format === "png" ? pngStructure() : jpegStructure();
}
