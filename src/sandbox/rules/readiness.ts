/**
 * Whether App Review can take a version: what App Store Connect checks when a
 * version is added to a review submission or the submission is sent, answered
 * as one 409 STATE_ERROR.ENTITY_STATE_INVALID whose `meta.associatedErrors`
 * lists every missing thing, keyed by the resource path it concerns (the
 * shape of Apple's answer in capabilities.md §2b). The requirements are the
 * plan's pre-flight's (model/submission-requirements.ts). Categories are not
 * kept by the sandbox yet, so the primary category is not checked here.
 */
import {
  REQUIRED_AGE_RATING_ATTRIBUTES,
  REQUIRED_SCREENSHOT_TYPES,
  REQUIRED_VERSION_FIELDS,
  SUBMITTABLE_BUILD_STATE,
} from "../../model/submission-requirements.js";
import type { Platform } from "../../model/platforms.js";
import { errors, type ErrorItem } from "../errors.js";
import type { AppStoreVersionRecord } from "../store/records.js";
import type { Store } from "../store/store.js";

type Problem = Omit<ErrorItem, "meta">;

const required = (attribute: string): Problem => ({
  status: "409",
  code: "ENTITY_ERROR.ATTRIBUTE.REQUIRED",
  title: "The provided entity is missing a required attribute",
  detail: `You must provide a value for the attribute '${attribute}' with this request`,
});

const missingRelationship = (relationship: string, detail: string): Problem => ({
  status: "409",
  code: "ENTITY_ERROR.RELATIONSHIP.REQUIRED",
  title: "The provided entity is missing a required relationship",
  detail,
  source: { pointer: `/data/relationships/${relationship}` },
});

/** Every reason the version cannot be reviewed, keyed by resource path; empty when it can. */
export function reviewProblems(store: Store, version: AppStoreVersionRecord): Record<string, Problem[]> {
  const { tables } = store;
  const found: Record<string, Problem[]> = {};
  const add = (path: string, problem: Problem) => (found[path] ??= []).push(problem);
  const versionPath = `/v1/appStoreVersions/${version.id}`;

  const build = version.buildId ? tables.builds.get(version.buildId) : undefined;
  if (!build) add(versionPath, missingRelationship("build", "You must select a build for this version before you submit it for review."));
  else {
    if (build.processingState !== SUBMITTABLE_BUILD_STATE || build.expired)
      add(`/v1/builds/${build.id}`, { ...required("build"), detail: `The build ${build.version} is ${build.expired ? "expired" : build.processingState}.` });
    if (build.usesNonExemptEncryption === undefined) add(`/v1/builds/${build.id}`, required("usesNonExemptEncryption"));
  }

  const app = tables.apps.get(version.appId);
  if (app && !app.contentRightsDeclaration) add(`/v1/apps/${app.id}`, required("contentRightsDeclaration"));

  const localizations = tables.appStoreVersionLocalizations.where((localization) => localization.versionId === version.id);
  for (const localization of localizations)
    for (const field of REQUIRED_VERSION_FIELDS) if (!localization[field]) add(`/v1/appStoreVersionLocalizations/${localization.id}`, required(field));

  const primary = localizations.find((localization) => localization.locale === app?.primaryLocale);
  const types = new Set(
    primary
      ? tables.appScreenshotSets.where((set) => set.localizationId === primary.id && set.screenshotIds.length > 0).map((set) => set.screenshotDisplayType)
      : [],
  );
  for (const anyOf of REQUIRED_SCREENSHOT_TYPES[version.platform as Platform] ?? [])
    if (!anyOf.some((type) => types.has(type)))
      add(versionPath, { ...required("appScreenshotSets"), detail: `You must upload screenshots for ${anyOf.join(" or ")} in the primary language.` });

  // The app info being prepared with the version (the editable one), else the live one.
  const infos = tables.appInfos.where((info) => info.appId === version.appId);
  const info = infos.find((candidate) => candidate.state !== "READY_FOR_DISTRIBUTION") ?? infos[0];
  const declaration = info && tables.ageRatingDeclarations.find((candidate) => candidate.appInfoId === info.id);
  if (declaration)
    for (const attribute of REQUIRED_AGE_RATING_ATTRIBUTES)
      if (declaration.answers[attribute] === undefined) add(`/v1/ageRatingDeclarations/${declaration.id}`, required(attribute));
  const infoLocalization = info && tables.appInfoLocalizations.find((item) => item.appInfoId === info.id && item.locale === app?.primaryLocale);
  if (infoLocalization && !infoLocalization.privacyPolicyUrl) add(`/v1/appInfoLocalizations/${infoLocalization.id}`, required("privacyPolicyUrl"));
  return found;
}

/** Refuses a version App Review cannot take, with everything missing at once. */
export function assertReviewable(store: Store, version: AppStoreVersionRecord): void {
  const problems = reviewProblems(store, version);
  if (Object.keys(problems).length > 0) throw errors.notReviewable(version.id, problems);
}
