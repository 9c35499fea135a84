/**
 * The LiveState (DESIGN.md §5): what App Store Connect holds now, in the same
 * normalized shape as the DesiredState so that diff is a pure function.
 */
import type { AppInfoField, VersionField } from "../model/fields.js";
import type { Platform } from "../model/platforms.js";

/** Version states in which Apple accepts edits of version text and screenshots. */
export const EDITABLE_VERSION_STATES = ["PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY"] as const;
/** AppInfo states in which its localizations (name, subtitle, privacy URLs) can be edited. */
export const EDITABLE_APP_INFO_STATES = ["PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED", "WAITING_FOR_REVIEW"] as const;

/** A version on sale: appStoreState READY_FOR_SALE, or appVersionState READY_FOR_DISTRIBUTION. */
export const isOnSale = (state: string): boolean => state === "READY_FOR_SALE" || state === "READY_FOR_DISTRIBUTION";

export interface LiveVersion {
  id: string;
  versionString: string;
  /** appVersionState (or the older appStoreState where that is all there is). */
  state: string;
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
