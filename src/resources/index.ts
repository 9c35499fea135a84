/**
 * The registry (DESIGN.md §12): every App Store resource, in apply order.
 * Each stage iterates this list; adding a resource is a folder and one line here.
 * The DesiredState, the LiveState and the plan's changes are what the resources
 * listed here make of them, derived from the list.
 */
import type { SharedLive } from "../contracts/live-state.js";
import type { Plan as GenericPlan } from "../contracts/plan.js";
import type { AnyResource, Resource, SharedDesired } from "../contracts/resource.js";
import { ageRating } from "./age-rating/index.js";
import { appDetails } from "./app-details/index.js";
import { appInfoLocalizations } from "./app-info-localizations/index.js";
import { previews } from "./previews/index.js";
import { appVersion } from "./app-version/index.js";
import { phasedRelease } from "./phased-release/index.js";
import { categories } from "./categories/index.js";
import { reviewDetail } from "./review-detail/index.js";
import { reviewReplies } from "./review-replies/index.js";
import { screenshots } from "./screenshots/index.js";
import { submission } from "./submission/index.js";
import { versionLocalizations } from "./version-localizations/index.js";

export const RESOURCES = [
  appInfoLocalizations,
  ageRating,
  categories,
  versionLocalizations,
  screenshots,
  previews,
  appDetails,
  appVersion,
  phasedRelease,
  reviewDetail,
  reviewReplies,
  // Last: it submits once everything else is applied.
  submission,
] as const satisfies readonly AnyResource[];

type Registered = (typeof RESOURCES)[number];
type Intersection<U> = (U extends unknown ? (item: U) => void : never) extends (item: infer I) => void ? I : never;

// Each resource's own types, inferred from its declaration.
type DesiredOf<R> = R extends Resource<infer D, any, any, any, any> ? D : never;
type LiveOf<R> = R extends Resource<any, infer L, any, any, any> ? L : never;
type ChangeOf<R> = R extends Resource<any, any, infer C, any, any> ? C : never;

export type DesiredState = SharedDesired & Intersection<DesiredOf<Registered>>;
export type LiveState = SharedLive & Intersection<LiveOf<Registered>>;
export type Change = ChangeOf<Registered>;
export type ChangeKind = Change["kind"];
export type Plan = GenericPlan<Change>;

export type { DesiredAgeRating } from "./age-rating/desired.js";
export type { AgeRatingUpdate, LiveAgeRatingDeclaration } from "./age-rating/diff.js";
export type { CategoriesUpdate, CategorySlotChange } from "./categories/diff.js";
export type { AppDetailChange } from "./app-details/changes.js";
export type { AppVersionChange } from "./app-version/changes.js";
export type { PhasedReleaseChange } from "./phased-release/changes.js";
export type { DesiredAppInfoLocalization } from "./app-info-localizations/desired.js";
export type { FieldUpdate, LocalizationChange, LocalizationCreate, LocalizationDelete, LocalizationResource } from "./localization-changes.js";
export type {
  ScreenshotChange,
  ScreenshotDelete,
  ScreenshotDeleteReason,
  ScreenshotReorder,
  ScreenshotSetCreate,
  ScreenshotSetDelete,
  ScreenshotUpload,
} from "./screenshots/changes.js";
export type { PreviewChange } from "./previews/changes.js";
export type { ReviewDetailChange, ReviewFieldChange } from "./review-detail/changes.js";
export type { ReviewReplyChange } from "./review-replies/changes.js";
export type { DesiredScreenshot, DesiredScreenshotSet } from "./screenshots/desired.js";
export type { ReleaseChange, SubmissionChange, SubmitChange } from "./submission/changes.js";
export type { AssetState, LiveScreenshot, LiveScreenshotSet } from "./screenshots/live.js";
export type { DesiredRotation, DesiredVersionLocalization } from "./version-localizations/desired.js";
/** Which value a rotating field has on a day: pull keeps a rotation in force out of the base value. */
export { valueInForce } from "./version-localizations/rotations.js";
export type { LivePreviewSet } from "./previews/live.js";
/** Whether a live preview and its poster frame are processed: pull downloads only finished sets. */
export { isProcessed as isPreviewProcessed } from "./previews/live.js";
