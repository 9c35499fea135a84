/**
 * The review alert (DESIGN.md §18's "a low-rating review"): one per new review
 * at or below `alertAtOrBelow`, never twice for one review (the cursor keeps
 * which were sent). Data only: the notification senders (src/notify/) take it.
 */
import type { CustomerReviewQuote } from "../model/review-replies.js";

/** The event's type name, as the webhook body's `type` says it. */
export const REVIEW_ALERT_EVENT = "review.low_rating";

export interface ReviewAlert {
  id: string;
  rating: number;
  /** ISO 3166 alpha-3, as App Store Connect names it. */
  territory: string;
  /** The reviewer's text: untrusted, escape it for every output. */
  title: string;
  body: string;
  nickname: string;
  /** createdDate, ISO 8601. */
  date: string;
}

export function alertOf(review: CustomerReviewQuote): ReviewAlert {
  const { id, rating, territory, title, body, nickname, date } = review;
  return { id, rating, territory, title, body, nickname, date };
}
