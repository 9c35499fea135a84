import type { ChangeSource } from "../../contracts/plan.js";

/** The version's attributes and relationship this resource manages, in the order the plan lists them. */
export const APP_VERSION_FIELDS = ["versionString", "copyright", "releaseType", "earliestReleaseDate", "build"] as const;
export type AppVersionField = (typeof APP_VERSION_FIELDS)[number];

/**
 * One setting of the managed version; apply sends every one of a version in ONE PATCH (attributes and the build relationship).
 * version-create: the version app.yml names, made before anything else (field versionString); the rest is planned again once it exists.
 */
export interface AppVersionChange {
  kind: "app-version-update" | "version-create";
  resource: "appVersion";
  /** "app": app-level changes stand in one group of their own. */
  locale: string;
  field: AppVersionField;
  versionId: string;
  /** As App Store Connect has them: MANUAL…, an ISO instant, a build number. */
  before: string | null;
  after: string;
  /** field build: the build to attach. */
  buildId?: string;
  /** version-create: the version App Store Connect copies into the new one (the rest of the plan is against it until then). */
  basis?: string;
  source?: ChangeSource;
}
