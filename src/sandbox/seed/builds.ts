/**
 * The demo app's builds: for the version being prepared, one attached
 * (VALID), a newer VALID one (what `build: latest` picks), one still
 * PROCESSING and one expired; the live version's own build is attached to it.
 * Builds expire 90 days after upload, as TestFlight's do.
 */
import type { AppStoreVersionRecord, BuildRecord } from "../store/records.js";
import type { Store } from "../store/store.js";

const DAY = 86_400_000;
const EXPIRY_DAYS = 90;

/** Build numbers of the seeded builds, by what a test or the demo needs of them. */
export const DEMO_BUILDS = { live: "231", attached: "240", latest: "241", processing: "242", expired: "238" } as const;

export function seedBuilds(store: Store, now: Date, live: AppStoreVersionRecord, editable: AppStoreVersionRecord): void {
  const add = (version: AppStoreVersionRecord, number: string, daysAgo: number, state: BuildRecord["processingState"] = "VALID") => {
    const uploaded = now.getTime() - daysAgo * DAY;
    return store.tables.builds.insert({
      id: store.newId(),
      appId: version.appId,
      platform: version.platform,
      version: number,
      versionString: version.versionString,
      processingState: state,
      expired: daysAgo >= EXPIRY_DAYS,
      uploadedDate: new Date(uploaded).toISOString(),
      expirationDate: new Date(uploaded + EXPIRY_DAYS * DAY).toISOString(),
      usesNonExemptEncryption: false,
    });
  };
  live.buildId = add(live, DEMO_BUILDS.live, 50).id;
  add(editable, DEMO_BUILDS.expired, 120);
  editable.buildId = add(editable, DEMO_BUILDS.attached, 3).id;
  add(editable, DEMO_BUILDS.latest, 1);
  add(editable, DEMO_BUILDS.processing, 0, "PROCESSING");
}
