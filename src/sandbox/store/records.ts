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
  reviewType: string;
  downloadable: boolean;
  createdDate: string;
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
] as const;

export type TableName = (typeof TABLES)[number];
export type RecordOf<T extends TableName> = SandboxState[T][number];
