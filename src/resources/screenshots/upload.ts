/**
 * One screenshot into one set: reservation, every upload operation (no bearer
 * token), commit with the MD5. A reservation whose answer was lost may exist:
 * it is found (same file name and size, AWAITING_UPLOAD) and removed before
 * reserving again, and a reservation left by a failure is removed at once.
 */
import { createHash } from "node:crypto";
import { AscAmbiguousWriteError } from "../../asc/errors.js";
import type { AppScreenshot, AppScreenshotResponse, AppScreenshotsResponse } from "../../asc/types.js";
import { lookThenRepeat } from "../../contracts/apply-run.js";
import { MAX_SCREENSHOT_BYTES } from "../../model/fields.js";
import { readRepositoryFile } from "../../util/repository-files.js";
import type { ScreenshotUpload } from "./changes.js";
import type { DesiredScreenshot } from "./desired.js";
import { committedScreenshots, type ScreenshotRun } from "./run.js";

const SCREENSHOT_FIELDS = { "fields[appScreenshots]": ["fileName", "fileSize", "sourceFileChecksum", "assetDeliveryState"], limit: 50 } as const;

/** Every screenshot of a set, in its order, whatever its state. */
export async function listScreenshots(run: ScreenshotRun, setId: string): Promise<AppScreenshot[]> {
  const list = await run.client.getAll<AppScreenshotsResponse>(`/v1/appScreenshotSets/${encodeURIComponent(setId)}/appScreenshots`, SCREENSHOT_FIELDS);
  return list.data;
}

/** Reserves a screenshot; when the answer was lost, removes any reservation it left, then reserves once more. */
async function reserve(run: ScreenshotRun, setId: string, change: ScreenshotUpload): Promise<AppScreenshot> {
  const body = {
    data: {
      type: "appScreenshots",
      attributes: { fileName: change.fileName, fileSize: change.fileSize },
      relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: setId } } },
    },
  };
  try {
    return (await run.client.post<AppScreenshotResponse>("/v1/appScreenshots", body)).data;
  } catch (error) {
    if (!(error instanceof AscAmbiguousWriteError)) throw error;
    // A reservation is never taken over (its upload operations are not listed again): remove it, then reserve anew.
    const removeOrphans = async (): Promise<undefined> => {
      const orphans = (await listScreenshots(run, setId)).filter(
        (shot) =>
          shot.attributes?.fileName === change.fileName &&
          shot.attributes?.fileSize === change.fileSize &&
          shot.attributes?.assetDeliveryState?.state === "AWAITING_UPLOAD",
      );
      for (const orphan of orphans) await run.client.delete(`/v1/appScreenshots/${encodeURIComponent(orphan.id)}`);
      return undefined;
    };
    return lookThenRepeat(error, removeOrphans, async () => (await run.client.post<AppScreenshotResponse>("/v1/appScreenshots", body)).data);
  }
}

/**
 * Uploads `file` for `change` and commits it; answers the new screenshot's id.
 * The committed id and the MD5 sent are kept on the run (see committed.ts).
 * Throws on failure, after removing a reservation it left behind.
 */
export async function uploadScreenshot(run: ScreenshotRun, setId: string, change: ScreenshotUpload, file: DesiredScreenshot | undefined): Promise<string> {
  let reservation: AppScreenshot | undefined;
  try {
    if (!file) throw new Error(`${change.file} is not in the repository any more`);
    const bytes = await readRepositoryFile(file.absolutePath, { maxBytes: MAX_SCREENSHOT_BYTES, what: "screenshot" });
    const checksum = createHash("md5").update(bytes).digest("hex");
    if (checksum !== change.checksum || bytes.length !== change.fileSize) throw new Error(`${change.file} changed since it was validated; run again`);
    reservation = await reserve(run, setId, change);
    const operations = reservation.attributes?.uploadOperations ?? [];
    if (operations.length === 0) throw new Error("App Store Connect gave no upload operations for the reservation");
    for (const operation of operations) await run.client.upload(operation, bytes);
    await run.client.patch(`/v1/appScreenshots/${encodeURIComponent(reservation.id)}`, {
      data: { type: "appScreenshots", id: reservation.id, attributes: { uploaded: true, sourceFileChecksum: checksum } },
    });
    committedScreenshots(run).set(reservation.id, checksum);
    return reservation.id;
  } catch (error) {
    // A reservation left behind is no content; remove it now (a later run would too).
    if (reservation) await run.client.delete(`/v1/appScreenshots/${encodeURIComponent(reservation.id)}`).catch(() => undefined);
    throw error;
  }
}
