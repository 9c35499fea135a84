/**
 * The LiveState (DESIGN.md §5): what App Store Connect holds now, in the same
 * normalized shape as the DesiredState so that diff is a pure function: the
 * shared part (contracts/live-state.ts) and each registered resource's slice.
 */
import { isOnSaleState } from "../model/version-states.js";

export type { LiveApp, LiveAppInfo, LiveLocalization, LiveVersion, SharedLive } from "../contracts/live-state.js";
export type { AssetState, LiveScreenshot, LiveScreenshotSet, LiveState } from "../resources/index.js";

/** A version on the App Store now (READY_FOR_DISTRIBUTION, or the deprecated READY_FOR_SALE). See model/version-states.ts. */
export const isOnSale = isOnSaleState;
