import type { PlanChange } from "../../contracts/plan.js";

/**
 * A reply to post (create or overwrite: POST customerReviewResponses keeps the
 * response's id) or a response to delete (the file's `reply:` was removed).
 * App-level: no locale; the review is named by territory, rating and title.
 */
export interface ReviewReplyChange extends PlanChange {
  kind: "review-reply" | "review-reply-delete";
  resource: "customerReviewResponses";
  locale: "";
  reviewId: string;
  territory: string;
  rating: number;
  title: string;
  /** The live response (null: none). */
  before: string | null;
  /** The reply to post (null: delete). */
  after: string | null;
  /** The live response's id, for a delete. */
  responseId?: string;
  /** The reply's length in characters, and the limit it is held to. */
  length: number;
  limit: number;
}
