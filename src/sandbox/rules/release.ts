/**
 * A version PATCH's release settings and build, checked as App Store Connect
 * does (capabilities.md §2b, §3b): SCHEDULED needs an earliestReleaseDate on
 * the whole hour and in the future [unconfirmed: fastlane and EAS truncate the
 * date and refuse past ones, which implies Apple does]; the build must be this
 * app's, of the version's platform, VALID and not expired.
 */
import { entityProblems, errors, type EntityProblem } from "../errors.js";
import type { AppStoreVersionRecord } from "../store/records.js";
import type { Store } from "../store/store.js";

function releaseProblems(version: AppStoreVersionRecord, attributes: Record<string, unknown>, now: number): EntityProblem[] {
  const found: EntityProblem[] = [];
  const type = typeof attributes.releaseType === "string" ? attributes.releaseType : version.releaseType;
  const date = "earliestReleaseDate" in attributes ? attributes.earliestReleaseDate : version.earliestReleaseDate;
  if (typeof date === "string" && "earliestReleaseDate" in attributes) {
    const time = Date.parse(date);
    if (Number.isNaN(time) || new Date(time).getUTCMinutes() !== 0 || new Date(time).getUTCSeconds() !== 0 || time % 1000 !== 0)
      found.push(entityProblems.invalid("earliestReleaseDate", `'${date}' is not a valid release date; it must be on the hour.`));
    else if (time <= now) found.push(entityProblems.invalid("earliestReleaseDate", `The earliest release date '${date}' must be in the future.`));
  }
  if (type === "SCHEDULED" && (date === undefined || date === null)) found.push(entityProblems.required("earliestReleaseDate"));
  return found;
}

function buildProblems(store: Store, version: AppStoreVersionRecord, buildId: string): EntityProblem[] {
  const build = store.tables.builds.get(buildId);
  const invalid = (detail: string) => [entityProblems.relationshipInvalid("build", detail)];
  if (!build || build.appId !== version.appId || build.platform !== version.platform) return invalid(`'${buildId}' is not a valid ID for this relationship.`);
  if (build.expired) return invalid(`The build '${build.version}' has expired and cannot be used.`);
  if (build.processingState !== "VALID") return invalid(`The build '${build.version}' is ${build.processingState} and cannot be used.`);
  return [];
}

/** Applies releaseType, earliestReleaseDate and the build relationship of a version PATCH, or throws Apple's 409 listing every problem. */
export function applyReleaseSettings(
  store: Store,
  version: AppStoreVersionRecord,
  attributes: Record<string, unknown>,
  relationships: Record<string, { data?: { id?: unknown } | null } | undefined>,
  now: number,
): void {
  const buildId = relationships.build?.data?.id;
  const found = [...releaseProblems(version, attributes, now), ...(typeof buildId === "string" ? buildProblems(store, version, buildId) : [])];
  if (found.length > 0) throw errors.entity(found);
  if (typeof attributes.releaseType === "string") version.releaseType = attributes.releaseType;
  if (typeof attributes.earliestReleaseDate === "string") version.earliestReleaseDate = new Date(attributes.earliestReleaseDate).toISOString();
  else if ("earliestReleaseDate" in attributes) delete version.earliestReleaseDate;
  // A date only means something for a scheduled release.
  if (version.releaseType !== "SCHEDULED") delete version.earliestReleaseDate;
  if (typeof buildId === "string") version.buildId = buildId;
}
