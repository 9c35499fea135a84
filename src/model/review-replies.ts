/**
 * Customer review facts shared by the reviews command, the replies resource
 * and the sandbox (capabilities §4), and the reply file's read-only quote.
 */
import { createHash } from "node:crypto";

/** The longest response, in characters. [unconfirmed: 5,970 comes from a third-party tool's schema, not from Apple] */
export const REVIEW_RESPONSE_MAX = 5970;

/** The placeholders a reply template may hold (reviews/config.yml). */
export const REPLY_PLACEHOLDERS = ["nickname", "appName", "supportUrl", "rating", "territory", "title"] as const;

/** A customer review as the tool shows, alerts and quotes it. */
export interface CustomerReviewQuote {
  id: string;
  territory: string;
  rating: number;
  title: string;
  body: string;
  nickname: string;
  /** createdDate, ISO 8601. */
  date: string;
}

/**
 * What keeps the quote read-only: a SHA-256 over its fields (never the reply),
 * so an edit of the quoted review in a pull request is a validation error.
 */
export function quoteDigest(quote: CustomerReviewQuote): string {
  const canonical = JSON.stringify([quote.id, quote.territory, quote.rating, quote.title, quote.body, quote.nickname, quote.date]);
  return `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
}

/** A rating as stars: ★★☆☆☆. */
export const stars = (rating: number) => "★".repeat(rating) + "☆".repeat(Math.max(0, 5 - rating));

/** A reply file's path inside the reviews folder. */
export const replyFilePath = (quote: Pick<CustomerReviewQuote, "territory" | "id">) => `replies/${quote.territory}/${quote.id}.yml`;
