/**
 * The age rating questionnaire: every attribute of ageRatingDeclarations in
 * Apple's 4.4.1 spec (AgeRatingDeclarationUpdateRequest), named as there, with
 * its answers. ONE table for the schema, validation, the plan and the sandbox
 * seed; test/model/age-rating.test.ts checks it against the spec.
 */

/** Graded answers; INFREQUENT and FREQUENT are the spec's newer values. */
export const GRADED = ["NONE", "INFREQUENT_OR_MILD", "FREQUENT_OR_INTENSE", "INFREQUENT", "FREQUENT"] as const;

export type AgeRatingAnswer = { type: "boolean" } | { type: "enum"; values: readonly string[] } | { type: "uri" };

const graded = { type: "enum", values: GRADED } as const;
const yesNo = { type: "boolean" } as const;

export const AGE_RATING_ATTRIBUTES = {
  advertising: yesNo,
  ageAssurance: yesNo,
  alcoholTobaccoOrDrugUseOrReferences: graded,
  contests: graded,
  gambling: yesNo,
  gamblingSimulated: graded,
  gunsOrOtherWeapons: graded,
  healthOrWellnessTopics: yesNo,
  horrorOrFearThemes: graded,
  kidsAgeBand: { type: "enum", values: ["FIVE_AND_UNDER", "SIX_TO_EIGHT", "NINE_TO_ELEVEN"] },
  lootBox: yesNo,
  matureOrSuggestiveThemes: graded,
  medicalOrTreatmentInformation: graded,
  messagingAndChat: yesNo,
  parentalControls: yesNo,
  profanityOrCrudeHumor: graded,
  sexualContentGraphicAndNudity: graded,
  sexualContentOrNudity: graded,
  socialMedia: yesNo,
  socialMediaAgeRestricted: yesNo,
  unrestrictedWebAccess: yesNo,
  userGeneratedContent: yesNo,
  violenceCartoonOrFantasy: graded,
  violenceRealistic: graded,
  violenceRealisticProlongedGraphicOrSadistic: graded,
  ageRatingOverride: { type: "enum", values: ["NONE", "NINE_PLUS", "THIRTEEN_PLUS", "SIXTEEN_PLUS", "SEVENTEEN_PLUS", "UNRATED"] },
  ageRatingOverrideV2: { type: "enum", values: ["NONE", "NINE_PLUS", "THIRTEEN_PLUS", "SIXTEEN_PLUS", "EIGHTEEN_PLUS", "UNRATED"] },
  koreaAgeRatingOverride: { type: "enum", values: ["NONE", "FIFTEEN_PLUS", "NINETEEN_PLUS"] },
  developerAgeRatingInfoUrl: { type: "uri" },
} as const satisfies Record<string, AgeRatingAnswer>;

export type AgeRatingAttribute = keyof typeof AGE_RATING_ATTRIBUTES;
export const AGE_RATING_ATTRIBUTE_NAMES = Object.keys(AGE_RATING_ATTRIBUTES) as AgeRatingAttribute[];
export type AgeRatingValue = string | boolean;

/** Deprecated by Apple in the spec: accepted, with a warning that names its successor. */
export const DEPRECATED_AGE_RATING_ATTRIBUTES: Readonly<Partial<Record<AgeRatingAttribute, string>>> = {
  ageRatingOverride: "ageRatingOverrideV2 (the 2025 tiers 13+, 16+ and 18+)",
};

/**
 * Attributes Apple removed, with what replaced them (capabilities.md §2b: fastlane's
 * age_rating_declaration.rb and EAS PR 2671). App Store Connect refuses them as unknown.
 */
export const REMOVED_AGE_RATING_ATTRIBUTES: Readonly<Record<string, string>> = {
  gamblingAndContests: "gambling (true or false) and contests (NONE, INFREQUENT_OR_MILD or FREQUENT_OR_INTENSE)",
  seventeenPlus: "ageRatingOverride (now ageRatingOverrideV2: EIGHTEEN_PLUS)",
};

export const AGE_RATING_FILE = "age-rating.yml";

/** A value as the plan shows it. */
export const ageRatingText = (value: AgeRatingValue | null | undefined): string => (value === null || value === undefined ? "(none)" : String(value));
