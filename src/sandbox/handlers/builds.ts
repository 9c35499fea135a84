/**
 * builds: an app's uploaded builds, found by the filters a client picks one
 * with (app, its version string and platform, build number, processing state,
 * expired), newest first or as `sort` says.
 */
import type { BuildRecord } from "../store/records.js";
import { applyFilters, list, type Handler } from "./context.js";

const SORT_KEYS = { version: (build: BuildRecord) => build.version, uploadedDate: (build: BuildRecord) => build.uploadedDate } as const;

function sortBuilds(builds: BuildRecord[], sort: readonly string[] | undefined): BuildRecord[] {
  const keys = sort ?? ["-uploadedDate"];
  return [...builds].sort((a, b) => {
    for (const key of keys) {
      const name = key.replace(/^-/, "");
      const pick = name === "preReleaseVersion" ? (build: BuildRecord) => build.versionString : SORT_KEYS[name as keyof typeof SORT_KEYS];
      if (!pick) continue;
      const order = pick(a).localeCompare(pick(b), "en", { numeric: true }) * (key.startsWith("-") ? -1 : 1);
      if (order !== 0) return order;
    }
    return 0;
  });
}

export const buildsHandlers = {
  builds_getCollection: (context) => {
    let builds = applyFilters(context, context.store.tables.builds.all(), {
      app: (build, values) => values.includes(build.appId),
      id: (build, values) => values.includes(build.id),
      version: (build, values) => values.includes(build.version),
      "preReleaseVersion.version": (build, values) => values.includes(build.versionString),
      "preReleaseVersion.platform": (build, values) => values.includes(build.platform),
      processingState: (build, values) => values.includes(build.processingState),
      expired: (build, values) => values.includes(String(build.expired)),
      appStoreVersion: (build, values) => context.store.tables.appStoreVersions.find((version) => values.includes(version.id))?.buildId === build.id,
      usesNonExemptEncryption: (build, values) => build.usesNonExemptEncryption !== undefined && values.includes(String(build.usesNonExemptEncryption)),
      // Every build is for the App Store; the sandbox has no TestFlight: no beta groups, beta reviews or preReleaseVersion ids to match.
      buildAudienceType: (_build, values) => values.includes("APP_STORE_ELIGIBLE"),
      "betaAppReviewSubmission.betaReviewState": () => false,
      betaGroups: () => false,
      preReleaseVersion: () => false,
    });
    const exists = context.query.flag("exists[usesNonExemptEncryption]");
    if (exists !== undefined) builds = builds.filter((build) => (build.usesNonExemptEncryption !== undefined) === exists);
    return list(context, "builds", sortBuilds(builds, context.query.list("sort")));
  },
} satisfies Record<string, Handler>;
