/**
 * Reads the screenshot sets of version localizations: ONE request per
 * localization, sets with their screenshots included (a set holds at most 10,
 * within limit[appScreenshots]), in the order the set's relationship lists them.
 */
import type { AscClient } from "../../asc/client.js";
import type { AppScreenshot, AppScreenshotSetsResponse } from "../../asc/types.js";
import type { AssetState, LiveLocalization, LiveScreenshot, LiveScreenshotSet } from "../../engine/live-state.js";
import { mapWithConcurrency } from "../../util/concurrency.js";

/** What reading live state needs of a client; `preconnect` is optional (test doubles leave it out). */
export type LiveReadClient = Pick<AscClient, "get" | "getAll"> & Partial<Pick<AscClient, "preconnect">>;

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

function toLiveScreenshot(resource: AppScreenshot): LiveScreenshot {
  const attributes = resource.attributes ?? {};
  const delivery = attributes.assetDeliveryState;
  const errors = (delivery?.errors ?? []).map((error) => [error.code, error.description].filter(Boolean).join(": "));
  return {
    id: resource.id,
    fileName: attributes.fileName ?? "",
    fileSize: attributes.fileSize ?? 0,
    checksum: attributes.sourceFileChecksum ?? null,
    state: (delivery?.state ?? "AWAITING_UPLOAD") as AssetState,
    ...(errors.length ? { errors } : {}),
    ...(attributes.imageAsset?.templateUrl && attributes.imageAsset.width && attributes.imageAsset.height
      ? { image: { templateUrl: attributes.imageAsset.templateUrl, width: attributes.imageAsset.width, height: attributes.imageAsset.height } }
      : {}),
  };
}

/** Every localization's sets at once (at most 50 locales): the client bounds the GETs in flight. `withImages` for pull. */
export async function readScreenshotSets(
  client: LiveReadClient,
  localizations: readonly LiveLocalization<string>[],
  options: { concurrency?: number; withImages?: boolean } = {},
): Promise<LiveScreenshotSet[]> {
  const query = screenshotSetQuery(options.withImages);
  const perLocalization = await mapWithConcurrency(localizations, options.concurrency ?? 50, async (localization) => {
    const document = await client.getAll<AppScreenshotSetsResponse>(`/v1/appStoreVersionLocalizations/${encodeURIComponent(localization.id)}/appScreenshotSets`, query);
    const screenshots = new Map((document.included ?? []).filter((item): item is AppScreenshot => item.type === "appScreenshots").map((item) => [item.id, item]));
    return document.data.map((set): LiveScreenshotSet => ({
      id: set.id,
      locale: localization.locale,
      localizationId: localization.id,
      displayType: set.attributes?.screenshotDisplayType ?? "",
      screenshots: (set.relationships?.appScreenshots?.data ?? []).flatMap((link) => {
        const found = screenshots.get(link.id);
        return found ? [toLiveScreenshot(found)] : [];
      }),
    }));
  });
  return perLocalization.flat();
}
