/**
 * The reviews run in Markdown: the job summary and the reviews pull request's
 * body. Each new review with its stars, territory, date, title, nickname and
 * text, and its draft file. The customer's words are inert (no mention, link,
 * markup or HTML works), as every text from outside is.
 */
import { plain } from "../../engine/render/markdown.js";
import { stars, type CustomerReviewQuote } from "../../model/review-replies.js";
import type { ReviewsResult } from "../../reviews/run.js";
import { plural } from "../../util/plural.js";
import { code } from "./parts.js";

/** At most this many reviews are quoted in one body; the rest are counted. */
const QUOTED_REVIEWS = 60;
/** A review's text is cut here in the body (the draft file holds all of it). */
const QUOTED_CHARACTERS = 1_000;

const cut = (text: string) => (text.length > QUOTED_CHARACTERS ? `${text.slice(0, QUOTED_CHARACTERS)}…` : text);

function reviewLines(review: CustomerReviewQuote, alerted: boolean, draft: string | undefined): string[] {
  const head =
    `- ${stars(review.rating)} **${plain(review.title || "(no title)")}** by ${plain(review.nickname || "(no nickname)")} · ` +
    `${review.territory} · ${review.date.slice(0, 10)}${alerted ? " · ⚠️ alert" : ""}`;
  const body = cut(review.body)
    .split(/\r\n|\r|\n/)
    .map((line) => `  > ${plain(line)}`);
  return [head, ...(review.body ? body : []), ...(draft ? [`  reply draft: ${code(draft)}`] : [])];
}

/** The section of one run: its new reviews, newest first. */
export function reviewsSection(result: ReviewsResult, draftPaths: ReadonlyMap<string, string>, heading: string): string {
  const alerted = new Set(result.alerts.map((alert) => alert.id));
  const lines = [`### ${plain(heading)}`, ""];
  if (!result.reviews.length) lines.push("No new customer reviews.");
  for (const review of result.reviews.slice(0, QUOTED_REVIEWS)) lines.push(...reviewLines(review, alerted.has(review.id), draftPaths.get(review.id)));
  if (result.reviews.length > QUOTED_REVIEWS) lines.push(`- … and ${plural(result.reviews.length - QUOTED_REVIEWS, "more review", "more reviews")}`);
  for (const reply of result.autoReplies)
    lines.push(
      reply.status === "posted"
        ? `- Replied automatically to ${code(reply.reviewId)} (${plain(reply.state ?? "")})`
        : `- ✗ The automatic reply to ${code(reply.reviewId)} failed: ${plain(reply.error ?? "")}`,
    );
  return lines.join("\n");
}

/** What the pull request says above the runs' sections. */
export function reviewsPullIntro(app: string, reviewsPath: string): string {
  return [
    `## Customer reviews of ${plain(app)}: reply drafts`,
    "",
    `Edit \`reply:\` in the files under ${code(`${reviewsPath}/replies/`)} and merge: the apply on the default branch posts each reply ` +
      "(an empty `reply:` is nothing to do). The quoted `review:` is read-only. " +
      `${code(`${reviewsPath}/state.yml`)} remembers the newest review seen and those alerted.`,
  ].join("\n");
}
