/**
 * The live renditions a plan's pictures show, fetched once for the HTML report
 * (DESIGN.md §16): public files behind imageAsset.templateUrl, no token, at the
 * report's size. One that cannot be fetched is left out (the report says so);
 * it never fails the plan.
 */
import type { AscClient } from "../asc/client.js";
import type { Plan } from "../contracts/plan.js";
import type { LiveImage } from "../contracts/resource.js";
import { planMedia, renditionUrl } from "../report/media.js";
import { mapWithConcurrency } from "../util/concurrency.js";

/** Template URL -> the rendition's bytes. */
export type Renditions = ReadonlyMap<string, Uint8Array>;

/** Pixels wide of the pictures in the HTML report: enough to review, small enough to embed many. */
export const REPORT_IMAGE_WIDTH = 600;
/** The most live pictures one report embeds; the rest are named, not shown. */
export const REPORT_IMAGE_CAP = 400;

export async function downloadRenditions(client: Pick<AscClient, "download">, plan: Plan, live: object): Promise<Renditions> {
  const images = new Map<string, LiveImage>();
  for (const pictures of planMedia(plan, live).values()) for (const item of pictures) if (item.live) images.set(item.live.templateUrl, item.live);
  const wanted = [...images.values()].slice(0, REPORT_IMAGE_CAP);
  const fetched = await mapWithConcurrency(wanted, 8, async (image) => {
    try {
      return [image.templateUrl, await client.download(renditionUrl(image, REPORT_IMAGE_WIDTH))] as const;
    } catch {
      return undefined;
    }
  });
  return new Map(fetched.filter((entry) => entry !== undefined));
}
