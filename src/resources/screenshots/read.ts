/**
 * Reads the screenshot sets of version localizations: ONE request per
 * localization, sets with their screenshots included (a set holds at most 10,
 * within limit[appScreenshots]), in the order the set's relationship lists them.
 */
import type { AppScreenshot, AppScreenshotSet } from "../../asc/types.js";
import type { LiveLocalization } from "../../contracts/live-state.js";
import type { ReadClient } from "../../contracts/resource.js";
import { readMediaSets } from "../assets/read-sets.js";
import type { AssetState, LiveScreenshot, LiveScreenshotSet } from "./live.js";

/** What a plan needs of each screenshot: enough to match it to a file and to know whether it is done. */
const SCREENSHOT_FIELDS = ["fileSize", "fileName", "sourceFileChecksum", "assetDeliveryState"];

/** The screenshot-set read; `imageAsset` (the rendition URL) only when the screenshots will be downloaded (pull). */
export function screenshotSetQuery(withImages = false) {
  return {
    "fields[appScreenshotSets]": ["screenshotDisplayType", "appScreenshots"],
    "fields[appScreenshots]": withImages ? [...SCREENSHOT_FIELDS, "imageAsset"] : SCREENSHOT_FIELDS,
    include: ["appScreenshots"],
    limit: 200,
    "limit[appScreenshots]": 50,
  } as const;
}

/**
 * Apple may answer `assetDeliveryState: null` (or no state): that says nothing,
 * and is never an abandoned reservation to delete. With a checksum the upload
 * was processed; without one it is taken as still processing (kept, pending,
 * never uploaded again).
 */
function deliveryState(state: string | undefined, checksum: string | undefined): AssetState {
  if (state === "AWAITING_UPLOAD" || state === "UPLOAD_COMPLETE" || state === "COMPLETE" || state === "FAILED") return state;
  return checksum ? "COMPLETE" : "UPLOAD_COMPLETE";
}

function toLiveScreenshot(resource: AppScreenshot): LiveScreenshot {
  const attributes = resource.attributes ?? {};
  const delivery = attributes.assetDeliveryState;
  const errors = (delivery?.errors ?? []).map((error) => [error.code, error.description].filter(Boolean).join(": "));
  return {
    id: resource.id,
    fileName: attributes.fileName ?? "",
    fileSize: attributes.fileSize ?? 0,
    checksum: attributes.sourceFileChecksum ?? null,
    state: deliveryState(delivery?.state, attributes.sourceFileChecksum),
    ...(errors.length ? { errors } : {}),
    ...(attributes.imageAsset?.templateUrl && attributes.imageAsset.width && attributes.imageAsset.height
      ? { image: { templateUrl: attributes.imageAsset.templateUrl, width: attributes.imageAsset.width, height: attributes.imageAsset.height } }
      : {}),
  };
}

/**
 * Every localization's sets at once (at most 50 locales): the client bounds the GETs in flight.
 * `withImages`: pull, and the pictures of the comment and the report.
 */
export async function readScreenshotSets(
  client: ReadClient,
  localizations: readonly LiveLocalization<string>[],
  options: { concurrency?: number; withImages?: boolean } = {},
): Promise<LiveScreenshotSet[]> {
  return readMediaSets<AppScreenshotSet, AppScreenshot, LiveScreenshotSet>(
    client,
    localizations,
    {
      sets: "appScreenshotSets",
      items: "appScreenshots",
      query: screenshotSetQuery(options.withImages),
      toSet: (set, screenshots, localization) => ({
        id: set.id,
        locale: localization.locale,
        localizationId: localization.id,
        displayType: set.attributes?.screenshotDisplayType ?? "",
        screenshots: screenshots.map(toLiveScreenshot),
      }),
    },
    options.concurrency,
  );
}
