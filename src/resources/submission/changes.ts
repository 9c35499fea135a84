import type { ChangeSource } from "../../contracts/plan.js";

/** The group its changes stand in (app-level, beside the locales). */
export const SUBMISSION_GROUP = "app";

/** Sends the managed version to App Review: reviewSubmissions + reviewSubmissionItems + `submitted: true`. */
export interface SubmitChange {
  kind: "submit";
  resource: "submission";
  locale: string;
  versionId: string;
  versionString: string;
  /** The version's state now: PREPARE_FOR_SUBMISSION, or a rejection (REJECTED, METADATA_REJECTED, …) it is sent again after. */
  before: string;
  after: "WAITING_FOR_REVIEW";
  /** An open submission of this app and platform to use (empty, or holding this version already), instead of a new one. */
  reuse?: { id: string; state: string; holdsVersion: boolean };
  source?: ChangeSource;
}

/** Releases a version App Review approved and that waits for its developer (appStoreVersionReleaseRequests). */
export interface ReleaseChange {
  kind: "release";
  resource: "submission";
  locale: string;
  versionId: string;
  versionString: string;
  before: string;
  after: "READY_FOR_DISTRIBUTION";
  source?: ChangeSource;
}

export type SubmissionChange = SubmitChange | ReleaseChange;
