/**
 * App Review's state machine, as the sandbox runs it (capabilities.md §3b):
 *
 *   version PREPARE_FOR_SUBMISSION → READY_FOR_REVIEW (added to a submission)
 *     → WAITING_FOR_REVIEW (submitted) → IN_REVIEW (on the clock, REVIEW_START_MS later)
 *     → approved: PENDING_DEVELOPER_RELEASE (releaseType MANUAL, until a release request)
 *                 or PROCESSING_FOR_DISTRIBUTION → READY_FOR_DISTRIBUTION (DISTRIBUTION_MS later)
 *     → rejected: REJECTED (the submission UNRESOLVED_ISSUES)
 *
 * A decision is never taken on the clock: `asc-gitops sandbox review --approve|--reject`
 * or the handle's `review()` takes it. A cancelled submission keeps its version
 * for a while (Apple's read-after-write lag that makes re-adding fail): here, for the next
 * CANCEL_HOLD_ATTEMPTS attempts to add it elsewhere, counted rather than timed so no test races a clock.
 */
import { APP_INFO_STATES } from "../../model/version-states.js";
import type { AppStoreVersionRecord, ReviewSubmissionRecord } from "../store/records.js";
import type { Store } from "../store/store.js";

export const REVIEW_START_MS = 60_000;
export const CANCEL_HOLD_ATTEMPTS = 2;
export const DISTRIBUTION_MS = 1_000;

/** Submission states that hold the app's one submission per platform. */
export const OPEN_SUBMISSION_STATES: readonly ReviewSubmissionRecord["state"][] = ["READY_FOR_REVIEW", "WAITING_FOR_REVIEW", "IN_REVIEW", "UNRESOLVED_ISSUES"];
/** States in which a submission still holds its versions: a cancelled one keeps them for a while. */
export const HOLDING_SUBMISSION_STATES: readonly ReviewSubmissionRecord["state"][] = [...OPEN_SUBMISSION_STATES, "CANCELING"];

/** The deprecated appStoreState answered beside each appVersionState (kept consistent, as the seed does). */
const APP_STORE_STATE: Readonly<Record<string, string>> = {
  READY_FOR_DISTRIBUTION: "READY_FOR_SALE",
  PROCESSING_FOR_DISTRIBUTION: "PROCESSING_FOR_APP_STORE",
};

/** Sets a version's state, and its app info's where the app info has that state. */
export function setVersionState(store: Store, version: AppStoreVersionRecord, state: string): void {
  version.appVersionState = state;
  version.appStoreState = APP_STORE_STATE[state] ?? state;
  const info = preparedInfo(store, version.appId);
  if (info && Object.hasOwn(APP_INFO_STATES, state)) {
    info.state = state;
    info.appStoreState = APP_STORE_STATE[state] ?? state;
  }
}

/** The app info prepared with the next version: the one not on sale (nor replaced). */
function preparedInfo(store: Store, appId: string) {
  return store.tables.appInfos.find((info) => info.appId === appId && !["READY_FOR_DISTRIBUTION", "REPLACED_WITH_NEW_INFO"].includes(info.state));
}

export const itemsOf = (store: Store, submission: ReviewSubmissionRecord) =>
  store.tables.reviewSubmissionItems.where((item) => item.submissionId === submission.id);

function versionsOf(store: Store, submission: ReviewSubmissionRecord): AppStoreVersionRecord[] {
  return itemsOf(store, submission)
    .map((item) => store.tables.appStoreVersions.get(item.versionId))
    .filter((version): version is AppStoreVersionRecord => version !== undefined);
}

/** The version goes on sale: the one on sale before is replaced, and so is its app info. */
function distribute(store: Store, version: AppStoreVersionRecord): void {
  for (const other of store.tables.appStoreVersions.where(
    (candidate) => candidate.appId === version.appId && candidate.platform === version.platform && candidate.id !== version.id,
  ))
    if (other.appVersionState === "READY_FOR_DISTRIBUTION") setVersionStateOnly(other, "REPLACED_WITH_NEW_VERSION");
  // The app info on sale is replaced by the one prepared with the version; App Store Connect lists only current ones [unconfirmed].
  const { tables } = store;
  for (const info of tables.appInfos.where((candidate) => candidate.appId === version.appId && candidate.state === "READY_FOR_DISTRIBUTION")) {
    for (const localization of tables.appInfoLocalizations.where((item) => item.appInfoId === info.id)) tables.appInfoLocalizations.delete(localization.id);
    for (const declaration of tables.ageRatingDeclarations.where((item) => item.appInfoId === info.id)) tables.ageRatingDeclarations.delete(declaration.id);
    tables.appInfos.delete(info.id);
  }
  setVersionState(store, version, "READY_FOR_DISTRIBUTION");
  delete version.distributedAt;
}

function setVersionStateOnly(version: AppStoreVersionRecord, state: string): void {
  version.appVersionState = state;
  version.appStoreState = APP_STORE_STATE[state] ?? state;
}

/** A cancelled submission refuses one more attempt to add its version elsewhere (true), or lets go of it (false). */
export function stillHolds(store: Store, submission: ReviewSubmissionRecord): boolean {
  if ((submission.holdsFor ?? 0) > 0) {
    submission.holdsFor = (submission.holdsFor ?? 0) - 1;
    return true;
  }
  submission.state = "COMPLETE";
  for (const item of itemsOf(store, submission)) item.state = "REMOVED";
  delete submission.holdsFor;
  return false;
}

/** Moves what the clock moves; true when anything changed (the caller commits). */
export function settleReviews(store: Store, now: number): boolean {
  let changed = false;
  for (const submission of store.tables.reviewSubmissions.all()) {
    if (submission.state === "WAITING_FOR_REVIEW" && (submission.submittedAt ?? 0) + REVIEW_START_MS <= now) {
      submission.state = "IN_REVIEW";
      for (const version of versionsOf(store, submission)) setVersionState(store, version, "IN_REVIEW");
      changed = true;
    }
  }
  for (const version of store.tables.appStoreVersions.all())
    if (version.appVersionState === "PROCESSING_FOR_DISTRIBUTION" && (version.distributedAt ?? 0) <= now) {
      distribute(store, version);
      changed = true;
    }
  return changed;
}

/** Approved: per releaseType, waiting for the developer's release or on its way to the store. */
function approve(store: Store, version: AppStoreVersionRecord, now: number): void {
  if (version.releaseType === "MANUAL") setVersionState(store, version, "PENDING_DEVELOPER_RELEASE");
  else release(store, version, now);
}

/** A release request (or an approval that releases itself): processing, then on sale. */
export function release(store: Store, version: AppStoreVersionRecord, now: number): void {
  setVersionState(store, version, "PROCESSING_FOR_DISTRIBUTION");
  version.distributedAt = now + DISTRIBUTION_MS;
}

export type ReviewDecision = "approve" | "reject";

export interface ReviewMove {
  submissionId: string;
  versionString: string;
  from: string;
  to: string;
}

/** App Review decides every submission waiting for or in review (of one app, when given). */
export function decideReviews(store: Store, decision: ReviewDecision, now: number, appId?: string): ReviewMove[] {
  settleReviews(store, now);
  const moves: ReviewMove[] = [];
  for (const submission of store.tables.reviewSubmissions.where(
    (candidate) => (candidate.state === "WAITING_FOR_REVIEW" || candidate.state === "IN_REVIEW") && (!appId || candidate.appId === appId),
  )) {
    submission.state = decision === "approve" ? "COMPLETE" : "UNRESOLVED_ISSUES";
    for (const item of itemsOf(store, submission)) item.state = decision === "approve" ? "APPROVED" : "REJECTED";
    for (const version of versionsOf(store, submission)) {
      const from = version.appVersionState;
      if (decision === "approve") approve(store, version, now);
      else setVersionState(store, version, "REJECTED");
      moves.push({ submissionId: submission.id, versionString: version.versionString, from, to: version.appVersionState });
    }
  }
  return moves;
}
