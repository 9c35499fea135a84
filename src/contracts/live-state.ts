/**
 * The LiveState's shared part (DESIGN.md §5): what the engine's shared reads
 * find (the app, its versions and its appInfo) and every resource may consult.
 * Each resource adds its own slice (see resource.ts).
 */
import type { Platform } from "../model/platforms.js";

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

export interface LiveApp {
  id: string;
  bundleId: string;
  name?: string;
  primaryLocale?: string;
  platform: Platform;
}

/**
 * app.yml names a version the app does not have: the platform's one editable
 * version is renamed to it, or (none editable) it is created, and until then
 * `version` is the version it will be copied from, as it will stand (editable).
 */
export type VersionToMake = { action: "rename"; from: string; to: string } | { action: "create"; versionString: string; basis?: string };

export interface SharedLive {
  app: LiveApp;
  /** The version app.yml names is to be renamed to or created (absent: it exists). */
  versionToMake?: VersionToMake;
  /** The version being managed: app.yml's `version`, else the one in an editable state. */
  version?: LiveVersion;
  /** The version on sale (READY_FOR_SALE), when it is not the managed one. */
  liveVersion?: LiveVersion;
  /** No version of the app has been on sale yet: whatsNew is not allowed. */
  isFirstVersion: boolean;
  /** The appInfo whose localizations are edited: the editable one, else the live one. */
  appInfo?: LiveAppInfo;
}
