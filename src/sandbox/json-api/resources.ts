/**
 * How each resource type is answered: its attributes and its relationships,
 * which the document builder turns into JSON:API resource objects with
 * `links`, `include` and `fields[…]`. The shapes follow the spec's schemas
 * (App, AppStoreVersion, AppInfo, …): to-one relationships carry `data`, to-many
 * ones carry `links` and, when included, `data` and `meta.paging`.
 */
import { createHash } from "node:crypto";
import { AGE_RATING_ATTRIBUTE_NAMES } from "../../model/age-rating.js";
import { segmentBytes } from "../analytics/materialize.js";
import { CATEGORY_RELATIONSHIPS, categoryPlatforms, isCategoryId, isSubcategoryId, parentOf, SUBCATEGORY_IDS } from "../../model/categories.js";
import { screenshotAttributes, settle } from "../uploads/processing.js";
import { previewAttributes, settlePreview } from "../uploads/video-processing.js";
import { answeredAppStoreState, shapeAttributes, type AnswerShape } from "./answer-shape.js";
import type { Store } from "../store/store.js";
import type { AppInfoRecord, RecordOf, TableName } from "../store/records.js";

/** appCategories is Apple's static catalogue (model/categories.ts), not a table. */
export type ResourceType = TableName | "appCategories";

export interface RenderContext {
  origin: string;
  store: Store;
  now: number;
  /** Where answers depart from the spec as Apple's do (nulls, includes not honoured…). */
  answers: AnswerShape;
}

interface RelationshipDefinition {
  kind: "one" | "many";
  type: ResourceType;
  ids(record: never, context: RenderContext): string[];
}

export interface ResourceDefinition {
  type: ResourceType;
  find(context: RenderContext, id: string): { id: string } | undefined;
  attributes(record: never, context: RenderContext): Record<string, unknown>;
  relationships: Record<string, RelationshipDefinition>;
}

function define<T extends TableName>(definition: {
  type: T;
  attributes(record: RecordOf<T>, context: RenderContext): Record<string, unknown>;
  relationships: Record<string, { kind: "one" | "many"; type: ResourceType; ids(record: RecordOf<T>, context: RenderContext): string[] }>;
}): ResourceDefinition {
  return {
    type: definition.type,
    find: (context, id) => context.store.tables[definition.type].get(id) as { id: string } | undefined,
    // Unset attributes are null, as in Apple's answers, or left out (the spec's types are not nullable): see answer-shape.ts.
    attributes: ((record: RecordOf<T>, context: RenderContext) =>
      shapeAttributes(definition.attributes(record, context), context.answers)) as ResourceDefinition["attributes"],
    relationships: definition.relationships as ResourceDefinition["relationships"],
  };
}

const one = (id: string | undefined): string[] => (id ? [id] : []);

/** Every attribute a screenshot answers, unset until processing or the state gives it one. */
const SCREENSHOT_ATTRIBUTES: Record<string, unknown> = {
  fileSize: undefined,
  fileName: undefined,
  sourceFileChecksum: undefined,
  imageAsset: undefined,
  assetToken: undefined,
  assetType: undefined,
  uploadOperations: undefined,
  assetDeliveryState: undefined,
};

/** Every attribute an app preview answers, unset until processing or the state gives it one. */
const PREVIEW_ATTRIBUTES: Record<string, unknown> = {
  fileSize: undefined,
  fileName: undefined,
  sourceFileChecksum: undefined,
  previewFrameTimeCode: undefined,
  mimeType: undefined,
  videoUrl: undefined,
  previewFrameImage: undefined,
  uploadOperations: undefined,
  assetDeliveryState: undefined,
  videoDeliveryState: undefined,
};

/** A category of the static catalogue, answered as appCategories are: its platforms, its parent or subcategories. */
const appCategories: ResourceDefinition = {
  type: "appCategories",
  find: (_context, id) => (isCategoryId(id) || isSubcategoryId(id) ? { id } : undefined),
  attributes: (record: { id: string }) => ({ platforms: categoryPlatforms(record.id) }),
  relationships: {
    parent: { kind: "one", type: "appCategories", ids: (record: { id: string }) => one(parentOf(record.id)) },
    subcategories: {
      kind: "many",
      type: "appCategories",
      ids: (record: { id: string }) => [...((SUBCATEGORY_IDS as Record<string, readonly string[]>)[record.id] ?? [])],
    },
  } as unknown as ResourceDefinition["relationships"],
};

export const RESOURCES: Record<ResourceType, ResourceDefinition> = {
  appCategories,
  apps: define({
    type: "apps",
    attributes: (app) => ({
      name: app.name,
      bundleId: app.bundleId,
      sku: app.sku,
      primaryLocale: app.primaryLocale,
      contentRightsDeclaration: app.contentRightsDeclaration,
    }),
    relationships: {
      appStoreVersions: {
        kind: "many",
        type: "appStoreVersions",
        ids: (app, { store }) => store.tables.appStoreVersions.where((version) => version.appId === app.id).map((version) => version.id),
      },
      appInfos: {
        kind: "many",
        type: "appInfos",
        ids: (app, { store }) => store.tables.appInfos.where((info) => info.appId === app.id).map((info) => info.id),
      },
    },
  }),
  appStoreVersions: define({
    type: "appStoreVersions",
    attributes: (version, { answers }) => ({
      platform: version.platform,
      versionString: version.versionString,
      appStoreState: answeredAppStoreState(version, answers),
      appVersionState: version.appVersionState,
      copyright: version.copyright,
      reviewType: version.reviewType,
      releaseType: version.releaseType,
      earliestReleaseDate: version.earliestReleaseDate,
      downloadable: version.downloadable,
      createdDate: version.createdDate,
    }),
    relationships: {
      app: { kind: "one", type: "apps", ids: (version) => one(version.appId) },
      build: { kind: "one", type: "builds", ids: (version) => one(version.buildId) },
      appStoreVersionPhasedRelease: {
        kind: "one",
        type: "appStoreVersionPhasedReleases",
        ids: (version, { store }) => one(store.tables.appStoreVersionPhasedReleases.find((release) => release.versionId === version.id)?.id),
      },
      appStoreReviewDetail: {
        kind: "one",
        type: "appStoreReviewDetails",
        ids: (version, { store }) => one(store.tables.appStoreReviewDetails.find((detail) => detail.versionId === version.id)?.id),
      },
      appStoreVersionLocalizations: {
        kind: "many",
        type: "appStoreVersionLocalizations",
        ids: (version, { store }) =>
          store.tables.appStoreVersionLocalizations.where((localization) => localization.versionId === version.id).map((localization) => localization.id),
      },
    },
  }),
  appStoreVersionPhasedReleases: define({
    type: "appStoreVersionPhasedReleases",
    attributes: (release) => ({
      phasedReleaseState: release.state,
      startDate: release.startDate,
      totalPauseDuration: release.totalPauseDuration,
      currentDayNumber: release.currentDayNumber,
    }),
    relationships: {},
  }),
  builds: define({
    type: "builds",
    attributes: (build) => ({
      version: build.version,
      uploadedDate: build.uploadedDate,
      expirationDate: build.expirationDate,
      expired: build.expired,
      processingState: build.processingState,
      usesNonExemptEncryption: build.usesNonExemptEncryption,
    }),
    relationships: {
      app: { kind: "one", type: "apps", ids: (build) => one(build.appId) },
    },
  }),
  appStoreReviewDetails: define({
    type: "appStoreReviewDetails",
    attributes: (detail) => ({
      contactFirstName: detail.contactFirstName,
      contactLastName: detail.contactLastName,
      contactPhone: detail.contactPhone,
      contactEmail: detail.contactEmail,
      demoAccountName: detail.demoAccountName,
      demoAccountPassword: detail.demoAccountPassword,
      demoAccountRequired: detail.demoAccountRequired,
      notes: detail.notes,
    }),
    relationships: {
      appStoreVersion: { kind: "one", type: "appStoreVersions", ids: (detail) => one(detail.versionId) },
    },
  }),
  customerReviews: define({
    type: "customerReviews",
    attributes: (review) => ({
      rating: review.rating,
      title: review.title,
      body: review.body,
      reviewerNickname: review.reviewerNickname,
      createdDate: review.createdDate,
      territory: review.territory,
    }),
    relationships: {
      response: {
        kind: "one",
        type: "customerReviewResponses",
        ids: (review, { store }) => one(store.tables.customerReviewResponses.find((response) => response.reviewId === review.id)?.id),
      },
    },
  }),
  customerReviewResponses: define({
    type: "customerReviewResponses",
    attributes: (response, { now }) => ({
      responseBody: response.responseBody,
      lastModifiedDate: response.lastModifiedDate,
      state: now >= response.publishAt ? "PUBLISHED" : "PENDING_PUBLISH",
    }),
    relationships: {
      review: { kind: "one", type: "customerReviews", ids: (response) => one(response.reviewId) },
    },
  }),
  reviewSubmissions: define({
    type: "reviewSubmissions",
    attributes: (submission) => ({ platform: submission.platform, submittedDate: submission.submittedDate, state: submission.state }),
    relationships: {
      app: { kind: "one", type: "apps", ids: (submission) => one(submission.appId) },
      items: {
        kind: "many",
        type: "reviewSubmissionItems",
        ids: (submission, { store }) => store.tables.reviewSubmissionItems.where((item) => item.submissionId === submission.id).map((item) => item.id),
      },
      appStoreVersionForReview: {
        kind: "one",
        type: "appStoreVersions",
        ids: (submission, { store }) => one(store.tables.reviewSubmissionItems.find((item) => item.submissionId === submission.id)?.versionId),
      },
    },
  }),
  reviewSubmissionItems: define({
    type: "reviewSubmissionItems",
    attributes: (item) => ({ state: item.state }),
    relationships: {
      appStoreVersion: { kind: "one", type: "appStoreVersions", ids: (item) => one(item.versionId) },
    },
  }),
  appStoreVersionReleaseRequests: define({ type: "appStoreVersionReleaseRequests", attributes: () => ({}), relationships: {} }),
  appInfos: define({
    type: "appInfos",
    attributes: (info) => ({ appStoreState: info.appStoreState, state: info.state }),
    relationships: {
      app: { kind: "one", type: "apps", ids: (info) => one(info.appId) },
      appInfoLocalizations: {
        kind: "many",
        type: "appInfoLocalizations",
        ids: (info, { store }) =>
          store.tables.appInfoLocalizations.where((localization) => localization.appInfoId === info.id).map((localization) => localization.id),
      },
      ageRatingDeclaration: {
        kind: "one",
        type: "ageRatingDeclarations",
        ids: (info, { store }) => one(store.tables.ageRatingDeclarations.find((declaration) => declaration.appInfoId === info.id)?.id),
      },
      ...Object.fromEntries(
        CATEGORY_RELATIONSHIPS.map((name) => [
          name,
          { kind: "one" as const, type: "appCategories" as const, ids: (info: AppInfoRecord) => one(info.categories?.[name]) },
        ]),
      ),
    },
  }),
  ageRatingDeclarations: define({
    type: "ageRatingDeclarations",
    // Every attribute of the spec, unanswered ones unset (null in Apple's answers).
    attributes: (declaration) => Object.fromEntries(AGE_RATING_ATTRIBUTE_NAMES.map((name) => [name, declaration.answers[name]])),
    relationships: {},
  }),
  appInfoLocalizations: define({
    type: "appInfoLocalizations",
    attributes: (localization) => ({
      locale: localization.locale,
      name: localization.name,
      subtitle: localization.subtitle,
      privacyPolicyUrl: localization.privacyPolicyUrl,
      privacyChoicesUrl: localization.privacyChoicesUrl,
      privacyPolicyText: localization.privacyPolicyText,
    }),
    relationships: {
      appInfo: { kind: "one", type: "appInfos", ids: (localization) => one(localization.appInfoId) },
    },
  }),
  appStoreVersionLocalizations: define({
    type: "appStoreVersionLocalizations",
    attributes: (localization) => ({
      description: localization.description,
      locale: localization.locale,
      keywords: localization.keywords,
      marketingUrl: localization.marketingUrl,
      promotionalText: localization.promotionalText,
      supportUrl: localization.supportUrl,
      whatsNew: localization.whatsNew,
    }),
    relationships: {
      appStoreVersion: { kind: "one", type: "appStoreVersions", ids: (localization) => one(localization.versionId) },
      appScreenshotSets: {
        kind: "many",
        type: "appScreenshotSets",
        ids: (localization, { store }) => store.tables.appScreenshotSets.where((set) => set.localizationId === localization.id).map((set) => set.id),
      },
      appPreviewSets: {
        kind: "many",
        type: "appPreviewSets",
        ids: (localization, { store }) => store.tables.appPreviewSets.where((set) => set.localizationId === localization.id).map((set) => set.id),
      },
    },
  }),
  appScreenshotSets: define({
    type: "appScreenshotSets",
    attributes: (set) => ({ screenshotDisplayType: set.screenshotDisplayType }),
    relationships: {
      appStoreVersionLocalization: { kind: "one", type: "appStoreVersionLocalizations", ids: (set) => one(set.localizationId) },
      appScreenshots: { kind: "many", type: "appScreenshots", ids: (set) => [...set.screenshotIds] },
    },
  }),
  appScreenshots: define({
    type: "appScreenshots",
    attributes: (screenshot, { origin, now, answers }) => {
      settle(screenshot, now);
      const attributes = { ...SCREENSHOT_ATTRIBUTES, ...screenshotAttributes(screenshot, origin) };
      if (answers.deliveryState === "null") attributes.assetDeliveryState = null;
      return attributes;
    },
    relationships: {
      appScreenshotSet: { kind: "one", type: "appScreenshotSets", ids: (screenshot) => one(screenshot.setId) },
    },
  }),
  analyticsReportRequests: define({
    type: "analyticsReportRequests",
    attributes: (request) => ({ accessType: request.accessType, stoppedDueToInactivity: request.stoppedDueToInactivity }),
    relationships: {
      reports: {
        kind: "many",
        type: "analyticsReports",
        ids: (request, { store }) => store.tables.analyticsReports.where((report) => report.requestId === request.id).map((report) => report.id),
      },
    },
  }),
  analyticsReports: define({
    type: "analyticsReports",
    attributes: (report) => ({ name: report.name, category: report.category }),
    relationships: {
      instances: {
        kind: "many",
        type: "analyticsReportInstances",
        ids: (report, { store }) => store.tables.analyticsReportInstances.where((instance) => instance.reportId === report.id).map((instance) => instance.id),
      },
    },
  }),
  analyticsReportInstances: define({
    type: "analyticsReportInstances",
    attributes: (instance) => ({ granularity: instance.granularity, processingDate: instance.processingDate }),
    relationships: {
      segments: {
        kind: "many",
        type: "analyticsReportSegments",
        ids: (instance, { store }) => store.tables.analyticsReportSegments.where((segment) => segment.instanceId === instance.id).map((segment) => segment.id),
      },
    },
  }),
  analyticsReportSegments: define({
    type: "analyticsReportSegments",
    // The download is on the sandbox's own host, with a secret in the path and no bearer token, as Apple's presigned URLs.
    attributes: (segment, { origin, store }) => {
      const bytes = segmentBytes(store, segment.id) ?? Buffer.alloc(0);
      return {
        checksum: createHash("md5").update(bytes).digest("hex"),
        sizeInBytes: bytes.length,
        url: `${origin}/analytics/${segment.id}/${segment.key}/data.tsv.gz`,
      };
    },
    relationships: {},
  }),
  appPreviewSets: define({
    type: "appPreviewSets",
    attributes: (set) => ({ previewType: set.previewType }),
    relationships: {
      appStoreVersionLocalization: { kind: "one", type: "appStoreVersionLocalizations", ids: (set) => one(set.localizationId) },
      appPreviews: { kind: "many", type: "appPreviews", ids: (set) => [...set.previewIds] },
    },
  }),
  appPreviews: define({
    type: "appPreviews",
    attributes: (preview, { origin, now }) => {
      settlePreview(preview, now);
      return { ...PREVIEW_ATTRIBUTES, ...previewAttributes(preview, origin, now) };
    },
    relationships: {
      appPreviewSet: { kind: "one", type: "appPreviewSets", ids: (preview) => one(preview.setId) },
    },
  }),
};
