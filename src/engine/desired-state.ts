/**
 * The DesiredState (DESIGN.md §5): the app config and each resource's part,
 * taken by the resource modules from the loaded files.
 */
import { appInfoLocalizationsDesired, type DesiredAppInfoLocalization } from "../resources/app-info-localizations/desired.js";
import { screenshotsDesired, type DesiredScreenshotSet } from "../resources/screenshots/desired.js";
import { versionLocalizationsDesired, type DesiredVersionLocalization } from "../resources/version-localizations/desired.js";
import type { AppConfig, LoadedFiles } from "./load/files.js";

export interface DesiredState {
  app: AppConfig;
  /** No screenshots folder (the default one, absent): no screenshot set is managed, even with prune. */
  screenshotsUnmanaged?: boolean;
  appInfoLocalizations: DesiredAppInfoLocalization[];
  versionLocalizations: DesiredVersionLocalization[];
  screenshotSets: DesiredScreenshotSet[];
}

export function buildDesiredState(files: LoadedFiles): DesiredState {
  return {
    app: files.app,
    ...(files.screenshotsFolderAbsent ? { screenshotsUnmanaged: true } : {}),
    appInfoLocalizations: appInfoLocalizationsDesired.desired(files),
    versionLocalizations: versionLocalizationsDesired.desired(files),
    screenshotSets: screenshotsDesired.desired(files),
  };
}
