/** Every served operation's handler: the compiler checks that none is missing. */
import type { OperationId } from "../spec/served-operations.js";
import { ageRatingDeclarationsHandlers } from "./age-rating-declarations.js";
import { appInfoLocalizationsHandlers } from "./app-info-localizations.js";
import { appInfosHandlers } from "./app-infos.js";
import { appStoreVersionsHandlers } from "./app-store-versions.js";
import { analyticsHandlers } from "./analytics.js";
import { appsHandlers } from "./apps.js";
import { buildsHandlers } from "./builds.js";
import { phasedReleasesHandlers } from "./phased-releases.js";
import { versionCreateHandlers } from "./version-create.js";
import type { Handler } from "./context.js";
import { customerReviewsHandlers } from "./customer-reviews.js";
import { previewsHandlers } from "./previews.js";
import { reviewDetailsHandlers } from "./review-details.js";
import { reviewSubmissionsHandlers } from "./review-submissions.js";
import { screenshotSetsHandlers } from "./screenshot-sets.js";
import { screenshotsHandlers } from "./screenshots.js";
import { versionLocalizationsHandlers } from "./version-localizations.js";

export const HANDLERS: Record<OperationId, Handler> = {
  ...appsHandlers,
  ...appInfosHandlers,
  ...appStoreVersionsHandlers,
  ...appInfoLocalizationsHandlers,
  ...ageRatingDeclarationsHandlers,
  ...versionLocalizationsHandlers,
  ...screenshotSetsHandlers,
  ...screenshotsHandlers,
  ...reviewDetailsHandlers,
  ...analyticsHandlers,
  ...customerReviewsHandlers,
  ...previewsHandlers,
  ...buildsHandlers,
  ...versionCreateHandlers,
  ...phasedReleasesHandlers,
  ...reviewSubmissionsHandlers,
};
