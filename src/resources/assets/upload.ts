/**
 * The upload flow App Store Connect has for every media asset, shared by
 * screenshots and app previews: reserve (POST with the file's name and size,
 * and the set), send each upload operation's byte range to its URL with its
 * headers and no bearer token, commit (PATCH `uploaded: true` with the MD5).
 * A reservation whose answer was lost may exist: it is found (same name and
 * size, AWAITING_UPLOAD) and removed before reserving again; a reservation a
 * failure left is removed at once. What differs per kind is data (AssetKind).
 */
import { createHash } from "node:crypto";
import { AscAmbiguousWriteError } from "../../asc/errors.js";
import type { UploadOperation } from "../../asc/types.js";
import { lookThenRepeat, type ApplyClient } from "../../contracts/apply-run.js";
import { readRepositoryFile } from "../../util/repository-files.js";

/** A reserved or listed asset, as far as the flow reads it. */
interface AssetResource {
  id: string;
  attributes?: { fileName?: string | null; fileSize?: number | null; uploadOperations?: UploadOperation[] | null } | null;
}

export interface AssetKind {
  /** The resource type and its path: appScreenshots -> /v1/appScreenshots. */
  type: "appScreenshots" | "appPreviews";
  /** The set relationship and its type. */
  set: { relationship: "appScreenshotSet" | "appPreviewSet"; type: "appScreenshotSets" | "appPreviewSets" };
  /** What the user calls it, and the most bytes one may hold. */
  what: string;
  maxBytes: number;
  /** The set's assets that are reservations awaiting upload (to remove after a lost answer). */
  awaiting(client: ApplyClient, setId: string): Promise<AssetResource[]>;
}

export interface AssetFile {
  /** Display path, for messages. */
  file: string;
  absolutePath: string;
  fileName: string;
  fileSize: number;
  /** The MD5 validation measured: the bytes must still be these. */
  checksum: string;
}

/** Reserves; when the answer was lost, removes any reservation it left, then reserves once more. */
async function reserve(client: ApplyClient, kind: AssetKind, setId: string, file: AssetFile, attributes: object): Promise<AssetResource> {
  const path = `/v1/${kind.type}`;
  const body = {
    data: {
      type: kind.type,
      attributes: { fileName: file.fileName, fileSize: file.fileSize, ...attributes },
      relationships: { [kind.set.relationship]: { data: { type: kind.set.type, id: setId } } },
    },
  };
  try {
    return (await client.post<{ data: AssetResource }>(path, body)).data;
  } catch (error) {
    if (!(error instanceof AscAmbiguousWriteError)) throw error;
    // A reservation is never taken over (its upload operations are not listed again): remove it, then reserve anew.
    const removeOrphans = async (): Promise<undefined> => {
      const orphans = (await kind.awaiting(client, setId)).filter(
        (asset) => asset.attributes?.fileName === file.fileName && asset.attributes?.fileSize === file.fileSize,
      );
      for (const orphan of orphans) await client.delete(`${path}/${encodeURIComponent(orphan.id)}`);
      return undefined;
    };
    return lookThenRepeat(error, removeOrphans, async () => (await client.post<{ data: AssetResource }>(path, body)).data);
  }
}

/**
 * Uploads `file` into the set and commits it; answers the new asset's id and
 * the MD5 sent. Throws on failure, after removing a reservation it left behind.
 * `attributes`: what the kind's reservation carries besides name and size.
 */
export async function uploadAsset(
  client: ApplyClient,
  kind: AssetKind,
  setId: string,
  file: AssetFile | undefined,
  expected: { file: string; checksum: string; fileSize: number },
  attributes: object = {},
): Promise<{ id: string; checksum: string }> {
  let reservation: AssetResource | undefined;
  try {
    if (!file) throw new Error(`${expected.file} is not in the repository any more`);
    const bytes = await readRepositoryFile(file.absolutePath, { maxBytes: kind.maxBytes, what: kind.what });
    const checksum = createHash("md5").update(bytes).digest("hex");
    if (checksum !== expected.checksum || bytes.length !== expected.fileSize) throw new Error(`${expected.file} changed since it was validated; run again`);
    reservation = await reserve(client, kind, setId, file, attributes);
    const operations = reservation.attributes?.uploadOperations ?? [];
    if (operations.length === 0) throw new Error("App Store Connect gave no upload operations for the reservation");
    for (const operation of operations) await client.upload(operation, bytes);
    await client.patch(`/v1/${kind.type}/${encodeURIComponent(reservation.id)}`, {
      data: { type: kind.type, id: reservation.id, attributes: { uploaded: true, sourceFileChecksum: checksum } },
    });
    return { id: reservation.id, checksum };
  } catch (error) {
    // A reservation left behind is no content; remove it now (a later run would too).
    if (reservation) await client.delete(`/v1/${kind.type}/${encodeURIComponent(reservation.id)}`).catch(() => undefined);
    throw error;
  }
}
