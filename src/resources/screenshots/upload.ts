/**
 * One screenshot into one set, through the upload flow every media asset
 * shares (assets/upload.ts): reservation, upload operations, commit with the MD5.
 */
import type { AppScreenshot, AppScreenshotsResponse } from "../../asc/types.js";
import { MAX_SCREENSHOT_BYTES } from "../../model/fields.js";
import { uploadAsset, type AssetKind } from "../assets/upload.js";
import type { ScreenshotUpload } from "./changes.js";
import type { DesiredScreenshot } from "./desired.js";
import { committedScreenshots, type ScreenshotRun } from "./run.js";

const SCREENSHOT_FIELDS = { "fields[appScreenshots]": ["fileName", "fileSize", "sourceFileChecksum", "assetDeliveryState"], limit: 50 } as const;

/** Every screenshot of a set, in its order, whatever its state. */
export async function listScreenshots(run: ScreenshotRun, setId: string): Promise<AppScreenshot[]> {
  const list = await run.client.getAll<AppScreenshotsResponse>(`/v1/appScreenshotSets/${encodeURIComponent(setId)}/appScreenshots`, SCREENSHOT_FIELDS);
  return list.data;
}

const SCREENSHOT_ASSETS: AssetKind = {
  type: "appScreenshots",
  set: { relationship: "appScreenshotSet", type: "appScreenshotSets" },
  what: "screenshot",
  maxBytes: MAX_SCREENSHOT_BYTES,
  awaiting: async (client, setId) =>
    (await client.getAll<AppScreenshotsResponse>(`/v1/appScreenshotSets/${encodeURIComponent(setId)}/appScreenshots`, SCREENSHOT_FIELDS)).data.filter(
      (shot) => shot.attributes?.assetDeliveryState?.state === "AWAITING_UPLOAD",
    ),
};

/**
 * Uploads `file` for `change` and commits it (the shared flow, assets/upload.ts); answers the new screenshot's id.
 * The committed id and the MD5 sent are kept on the run (see committed.ts).
 * Throws on failure, after removing a reservation it left behind.
 */
export async function uploadScreenshot(run: ScreenshotRun, setId: string, change: ScreenshotUpload, file: DesiredScreenshot | undefined): Promise<string> {
  const { id, checksum } = await uploadAsset(run.client, SCREENSHOT_ASSETS, setId, file, change);
  committedScreenshots(run).set(id, checksum);
  return id;
}
