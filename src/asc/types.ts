/**
 * Friendly names for the App Store Connect types the tool uses. Every one is
 * generated from Apple's OpenAPI specification (src/asc/generated, by
 * scripts/generate-asc-types.ts); none is written by hand.
 */
import type { components, operations, paths } from "./generated/app-store-connect.js";

export type { components, operations, paths };

type Schemas = components["schemas"];

// Resources
export type App = Schemas["App"];
export type AppStoreVersion = Schemas["AppStoreVersion"];
export type AppStoreVersionLocalization = Schemas["AppStoreVersionLocalization"];
export type AppInfo = Schemas["AppInfo"];
export type AppInfoLocalization = Schemas["AppInfoLocalization"];
export type AppScreenshotSet = Schemas["AppScreenshotSet"];
export type AppScreenshot = Schemas["AppScreenshot"];
export type AppPreviewSet = Schemas["AppPreviewSet"];
export type AppPreview = Schemas["AppPreview"];
export type AppStoreReviewDetail = Schemas["AppStoreReviewDetail"];
export type Build = Schemas["Build"];
export type AppStoreVersionPhasedRelease = Schemas["AppStoreVersionPhasedRelease"];
export type UploadOperation = Schemas["UploadOperation"];
export type HttpHeader = Schemas["HttpHeader"];
export type ImageAsset = Schemas["ImageAsset"];
export type AppMediaAssetState = Schemas["AppMediaAssetState"];
export type ScreenshotDisplayType = Schemas["ScreenshotDisplayType"];
export type Platform = Schemas["Platform"];
export type AppStoreVersionState = Schemas["AppStoreVersionState"];
export type AppVersionState = Schemas["AppVersionState"];
export type ReviewSubmission = Schemas["ReviewSubmission"];
export type ReviewSubmissionItem = Schemas["ReviewSubmissionItem"];

// Request bodies
export type AppStoreVersionLocalizationCreateRequest = Schemas["AppStoreVersionLocalizationCreateRequest"];
export type AppStoreVersionLocalizationUpdateRequest = Schemas["AppStoreVersionLocalizationUpdateRequest"];
export type AppInfoLocalizationCreateRequest = Schemas["AppInfoLocalizationCreateRequest"];
export type AppInfoLocalizationUpdateRequest = Schemas["AppInfoLocalizationUpdateRequest"];
export type AppScreenshotSetCreateRequest = Schemas["AppScreenshotSetCreateRequest"];
export type AppScreenshotCreateRequest = Schemas["AppScreenshotCreateRequest"];
export type AppScreenshotUpdateRequest = Schemas["AppScreenshotUpdateRequest"];
export type AppStoreReviewDetailCreateRequest = Schemas["AppStoreReviewDetailCreateRequest"];
export type AppStoreReviewDetailUpdateRequest = Schemas["AppStoreReviewDetailUpdateRequest"];
/** The whole order of a set's screenshots (PATCH …/relationships/appScreenshots). */
export type AppScreenshotSetAppScreenshotsLinkagesRequest = Schemas["AppScreenshotSetAppScreenshotsLinkagesRequest"];

// Response documents
export type AppResponse = Schemas["AppResponse"];
export type AppsResponse = Schemas["AppsResponse"];
export type AppStoreVersionResponse = Schemas["AppStoreVersionResponse"];
export type AppStoreVersionsResponse = Schemas["AppStoreVersionsResponse"];
export type AppStoreVersionLocalizationResponse = Schemas["AppStoreVersionLocalizationResponse"];
export type AppStoreVersionLocalizationsResponse = Schemas["AppStoreVersionLocalizationsResponse"];
export type AppInfoResponse = Schemas["AppInfoResponse"];
export type AppInfosResponse = Schemas["AppInfosResponse"];
export type AppInfoLocalizationResponse = Schemas["AppInfoLocalizationResponse"];
export type AppInfoLocalizationsResponse = Schemas["AppInfoLocalizationsResponse"];
export type AppScreenshotSetResponse = Schemas["AppScreenshotSetResponse"];
export type AppScreenshotSetsResponse = Schemas["AppScreenshotSetsResponse"];
export type AppPreviewSetsResponse = Schemas["AppPreviewSetsResponse"];
export type AppPreviewSetResponse = Schemas["AppPreviewSetResponse"];
export type AppPreviewResponse = Schemas["AppPreviewResponse"];
export type AppPreviewsResponse = Schemas["AppPreviewsResponse"];
export type AppScreenshotResponse = Schemas["AppScreenshotResponse"];
export type AppScreenshotsResponse = Schemas["AppScreenshotsResponse"];
export type BuildsResponse = Schemas["BuildsResponse"];
export type ReviewSubmissionsResponse = Schemas["ReviewSubmissionsResponse"];
export type PagedDocumentLinks = Schemas["PagedDocumentLinks"];
export type PagingInformation = Schemas["PagingInformation"];

// Errors
export type ErrorResponse = Schemas["ErrorResponse"];
/** One item of `errors` in Apple's error document. */
export type ErrorItem = Schemas["ResponseError"];
