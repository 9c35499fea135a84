/**
 * The managed version's release settings and build, from the engine's
 * versions read (its `build` include), and, only when app.yml sets `build`,
 * ONE read of the app's builds of this version string (GET /v1/builds with
 * filters): the request count grows by one then, and the bench formula counts it.
 */
import type { AppStoreVersion, Build, BuildsResponse } from "../../asc/types.js";
import type { SharedLive } from "../../contracts/live-state.js";
import type { ReadClient, SharedReads } from "../../contracts/resource.js";
import type { DesiredAppVersion } from "./desired.js";

export interface LiveBuild {
  id: string;
  /** The build number (CFBundleVersion); null when App Store Connect did not say. */
  number: string | null;
  processingState: string | null;
  expired: boolean;
  uploadedDate: string | null;
}

export interface LiveAppVersion {
  /** Absent: not read (a live state made by hand). */
  appVersion?: {
    releaseType: string | null;
    copyright: string | null;
    earliestReleaseDate: string | null;
    build: LiveBuild | null;
    /** The app's builds of the version string, newest first; read only when app.yml sets `build`. */
    builds?: LiveBuild[];
  };
}

export const BUILD_FIELDS = ["version", "processingState", "expired", "expirationDate", "uploadedDate", "usesNonExemptEncryption"];

function toLiveBuild(build: Pick<Build, "id" | "attributes">): LiveBuild {
  const attributes = build.attributes ?? {};
  return {
    id: build.id,
    number: attributes.version ?? null,
    processingState: attributes.processingState ?? null,
    expired: attributes.expired === true,
    uploadedDate: attributes.uploadedDate ?? null,
  };
}

/** An instant as one string, whatever precision App Store Connect answers with. */
export const normalizedInstant = (value: string | null | undefined): string | null => {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
};

export async function readAppVersion(client: ReadClient, desired: DesiredAppVersion, live: SharedLive, shared: SharedReads): Promise<LiveAppVersion> {
  const version: AppStoreVersion | undefined = shared.managed;
  const versionString = version?.attributes?.versionString;
  const builds =
    desired.appVersion?.build !== undefined && versionString
      ? (
          await client.getAll<BuildsResponse>("/v1/builds", {
            "filter[app]": live.app.id,
            "filter[preReleaseVersion.version]": versionString,
            "filter[preReleaseVersion.platform]": live.app.platform,
            sort: "-uploadedDate",
            "fields[builds]": BUILD_FIELDS,
            limit: 200,
          })
        ).data.map(toLiveBuild)
      : undefined;
  const linked = version?.relationships?.build?.data;
  const included = linked && (shared.versions.included ?? []).find((item): item is Build => item.type === "builds" && item.id === linked.id);
  const build = linked ? (included ? toLiveBuild(included) : (builds?.find((item) => item.id === linked.id) ?? toLiveBuild({ id: linked.id }))) : null;
  const attributes = version?.attributes ?? {};
  return {
    appVersion: {
      releaseType: attributes.releaseType ?? null,
      copyright: typeof attributes.copyright === "string" ? attributes.copyright : null,
      earliestReleaseDate: normalizedInstant(attributes.earliestReleaseDate),
      build,
      ...(builds ? { builds } : {}),
    },
  };
}
