/**
 * The demo's builds: the version on sale and the one being prepared each have
 * a processed (VALID) build attached, its export compliance answered, so the
 * demo can be submitted for review once its listing is complete. An app the
 * sandbox makes for a repository (own-app.ts) has no build: the pre-flight
 * says so.
 */
import type { AppStoreVersionRecord } from "../store/records.js";
import type { Store } from "../store/store.js";

const DAY_MS = 86_400_000;

export function seedBuilds(store: Store, versions: readonly AppStoreVersionRecord[], now: Date): void {
  versions.forEach((version, index) => {
    const build = store.tables.builds.insert({
      id: store.newId(),
      appId: version.appId,
      version: String(100 + index),
      processingState: "VALID",
      usesNonExemptEncryption: false,
      expired: false,
      uploadedDate: new Date(Date.parse(version.createdDate) || now.getTime() - DAY_MS).toISOString(),
    });
    version.buildId = build.id;
  });
}
