/**
 * Uploaded bytes, kept as files beside the state file (`<state>-assets/`):
 * each part as it arrives, the assembled original once committed, and the
 * processed renditions served by `imageAsset.templateUrl`. Every file is
 * written to a temporary name and renamed, like the state file.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import type { AssetError, UploadPart } from "./records.js";

export function assetsFolderFor(stateFile: string): string {
  const parsed = path.parse(stateFile);
  return path.join(parsed.dir, `${parsed.name}-assets`);
}

export type Assembly = { ok: true; md5: string; bytes: number } | { ok: false; errors: AssetError[] };

export class AssetFiles {
  private folderMade = false;

  constructor(readonly folder: string) {}

  private async makeFolder(): Promise<void> {
    if (this.folderMade) return;
    await mkdir(this.folder, { recursive: true });
    this.folderMade = true;
  }

  partPath(id: string, index: number): string {
    return path.join(this.folder, `${id}.part${index}`);
  }

  originalPath(id: string): string {
    return path.join(this.folder, `${id}.original`);
  }

  renditionPath(id: string, width: number, height: number, format: string): string {
    return path.join(this.folder, `${id}.${width}x${height}.${format}`);
  }

  /** Stores one part as it streams in; resolves with the number of bytes received. */
  async receivePart(id: string, index: number, body: Readable): Promise<number> {
    await this.makeFolder();
    const target = this.partPath(id, index);
    const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
    let bytes = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            bytes += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(temporary),
      );
    } catch (error) {
      // A part refused or broken off leaves nothing behind.
      await rm(temporary, { force: true });
      throw error;
    }
    await rename(temporary, target);
    return bytes;
  }

  /** Stores a whole file at once (the seed's screenshots). */
  async storeOriginal(id: string, bytes: Buffer): Promise<void> {
    await this.makeFolder();
    const target = this.originalPath(id);
    const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, target);
  }

  /**
   * Joins the parts of a reservation into the original, checking that every
   * byte arrived: each part present with its announced length, the sum equal
   * to the file size, and (when the client declared one) their MD5 equal to
   * `expectedMd5`. Answers the MD5 of the joined bytes. On any mismatch the
   * parts stay as they are, so that a client may send them again.
   */
  async assemble(id: string, parts: readonly UploadPart[], fileSize: number, expectedMd5?: string): Promise<Assembly> {
    const errors: AssetError[] = [];
    let received = 0;
    for (const [index, part] of parts.entries()) {
      const size = await stat(this.partPath(id, index + 1)).then(
        (info) => info.size,
        () => undefined,
      );
      if (size === undefined) {
        errors.push({
          code: "UPLOAD_PART_MISSING",
          description: `Upload operation ${index + 1} of ${parts.length} (bytes ${part.offset} to ${part.offset + part.length - 1}) never arrived.`,
        });
      } else if (size !== part.length) {
        errors.push({
          code: "UPLOAD_PART_INCOMPLETE",
          description: `Upload operation ${index + 1} of ${parts.length} delivered ${size} bytes; it should carry ${part.length}.`,
        });
      }
      received += size ?? 0;
    }
    if (errors.length === 0 && received !== fileSize) {
      errors.push({ code: "UPLOAD_SIZE_MISMATCH", description: `Received ${received} bytes; the reservation announced a fileSize of ${fileSize}.` });
    }
    if (errors.length > 0) return { ok: false, errors };
    const target = this.originalPath(id);
    const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
    const hash = createHash("md5");
    const partPaths = parts.map((_, index) => this.partPath(id, index + 1));
    await pipeline(async function* () {
      for (const file of partPaths) {
        for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
          hash.update(chunk);
          yield chunk;
        }
      }
    }, createWriteStream(temporary));
    const md5 = hash.digest("hex");
    if (expectedMd5 !== undefined && expectedMd5 !== md5) {
      await rm(temporary, { force: true });
      const description = `sourceFileChecksum ${expectedMd5} is not the MD5 of the uploaded bytes (${md5}); some bytes were lost or changed on the way.`;
      return { ok: false, errors: [{ code: "CHECKSUM_MISMATCH", description }] };
    }
    await rename(temporary, target);
    await Promise.all(partPaths.map((file) => rm(file, { force: true })));
    return { ok: true, md5, bytes: received };
  }

  /** Removes every file of a screenshot (parts, original, renditions). */
  async remove(id: string): Promise<void> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => name.startsWith(`${id}.`)).map((name) => rm(path.join(this.folder, name), { force: true })));
  }
}
