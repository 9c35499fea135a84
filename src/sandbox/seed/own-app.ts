/**
 * The repository's own app, made in the sandbox when it is not there, so that
 * anyone can try the tool on their own files (`plan --sandbox` in their
 * repository): the bundle id (or id) and platform of app.yml, a version being
 * prepared (app.yml's `version`, else 1.1) and, unless that is 1.0, an earlier
 * version on sale (so whatsNew is accepted, as for any app past its first
 * release), their app infos, and no localizations or screenshots: the plan
 * then creates everything the repository holds.
 */
import type { Store } from "../store/store.js";

export interface OwnApp {
  /** app.yml's app.id, when it gives one. */
  id?: string;
  bundleId?: string;
  platform: string;
  /** app.yml's version, when it names one. */
  version?: string;
  /** The locale the app is listed in first (one the repository has). */
  primaryLocale: string;
  /** The app's name in that locale, when the repository gives one. */
  name?: string;
}

/** What was made, for the one line that says so. */
export interface MadeApp {
  bundleId: string;
  editableVersion: string;
  liveVersion?: string;
}

const FIRST_VERSIONS = new Set(["1", "1.0", "1.0.0"]);

export function findOwnApp(store: Store, app: Pick<OwnApp, "id" | "bundleId">): boolean {
  return Boolean(app.id ? store.tables.apps.get(app.id) : store.tables.apps.find((record) => record.bundleId === app.bundleId));
}

/** Makes the app unless the sandbox has it already (found by id, else by bundle id); undefined when it was there. */
export function makeOwnApp(store: Store, app: OwnApp, now = new Date()): MadeApp | undefined {
  if (findOwnApp(store, app)) return undefined;
  const { tables } = store;
  const id = app.id ?? store.newId("numeric");
  const bundleId = app.bundleId ?? `sandbox.app${id}`;
  tables.apps.insert({ id, name: app.name ?? bundleId, bundleId, sku: bundleId.toUpperCase(), primaryLocale: app.primaryLocale });
  const editableVersion = app.version ?? "1.1";
  const liveVersion = FIRST_VERSIONS.has(editableVersion) ? undefined : "1.0";
  const version = (versionString: string, state: "READY_FOR_DISTRIBUTION" | "PREPARE_FOR_SUBMISSION", daysAgo: number) =>
    tables.appStoreVersions.insert({
      id: store.newId(),
      appId: id,
      platform: app.platform,
      versionString,
      appStoreState: state === "READY_FOR_DISTRIBUTION" ? "READY_FOR_SALE" : state,
      appVersionState: state,
      releaseType: "AFTER_APPROVAL",
      reviewType: "APP_STORE",
      downloadable: true,
      createdDate: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(),
    });
  if (liveVersion) {
    version(liveVersion, "READY_FOR_DISTRIBUTION", 30);
    const liveInfo = tables.appInfos.insert({ id: store.newId(), appId: id, state: "READY_FOR_DISTRIBUTION", appStoreState: "READY_FOR_SALE" });
    tables.ageRatingDeclarations.insert({ id: store.newId(), appInfoId: liveInfo.id, answers: {} });
  }
  version(editableVersion, "PREPARE_FOR_SUBMISSION", 1);
  const info = tables.appInfos.insert({ id: store.newId(), appId: id, state: "PREPARE_FOR_SUBMISSION", appStoreState: "PREPARE_FOR_SUBMISSION" });
  // Each app info comes with its age rating questionnaire, unanswered (it cannot be created by a request).
  tables.ageRatingDeclarations.insert({ id: store.newId(), appInfoId: info.id, answers: {} });
  return { bundleId, editableVersion, ...(liveVersion ? { liveVersion } : {}) };
}
