/**
 * What App Store Connect wants before a version can go to review: ONE list,
 * read by the plan's pre-flight (resources/submission) and by the sandbox's
 * refusal (ENTITY_STATE_INVALID), so the two cannot disagree.
 *
 * Evidence (capabilities.md §2b, §3): the 2025 questions (parentalControls,
 * healthOrWellnessTopics, …) refused unanswered at submission; description
 * and support URL required per localization; a privacy policy URL for every
 * app. Screenshots: the largest iPhone size (6.9", or 6.5" in its place) for
 * iOS, the platform's one type elsewhere. Whether an iOS app must also have
 * iPad screenshots depends on its device families, which the API does not
 * give: not checked here (Apple's own answer still tells).
 */
import { AGE_RATING_ATTRIBUTES, AGE_RATING_ATTRIBUTE_NAMES, type AgeRatingAttribute } from "./age-rating.js";
import type { Platform } from "./platforms.js";

/** The questionnaire's yes/no and graded questions; the overrides, kids band and info URL are optional. */
export const REQUIRED_AGE_RATING_ATTRIBUTES: readonly AgeRatingAttribute[] = AGE_RATING_ATTRIBUTE_NAMES.filter((name) => {
  const answer: { type: string; values?: readonly string[] } = AGE_RATING_ATTRIBUTES[name];
  return answer.type === "boolean" || (answer.type === "enum" && answer.values?.includes("INFREQUENT_OR_MILD") === true);
});

/** Screenshot display types of which a version needs one set (any of each inner list) in its primary locale. */
export const REQUIRED_SCREENSHOT_TYPES: Readonly<Record<Platform, readonly (readonly string[])[]>> = {
  IOS: [["APP_IPHONE_67", "APP_IPHONE_65"]],
  MAC_OS: [["APP_DESKTOP"]],
  TV_OS: [["APP_APPLE_TV"]],
  VISION_OS: [["APP_APPLE_VISION_PRO"]],
};

/** Version localization fields required to submit. */
export const REQUIRED_VERSION_FIELDS = ["description", "supportUrl"] as const;

/** Build processing states and what they mean for a submission. */
export const SUBMITTABLE_BUILD_STATE = "VALID";
