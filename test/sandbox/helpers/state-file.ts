/**
 * Writes a sandbox state file holding exactly the apps a test describes (any
 * version or app info state, localizations, processed screenshots), for the
 * sandbox to start from instead of its demo seed.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AppInfoLocalizationRecord, SandboxState, VersionLocalizationRecord } from "../../../src/sandbox/store/records.js";
import { emptyState } from "../../../src/sandbox/store/store.js";

export interface ScreenshotSpec {
  fileName: string;
  checksum: string;
  fileSize?: number;
}

export interface VersionLocalizationSpec extends Omit<VersionLocalizationRecord, "id" | "versionId"> {
  sets?: Array<{ displayType: string; screenshots: ScreenshotSpec[] }>;
}

export interface AppSpec {
  bundleId: string;
  primaryLocale?: string;
  versions: Array<{ versionString: string; appVersionState: string; appStoreState?: string; platform?: string; localizations?: VersionLocalizationSpec[] }>;
  appInfos: Array<{ state: string; appStoreState?: string; localizations?: Array<Omit<AppInfoLocalizationRecord, "id" | "appInfoId">> }>;
}

/** Ids as the tests want to find them again: `<bundleId>` → the records' ids. */
export interface WrittenIds {
  apps: Map<string, string>;
  /** `${bundleId} ${versionString}` → version id. */
  versions: Map<string, string>;
  /** `${bundleId} ${versionString} ${locale}` → version localization id. */
  versionLocalizations: Map<string, string>;
  /** `${bundleId} ${state}` → app info id. */
  appInfos: Map<string, string>;
  /** `${bundleId} ${state} ${locale}` → app info localization id. */
  appInfoLocalizations: Map<string, string>;
  /** `${bundleId} ${versionString} ${locale} ${displayType}` → set id and its screenshot ids in order. */
  sets: Map<string, { id: string; screenshots: string[] }>;
}

export async function writeSandboxState(folder: string, apps: readonly AppSpec[]): Promise<{ statePath: string; ids: WrittenIds }> {
  const state: SandboxState = emptyState(1);
  let serial = 0;
  const id = () => `00000000-0000-4000-8000-${String(++serial).padStart(12, "0")}`;
  const ids: WrittenIds = {
    apps: new Map(),
    versions: new Map(),
    versionLocalizations: new Map(),
    appInfos: new Map(),
    appInfoLocalizations: new Map(),
    sets: new Map(),
  };
  const now = Date.now();
  apps.forEach((app, appIndex) => {
    const appId = String(6_500_000_000 + appIndex);
    ids.apps.set(app.bundleId, appId);
    state.apps.push({ id: appId, name: app.bundleId, bundleId: app.bundleId, sku: app.bundleId.toUpperCase(), primaryLocale: app.primaryLocale ?? "en-US" });
    app.versions.forEach((version, versionIndex) => {
      const versionId = id();
      ids.versions.set(`${app.bundleId} ${version.versionString}`, versionId);
      state.appStoreVersions.push({
        id: versionId,
        appId,
        platform: version.platform ?? "IOS",
        versionString: version.versionString,
        appStoreState: version.appStoreState ?? version.appVersionState,
        appVersionState: version.appVersionState,
        releaseType: "MANUAL",
        reviewType: "APP_STORE",
        downloadable: true,
        createdDate: new Date(now - (app.versions.length - versionIndex) * 86_400_000).toISOString(),
      });
      for (const { sets, ...localization } of version.localizations ?? []) {
        const localizationId = id();
        ids.versionLocalizations.set(`${app.bundleId} ${version.versionString} ${localization.locale}`, localizationId);
        state.appStoreVersionLocalizations.push({ ...localization, id: localizationId, versionId });
        for (const set of sets ?? []) {
          const setId = id();
          const screenshotIds = set.screenshots.map((screenshot) => {
            const screenshotId = id();
            state.appScreenshots.push({
              id: screenshotId,
              setId,
              fileName: screenshot.fileName,
              fileSize: screenshot.fileSize ?? 1000,
              mimeType: "image/png",
              assetToken: `PurpleSandbox/v4/00/${screenshotId}/${screenshot.fileName}`,
              uploadKey: screenshotId.replace(/-/g, ""),
              parts: [],
              state: "COMPLETE",
              createdAt: new Date(now).toISOString(),
              checksum: screenshot.checksum,
              width: 1320,
              height: 2868,
            });
            return screenshotId;
          });
          state.appScreenshotSets.push({ id: setId, localizationId, screenshotDisplayType: set.displayType, screenshotIds });
          ids.sets.set(`${app.bundleId} ${version.versionString} ${localization.locale} ${set.displayType}`, { id: setId, screenshots: screenshotIds });
        }
      }
    });
    for (const info of app.appInfos) {
      const infoId = id();
      ids.appInfos.set(`${app.bundleId} ${info.state}`, infoId);
      state.appInfos.push({ id: infoId, appId, state: info.state, appStoreState: info.appStoreState ?? info.state });
      for (const localization of info.localizations ?? []) {
        const localizationId = id();
        ids.appInfoLocalizations.set(`${app.bundleId} ${info.state} ${localization.locale}`, localizationId);
        state.appInfoLocalizations.push({ ...localization, id: localizationId, appInfoId: infoId });
      }
    }
  });
  state.serial = serial;
  await mkdir(folder, { recursive: true });
  const statePath = path.join(folder, "state.json");
  await writeFile(statePath, JSON.stringify(state));
  return { statePath, ids };
}
