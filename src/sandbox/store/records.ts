/**
 * What the sandbox remembers: App Store Connect's resources as flat records
 * that name their parent by id. Attributes that are unset are absent (the
 * answers then omit them, as the spec's non-nullable types require).
 */
export type AssetState = "AWAITING_UPLOAD" | "UPLOAD_COMPLETE" | "COMPLETE" | "FAILED";

export interface AppRecord {
  id: string;
  name: string;
  bundleId: string;
  sku: string;
  primaryLocale: string;
  contentRightsDeclaration?: string;
}

export interface AppStoreVersionRecord {
  id: string;
  appId: string;
  platform: string;
  versionString: string;
  /** Deprecated by Apple in favour of appVersionState; both are answered, kept consistent. */
  appStoreState: string;
  appVersionState: string;
  copyright?: string;
  releaseType: string;
  /** With releaseType SCHEDULED: the whole hour, UTC. */
  earliestReleaseDate?: string;
  /** The build attached (builds table). */
  buildId?: string;
  /** Epoch milliseconds from which lists show it (the read-after-write lag of a new version). */
  listedAt?: number;
  reviewType: string;
  downloadable: boolean;
  createdDate: string;
  /** Epoch milliseconds: when a version in PROCESSING_FOR_DISTRIBUTION becomes READY_FOR_DISTRIBUTION (rules/review.ts). */
  distributedAt?: number;
}

export interface AppInfoRecord {
  id: string;
  appId: string;
  state: string;
  appStoreState: string;
  /** Category ids by relationship (primaryCategory, primarySubcategoryOne, …); absent: none. */
  categories?: Partial<Record<string, string>>;
}

/** The age rating questionnaire of one app info (model/age-rating.ts): PATCH-only, made with its app info. */
export interface AgeRatingDeclarationRecord {
  id: string;
  appInfoId: string;
  answers: Record<string, string | boolean>;
}

export interface AppInfoLocalizationRecord {
  id: string;
  appInfoId: string;
  locale: string;
  name?: string;
  subtitle?: string;
  privacyPolicyUrl?: string;
  privacyChoicesUrl?: string;
  privacyPolicyText?: string;
}

export interface VersionLocalizationRecord {
  id: string;
  versionId: string;
  locale: string;
  description?: string;
  keywords?: string;
  marketingUrl?: string;
  promotionalText?: string;
  supportUrl?: string;
  whatsNew?: string;
}

/** A build uploaded for an app: `version` is the build number (CFBundleVersion), `versionString` its preReleaseVersion's (CFBundleShortVersionString). */
export interface BuildRecord {
  id: string;
  appId: string;
  platform: string;
  version: string;
  versionString: string;
  processingState: "PROCESSING" | "FAILED" | "INVALID" | "VALID";
  expired: boolean;
  uploadedDate: string;
  expirationDate: string;
  usesNonExemptEncryption?: boolean;
}

/** A version's phased release (one at most per version): INACTIVE, ACTIVE, PAUSED, COMPLETE. */
export interface AppStoreVersionPhasedReleaseRecord {
  id: string;
  versionId: string;
  state: string;
  startDate?: string;
  totalPauseDuration: number;
  currentDayNumber: number;
}

/** App Review information of one version (one at most per version). */
export interface AppStoreReviewDetailRecord {
  id: string;
  versionId: string;
  contactFirstName?: string;
  contactLastName?: string;
  contactPhone?: string;
  contactEmail?: string;
  demoAccountName?: string;
  demoAccountPassword?: string;
  demoAccountRequired?: boolean;
  notes?: string;
}

/** A customer review of an app; one that `createdDate` puts in the future has not arrived yet (the sandbox's clock). */
export interface CustomerReviewRecord {
  id: string;
  appId: string;
  rating: number;
  title?: string;
  body?: string;
  reviewerNickname: string;
  createdDate: string;
  /** ISO 3166 alpha-3, as the spec's TerritoryCode. */
  territory: string;
}

/** The one response a review may have: PENDING_PUBLISH until `publishAt` (epoch milliseconds), then PUBLISHED. */
export interface CustomerReviewResponseRecord {
  id: string;
  reviewId: string;
  responseBody: string;
  lastModifiedDate: string;
  publishAt: number;
}

export interface ScreenshotSetRecord {
  id: string;
  localizationId: string;
  screenshotDisplayType: string;
  /** The set's order. */
  screenshotIds: string[];
}

export interface UploadPart {
  offset: number;
  length: number;
}

export interface AssetError {
  code: string;
  description: string;
}

/** What processing will reveal once `completeAt` has passed (decided at the commit). */
export type ProcessingOutcome = { state: "COMPLETE"; width: number; height: number } | { state: "FAILED"; errors: AssetError[] };

export interface ScreenshotRecord {
  id: string;
  setId: string;
  fileName: string;
  fileSize: number;
  mimeType: string;
  assetToken: string;
  /** Secret in the upload URLs: they carry no bearer token, as Apple's do not. */
  uploadKey: string;
  parts: UploadPart[];
  state: AssetState;
  createdAt: string;
  /** MD5 of the bytes, set at a successful commit and answered only once COMPLETE. */
  checksum?: string;
  /** Epoch milliseconds when processing ends. */
  completeAt?: number;
  /** Epoch milliseconds from which the checksum is published (the checksum-delay knob); from COMPLETE when absent. */
  checksumAt?: number;
  /** Never leaves UPLOAD_COMPLETE (the stuck-uploads knob). */
  stuck?: true;
  outcome?: ProcessingOutcome;
  width?: number;
  height?: number;
  errors?: AssetError[];
}

/** An analytics report request (ONGOING or ONE_TIME_SNAPSHOT); `createdAt` is on the sandbox's clock, epoch milliseconds. */
export interface AnalyticsReportRequestRecord {
  id: string;
  appId: string;
  accessType: "ONGOING" | "ONE_TIME_SNAPSHOT";
  stoppedDueToInactivity: boolean;
  createdAt: number;
}

/** One report of a request (sandbox/analytics/materialize.ts makes them). */
export interface AnalyticsReportRecord {
  id: string;
  requestId: string;
  name: string;
  category: string;
}

export interface AnalyticsReportInstanceRecord {
  id: string;
  reportId: string;
  granularity: "DAILY" | "WEEKLY" | "MONTHLY";
  processingDate: string;
}

/** One file of an instance; its bytes are generated again on each download (sandbox/analytics/generate.ts). */
export interface AnalyticsReportSegmentRecord {
  id: string;
  instanceId: string;
  /** 0-based part of the instance's rows, of `parts`. */
  part: number;
  parts: number;
  /** Secret in the download URL, which carries no bearer token, as Apple's presigned ones do not. */
  key: string;
}

export interface PreviewSetRecord {
  id: string;
  localizationId: string;
  previewType: string;
  /** The set's order. */
  previewIds: string[];
}

/** videoDeliveryState: AWAITING_UPLOAD -> UPLOAD_COMPLETE -> PROCESSING -> COMPLETE | FAILED. */
export type VideoDeliveryState = "AWAITING_UPLOAD" | "UPLOAD_COMPLETE" | "PROCESSING" | "COMPLETE" | "FAILED";

export type VideoOutcome = { state: "COMPLETE"; width: number; height: number } | { state: "FAILED"; errors: AssetError[] };

export interface PreviewRecord {
  id: string;
  setId: string;
  fileName: string;
  fileSize: number;
  mimeType: string;
  previewFrameTimeCode?: string;
  assetToken: string;
  uploadKey: string;
  parts: UploadPart[];
  state: VideoDeliveryState;
  /** previewFrameImage.state, once the video is committed: PROCESSING until the frame is drawn, apart from the video. */
  frameState?: "PROCESSING" | "COMPLETE" | "FAILED";
  createdAt: string;
  checksum?: string;
  /** Epoch milliseconds: processing starts, the video ends, the poster frame ends (after the video). */
  processingAt?: number;
  completeAt?: number;
  frameAt?: number;
  checksumAt?: number;
  outcome?: VideoOutcome;
  width?: number;
  height?: number;
  errors?: AssetError[];
}

/** A review submission of one app and platform (rules/review.ts runs its states). */
export interface ReviewSubmissionRecord {
  id: string;
  appId: string;
  platform: string;
  state: "READY_FOR_REVIEW" | "WAITING_FOR_REVIEW" | "IN_REVIEW" | "UNRESOLVED_ISSUES" | "CANCELING" | "COMPLETING" | "COMPLETE";
  submittedDate?: string;
  /** Epoch milliseconds of the submit, for the review clock. */
  submittedAt?: number;
  /** Attempts to add its version elsewhere a cancelled submission still refuses (Apple's lag, counted so tests do not race a clock). */
  holdsFor?: number;
}

export interface ReviewSubmissionItemRecord {
  id: string;
  submissionId: string;
  versionId: string;
  state: "READY_FOR_REVIEW" | "ACCEPTED" | "APPROVED" | "REJECTED" | "REMOVED";
}

export interface ReleaseRequestRecord {
  id: string;
  versionId: string;
}

export interface SandboxState {
  schemaVersion: 1;
  createdAt: string;
  /** Ids are derived from this salt and a counter, so restarts never reuse one. */
  salt: string;
  serial: number;
  apps: AppRecord[];
  appStoreVersions: AppStoreVersionRecord[];
  appInfos: AppInfoRecord[];
  appInfoLocalizations: AppInfoLocalizationRecord[];
  ageRatingDeclarations: AgeRatingDeclarationRecord[];
  appStoreVersionLocalizations: VersionLocalizationRecord[];
  appScreenshotSets: ScreenshotSetRecord[];
  appScreenshots: ScreenshotRecord[];
  appStoreReviewDetails: AppStoreReviewDetailRecord[];
  analyticsReportRequests: AnalyticsReportRequestRecord[];
  analyticsReports: AnalyticsReportRecord[];
  analyticsReportInstances: AnalyticsReportInstanceRecord[];
  analyticsReportSegments: AnalyticsReportSegmentRecord[];
  customerReviews: CustomerReviewRecord[];
  customerReviewResponses: CustomerReviewResponseRecord[];
  appPreviewSets: PreviewSetRecord[];
  appPreviews: PreviewRecord[];
  builds: BuildRecord[];
  appStoreVersionPhasedReleases: AppStoreVersionPhasedReleaseRecord[];
  reviewSubmissions: ReviewSubmissionRecord[];
  reviewSubmissionItems: ReviewSubmissionItemRecord[];
  appStoreVersionReleaseRequests: ReleaseRequestRecord[];
}

export const TABLES = [
  "apps",
  "appStoreVersions",
  "appInfos",
  "appInfoLocalizations",
  "ageRatingDeclarations",
  "appStoreVersionLocalizations",
  "appScreenshotSets",
  "appScreenshots",
  "appStoreReviewDetails",
  "analyticsReportRequests",
  "analyticsReports",
  "analyticsReportInstances",
  "analyticsReportSegments",
  "customerReviews",
  "customerReviewResponses",
  "appPreviewSets",
  "appPreviews",
  "builds",
  "appStoreVersionPhasedReleases",
  "reviewSubmissions",
  "reviewSubmissionItems",
  "appStoreVersionReleaseRequests",
] as const;

export type TableName = (typeof TABLES)[number];
export type RecordOf<T extends TableName> = SandboxState[T][number];
