/**
 * CRC-32 (the PNG and zlib polynomial), continued across calls as
 * `crc32(next, crc32(first))`. Node's zlib.crc32 does it natively (Node 20.15,
 * 22.2 and later); older Node 20 releases get the table version.
 */
import zlib from "node:zlib";

type Crc32 = (data: Uint8Array, value?: number) => number;

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  return table;
}

export function crc32ByTable(data: Uint8Array, value = 0): number {
  const lookup = crcTable();
  let crc = (value ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = lookup[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const native = (zlib as { crc32?: Crc32 }).crc32;

export const crc32: Crc32 = native ? (data, value = 0) => native(data, value) >>> 0 : crc32ByTable;
