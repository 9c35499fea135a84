/**
 * The LiveState (DESIGN.md §5): what App Store Connect holds now, in the same
 * normalized shape as the DesiredState so that diff is a pure function.
 */
import type { AppInfoField, VersionField } from "../model/fields.js";
import type { Platform } from "../model/platforms.js";
import { isOnSaleState } from "../model/version-states.js";

/** A version on the App Store now (READY_FOR_DISTRIBUTION, or the deprecated READY_FOR_SALE). See model/version-states.ts. */
export const isOnSale = isOnSaleState;

export interface LiveVersion {
  id: string;
  versionString: string;
  /** appVersionState (or the deprecated appStoreState where that is all there is). */
  state: string;
  /** Its text and screenshots can change (model/version-states.ts says what each state allows). */
  editable: boolean;
}

export interface LiveAppInfo {
  id: string;
  state: string;
  editable: boolean;
}

export interface LiveLocalization<F extends string> {
  id: string;
  locale: string;
  /** null: App Store Connect holds no value. */
  fields: Partial<Record<F, string | null>>;
}

export type AssetState = "AWAITING_UPLOAD" | "UPLOAD_COMPLETE" | "COMPLETE" | "FAILED";

export interface LiveScreenshot {
  id: string;
  fileName: string;
  fileSize: number;
  /** MD5 of the uploaded file; null until App Store Connect has processed it. */
  checksum: string | null;
  state: AssetState;
  /** Apple's processing errors of a FAILED asset. */
  errors?: string[];
  /** Apple's processed rendition, once processed: `https://…/{w}x{h}bb.{f}` (what `pull` downloads). */
  image?: { templateUrl: string; width: number; height: number };
}

export interface LiveScreenshotSet {
  id: string;
  locale: string;
  localizationId: string;
  displayType: string;
  /** In App Store order. */
  screenshots: LiveScreenshot[];
}

export interface LiveApp {
  id: string;
  bundleId: string;
  name?: string;
  primaryLocale?: string;
  platform: Platform;
}

export interface LiveState {
  app: LiveApp;
  /** The version being managed: app.yml's `version`, else the one in an editable state. */
  version?: LiveVersion;
  /** The version on sale (READY_FOR_SALE), when it is not the managed one. */
  liveVersion?: LiveVersion;
  /** No version of the app has been on sale yet: whatsNew is not allowed. */
  isFirstVersion: boolean;
  /** The appInfo whose localizations are edited: the editable one, else the live one. */
  appInfo?: LiveAppInfo;
  appInfoLocalizations: LiveLocalization<AppInfoField>[];
  versionLocalizations: LiveLocalization<VersionField>[];
  liveVersionLocalizations: LiveLocalization<"promotionalText">[];
  screenshotSets: LiveScreenshotSet[];
}
