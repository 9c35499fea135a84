/**
 * The pre-flight: everything App Store Connect would refuse the submission for
 * (the associatedErrors of its ENTITY_STATE_INVALID), found at once from the
 * plan's own desired and live state, as live will be once the plan is
 * applied: a value the repository sets counts, a live one it leaves alone
 * counts too. Each blocker points at the file (and line, where the value is
 * written) to fix. Pure. What live does not say (a relationship answered with
 * links only, screenshots of a locale not read) is left to Apple's own answer.
 */
import type { ChangeSource } from "../../contracts/plan.js";
import type { SharedLive } from "../../contracts/live-state.js";
import { displayName } from "../../model/display-types.js";
import {
  REQUIRED_AGE_RATING_ATTRIBUTES,
  REQUIRED_SCREENSHOT_TYPES,
  REQUIRED_VERSION_FIELDS,
  SUBMITTABLE_BUILD_STATE,
} from "../../model/submission-requirements.js";
import type { DesiredAgeRatingSlice } from "../age-rating/desired.js";
import type { LiveAgeRatingSlice } from "../age-rating/diff.js";
import type { DesiredAppDetails } from "../app-details/desired.js";
import type { LiveAppDetails } from "../app-details/diff.js";
import type { DesiredAppInfoLocalizations } from "../app-info-localizations/desired.js";
import type { LiveAppInfoLocalizations } from "../app-info-localizations/diff.js";
import type { DesiredScreenshots } from "../screenshots/desired.js";
import type { LiveScreenshots } from "../screenshots/live.js";
import type { DesiredVersionLocalizations } from "../version-localizations/desired.js";
import type { LiveVersionLocalizations } from "../version-localizations/diff.js";
import type { DesiredSubmission } from "./desired.js";
import type { LiveSubmissionSlice } from "./live.js";

/** The slices it reads; each may be absent (a state made by hand, a resource not registered). */
export type PreflightDesired = DesiredSubmission &
  Partial<DesiredVersionLocalizations & DesiredAppInfoLocalizations & DesiredScreenshots & DesiredAgeRatingSlice & DesiredAppDetails>;
export type PreflightLive = SharedLive &
  LiveSubmissionSlice &
  Partial<LiveVersionLocalizations & LiveAppInfoLocalizations & LiveScreenshots & LiveAgeRatingSlice & LiveAppDetails>;

export interface Blocker {
  reason: string;
  source: ChangeSource;
}

const folderOf = (file: string) => (file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".");

interface Sources {
  file: string;
  positions: Record<string, { line: number; column: number }>;
}

function at(sources: Sources | undefined, file: string, key?: string): ChangeSource {
  const position = key ? sources?.positions[key] : undefined;
  return { file: sources?.file ?? file, ...(position ? { line: position.line, column: position.column } : {}) };
}

function buildBlockers(live: PreflightLive, app: Sources): Blocker[] {
  const build = live.submission?.build;
  // app.yml's `build:` attaches one in this apply (its resource says when it cannot).
  if (build === undefined || app.positions.build) return [];
  const source = at(app, app.file, app.positions.version ? "version" : "submit");
  if (build === null)
    return [{ reason: `no build is attached to version ${live.version?.versionString}: upload one (Xcode, Transporter) and set build: in app.yml`, source }];
  const found: Blocker[] = [];
  const name = `build ${build.version ?? build.id}`;
  if (build.expired) found.push({ reason: `${name} has expired: upload a new build and attach it`, source });
  else if (build.processingState !== SUBMITTABLE_BUILD_STATE)
    found.push({ reason: `${name} is ${build.processingState ?? "not processed"}, not VALID: wait for processing, or upload another build`, source });
  if (build.usesNonExemptEncryption === null)
    found.push({
      reason:
        `${name} has no export compliance answer (usesNonExemptEncryption): ` +
        "answer it in App Store Connect, or set ITSAppUsesNonExemptEncryption in the app's Info.plist",
      source,
    });
  return found;
}

function versionTextBlockers(desired: PreflightDesired, live: PreflightLive, metadataDir: string): Blocker[] {
  const files = new Map<string, NonNullable<PreflightDesired["versionLocalizations"]>[number]>(
    (desired.versionLocalizations ?? []).map((localization) => [localization.locale, localization]),
  );
  const locales = [...new Set([...(live.versionLocalizations ?? []).map((localization) => localization.locale), ...files.keys()])].sort();
  const found: Blocker[] = [];
  for (const locale of locales) {
    const wanted = files.get(locale);
    const current = live.versionLocalizations?.find((localization) => localization.locale === locale);
    const missing = REQUIRED_VERSION_FIELDS.filter((field) => !(wanted?.fields[field] ?? current?.fields[field]));
    if (missing.length === 0) continue;
    const file = wanted?.sources.file ?? `${metadataDir}/${locale}.yml`;
    const advice = wanted ? `add ${missing.map((field) => `${field}:`).join(" and ")}` : `create ${file} with ${missing.join(" and ")}`;
    found.push({ reason: `${missing.join(" and ")} missing in ${locale}: ${advice}`, source: at(wanted?.sources, file, missing[0]) });
  }
  return found;
}

function privacyBlockers(desired: PreflightDesired, live: PreflightLive, metadataDir: string): Blocker[] {
  const primary = live.app.primaryLocale;
  if (!primary || !live.appInfoLocalizations) return [];
  const wanted = desired.appInfoLocalizations?.find((localization) => localization.locale === primary);
  const current = live.appInfoLocalizations.find((localization) => localization.locale === primary);
  if (wanted?.fields.privacyPolicyUrl ?? current?.fields.privacyPolicyUrl) return [];
  const file = wanted?.sources.file ?? `${metadataDir}/${primary}.yml`;
  return [
    {
      reason: `privacyPolicyUrl missing in ${primary} (the primary language): every app needs one; add privacyPolicyUrl: https://… to ${file}`,
      source: at(wanted?.sources, file, "privacyPolicyUrl"),
    },
  ];
}

function screenshotBlockers(desired: PreflightDesired, live: PreflightLive, screenshotsDir: string): Blocker[] {
  const primary = live.app.primaryLocale;
  if (!primary) return [];
  const wanted = (desired.screenshotSets ?? []).filter((set) => set.locale === primary);
  const current = (live.screenshotSets ?? []).filter((set) => set.locale === primary);
  // Sets of a locale the repository does not manage were not read: unknown, left to Apple.
  if (wanted.length === 0 && current.length === 0) return [];
  const defined = new Set(wanted.map((set) => set.displayType));
  const filled = new Set([
    ...wanted.filter((set) => set.screenshots.length > 0).map((set) => set.displayType),
    ...current.filter((set) => !defined.has(set.displayType) && set.screenshots.length > 0).map((set) => set.displayType),
  ]);
  const found: Blocker[] = [];
  for (const anyOf of REQUIRED_SCREENSHOT_TYPES[live.app.platform] ?? []) {
    if (anyOf.some((type) => filled.has(type))) continue;
    const names = anyOf.map((type) => displayName(type)).join(" or ");
    found.push({
      reason: `no screenshots for ${names} in ${primary} (the primary language): add a folder of them`,
      source: { file: `${screenshotsDir}/${primary}` },
    });
  }
  return found;
}

function ageRatingBlockers(desired: PreflightDesired, live: PreflightLive, metadataDir: string): Blocker[] {
  const declaration = live.ageRatingDeclaration;
  if (!declaration) return [];
  const answers = desired.ageRating?.answers ?? {};
  const missing = REQUIRED_AGE_RATING_ATTRIBUTES.filter((name) => answers[name] === undefined && (declaration.answers[name] ?? null) === null);
  if (missing.length === 0) return [];
  const file = desired.ageRating?.sources.file ?? `${metadataDir}/age-rating.yml`;
  const shown = missing.length > 6 ? `${missing.slice(0, 6).join(", ")} and ${missing.length - 6} more` : missing.join(", ");
  return [{ reason: `age rating questions unanswered: ${shown}; answer them in ${file}`, source: { file } }];
}

function appBlockers(desired: PreflightDesired, live: PreflightLive, app: Sources, hasPrimaryCategory: boolean): Blocker[] {
  const found: Blocker[] = [];
  if (live.submission?.primaryCategory === null && !hasPrimaryCategory)
    found.push({ reason: "no primary category: add categories: { primary: … } to app.yml", source: at(app, app.file, "app") });
  const rights = desired.appDetails?.contentRights ?? live.appDetails?.contentRights;
  if (live.appDetails && !rights)
    found.push({
      reason: "content rights undeclared: add contentRights: { usesThirdPartyContent: false } (or true) to app.yml",
      source: at(app, app.file, "contentRights"),
    });
  return found;
}

/** Every blocker, in the order App Store Connect's own page lists them: the build, the text, the media, the app's information. */
export function preflight(desired: PreflightDesired, live: PreflightLive): Blocker[] {
  const { sources: app, screenshotsDir, hasPrimaryCategory } = desired.submission!;
  const metadataDir = folderOf(app.file);
  return [
    ...buildBlockers(live, app),
    ...versionTextBlockers(desired, live, metadataDir),
    ...privacyBlockers(desired, live, metadataDir),
    ...screenshotBlockers(desired, live, screenshotsDir),
    ...ageRatingBlockers(desired, live, metadataDir),
    ...appBlockers(desired, live, app, hasPrimaryCategory),
  ];
}
