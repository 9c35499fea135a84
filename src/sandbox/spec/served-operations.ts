/**
 * The App Store Connect operations the sandbox serves, by Apple's operationId.
 * One list for three readers: scripts/trim-openapi.ts keeps only these in the
 * committed spec subset, the router needs a handler for each (the compiler
 * checks it), and the contract test drives each one.
 */
export const SERVED_OPERATIONS = [
  "apps_getCollection",
  "apps_getInstance",
  "apps_updateInstance",
  "apps_appStoreVersions_getToManyRelated",
  "apps_appStoreVersions_getToManyRelationship",
  "apps_appInfos_getToManyRelated",
  "apps_appInfos_getToManyRelationship",
  "appInfos_getInstance",
  "appInfos_updateInstance",
  "appInfos_appInfoLocalizations_getToManyRelated",
  "appInfos_appInfoLocalizations_getToManyRelationship",
  "appInfos_ageRatingDeclaration_getToOneRelated",
  "ageRatingDeclarations_updateInstance",
  "appStoreVersions_getInstance",
  "appStoreVersions_updateInstance",
  "appStoreVersions_appStoreVersionLocalizations_getToManyRelated",
  "appStoreVersions_appStoreVersionLocalizations_getToManyRelationship",
  "appInfoLocalizations_createInstance",
  "appInfoLocalizations_getInstance",
  "appInfoLocalizations_updateInstance",
  "appInfoLocalizations_deleteInstance",
  "appStoreVersionLocalizations_createInstance",
  "appStoreVersionLocalizations_getInstance",
  "appStoreVersionLocalizations_updateInstance",
  "appStoreVersionLocalizations_deleteInstance",
  "appStoreVersionLocalizations_appScreenshotSets_getToManyRelated",
  "appStoreVersionLocalizations_appScreenshotSets_getToManyRelationship",
  "appScreenshotSets_createInstance",
  "appScreenshotSets_getInstance",
  "appScreenshotSets_deleteInstance",
  "appScreenshotSets_appScreenshots_getToManyRelated",
  "appScreenshotSets_appScreenshots_getToManyRelationship",
  "appScreenshotSets_appScreenshots_replaceToManyRelationship",
  "appScreenshots_createInstance",
  "appScreenshots_getInstance",
  "appScreenshots_updateInstance",
  "appScreenshots_deleteInstance",
  "appStoreVersions_appStoreReviewDetail_getToOneRelated",
  "appStoreReviewDetails_createInstance",
  "appStoreReviewDetails_getInstance",
  "appStoreReviewDetails_updateInstance",
] as const;

export type OperationId = (typeof SERVED_OPERATIONS)[number];
