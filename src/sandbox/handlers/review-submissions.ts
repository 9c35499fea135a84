/**
 * reviewSubmissions, reviewSubmissionItems and appStoreVersionReleaseRequests:
 * submitting a version for review and releasing it, with App Store Connect's
 * refusals (capabilities.md §3): one open submission per app and platform
 * ("There is another reviewSubmissions with id … still in progress"), a
 * version already in another submission, items only while the submission is
 * open, cancelling only while waiting for review, a version App Review cannot
 * take (ENTITY_STATE_INVALID with associatedErrors), a release request only in
 * PENDING_DEVELOPER_RELEASE. rules/review.ts moves the states.
 */
import { versionStateAllows } from "../../model/version-states.js";
import { entityProblems, errors } from "../errors.js";
import { assertReviewable } from "../rules/readiness.js";
import { CANCEL_HOLD_ATTEMPTS, HOLDING_SUBMISSION_STATES, itemsOf, OPEN_SUBMISSION_STATES, release, setVersionState, stillHolds } from "../rules/review.js";
import type { ReviewSubmissionRecord } from "../store/records.js";
import { applyFilters, list, matchesAny, mustFind, ok, pathId, relatedId, resourceBody, type Handler, type HandlerContext } from "./context.js";

const stateError = (detail: string) => errors.state([{ detail }]);

/** Versions of a submission's items, for the states that follow the submission's. */
function itemVersions(context: HandlerContext, submission: ReviewSubmissionRecord) {
  return itemsOf(context.store, submission).map((item) => mustFind(context, "appStoreVersions", item.versionId));
}

function submit(context: HandlerContext, submission: ReviewSubmissionRecord): void {
  if (submission.state !== "READY_FOR_REVIEW" && submission.state !== "UNRESOLVED_ISSUES")
    throw stateError(`Resource state is invalid: the reviewSubmission '${submission.id}' is ${submission.state}.`);
  const items = itemsOf(context.store, submission).filter((item) => item.state !== "REMOVED");
  if (items.length === 0) throw stateError(`The reviewSubmission '${submission.id}' has no items to submit.`);
  const versions = itemVersions(context, submission);
  for (const version of versions) assertReviewable(context.store, version);
  submission.state = "WAITING_FOR_REVIEW";
  submission.submittedDate = new Date(context.now).toISOString();
  submission.submittedAt = context.now;
  for (const item of items) item.state = "READY_FOR_REVIEW";
  for (const version of versions) setVersionState(context.store, version, "WAITING_FOR_REVIEW");
}

function cancel(context: HandlerContext, submission: ReviewSubmissionRecord): void {
  if (submission.state !== "WAITING_FOR_REVIEW") throw stateError("Resource is not in cancellable state");
  submission.state = "CANCELING";
  submission.holdsFor = CANCEL_HOLD_ATTEMPTS;
  for (const version of itemVersions(context, submission)) setVersionState(context.store, version, "DEVELOPER_REJECTED");
}

export const reviewSubmissionsHandlers = {
  reviewSubmissions_getCollection: (context) => {
    const submissions = applyFilters(context, context.store.tables.reviewSubmissions.all(), {
      app: (submission, values) => matchesAny(submission.appId, values),
      platform: (submission, values) => matchesAny(submission.platform, values),
      state: (submission, values) => matchesAny(submission.state, values),
    });
    return list(context, "reviewSubmissions", submissions);
  },
  reviewSubmissions_createInstance: async (context) => {
    const body = resourceBody(context);
    const appId = relatedId(body, "app")!;
    const app = context.store.tables.apps.get(appId);
    if (!app) throw errors.entity([entityProblems.relationshipInvalid("app", `'${appId}' is not a valid ID for this relationship.`)]);
    const platform = typeof body.attributes.platform === "string" ? body.attributes.platform : "IOS";
    const open = context.store.tables.reviewSubmissions.find(
      (submission) => submission.appId === app.id && submission.platform === platform && OPEN_SUBMISSION_STATES.includes(submission.state),
    );
    if (open) throw stateError(`There is another reviewSubmissions with id ${open.id} still in progress`);
    const record: ReviewSubmissionRecord = { id: context.store.newId(), appId: app.id, platform, state: "READY_FOR_REVIEW" };
    context.store.tables.reviewSubmissions.insert(record);
    await context.store.commit();
    return ok(context, "reviewSubmissions", record, 201);
  },
  reviewSubmissions_updateInstance: async (context) => {
    const submission = mustFind(context, "reviewSubmissions", pathId(context));
    const { attributes } = resourceBody(context);
    if (attributes.canceled === true) cancel(context, submission);
    else if (attributes.submitted === true) submit(context, submission);
    await context.store.commit();
    return ok(context, "reviewSubmissions", submission);
  },
  reviewSubmissionItems_createInstance: async (context) => {
    const body = resourceBody(context);
    const submission = mustFind(context, "reviewSubmissions", relatedId(body, "reviewSubmission")!);
    const versionId = relatedId(body, "appStoreVersion");
    if (!versionId) throw errors.entity([entityProblems.relationshipRequired("appStoreVersion")]);
    const version = context.store.tables.appStoreVersions.get(versionId);
    if (!version || version.appId !== submission.appId || version.platform !== submission.platform)
      throw errors.entity([entityProblems.relationshipInvalid("appStoreVersion", `'${versionId}' is not a valid ID for this relationship.`)]);
    if (submission.state !== "READY_FOR_REVIEW" && submission.state !== "UNRESOLVED_ISSUES")
      throw stateError(`Items cannot be added to the reviewSubmission '${submission.id}' in state ${submission.state}.`);
    const holder = context.store.tables.reviewSubmissionItems
      .where((item) => item.versionId === version.id && item.state !== "REMOVED" && item.submissionId !== submission.id)
      .map((item) => mustFind(context, "reviewSubmissions", item.submissionId))
      .find((other) => HOLDING_SUBMISSION_STATES.includes(other.state) && (other.state !== "CANCELING" || stillHolds(context.store, other)));
    if (holder) {
      await context.store.commit();
      throw errors.entity([
        entityProblems.relationshipInvalid(
          "appStoreVersion",
          `appStoreVersions with id '${version.id}' was already added to another reviewSubmission with id ${holder.id}`,
        ),
      ]);
    }
    const existing = itemsOf(context.store, submission).find((item) => item.versionId === version.id && item.state !== "REMOVED");
    if (existing)
      throw errors.entity([
        entityProblems.relationshipInvalid("appStoreVersion", `appStoreVersions with id '${version.id}' is already in this reviewSubmission.`),
      ]);
    if (!versionStateAllows(version.appVersionState).versionText)
      throw stateError(`appStoreVersions with id '${version.id}' is in state ${version.appVersionState} and cannot be submitted.`);
    assertReviewable(context.store, version);
    const item = { id: context.store.newId(), submissionId: submission.id, versionId: version.id, state: "READY_FOR_REVIEW" as const };
    context.store.tables.reviewSubmissionItems.insert(item);
    setVersionState(context.store, version, "READY_FOR_REVIEW");
    await context.store.commit();
    return ok(context, "reviewSubmissionItems", item, 201);
  },
  appStoreVersionReleaseRequests_createInstance: async (context) => {
    const body = resourceBody(context);
    const version = context.store.tables.appStoreVersions.get(relatedId(body, "appStoreVersion")!);
    if (!version) throw errors.entity([entityProblems.relationshipInvalid("appStoreVersion", "The appStoreVersion is not a valid ID for this relationship.")]);
    if (version.appVersionState !== "PENDING_DEVELOPER_RELEASE")
      throw stateError(
        `appStoreVersions with id '${version.id}' is in state ${version.appVersionState}; only a version in PENDING_DEVELOPER_RELEASE can be released.`,
      );
    const record = { id: context.store.newId(), versionId: version.id };
    context.store.tables.appStoreVersionReleaseRequests.insert(record);
    release(context.store, version, context.now);
    await context.store.commit();
    return ok(context, "appStoreVersionReleaseRequests", record, 201);
  },
} satisfies Record<string, Handler>;
