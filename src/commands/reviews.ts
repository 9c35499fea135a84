/**
 * `asc-gitops reviews`: the customer reviews newer than reviews/state.yml,
 * printed (stars, territory, date, title, body), the alerts (reviews at or
 * below alertAtOrBelow, once each), the drafts written with --write-drafts and
 * the replies posted with --auto-reply; --json prints the result as one document.
 */
import { stars } from "../model/review-replies.js";
import type { NotifyConfig } from "../notify/config.js";
import { notifyFromCommand } from "../notify/printed.js";
import { reviewEvents } from "../notify/run-events.js";
import { printDiagnostics } from "../report/printed.js";
import { failureDocumentOf, jsonDocument } from "../report/json.js";
import { REVIEW_ALERT_EVENT } from "../reviews/alerts.js";
import { runReviews, type ReviewsOptions, type ReviewsResult } from "../reviews/run.js";
import { escapeControls } from "../util/control-characters.js";
import { plural } from "../util/plural.js";
import type { Output } from "../util/output.js";

export interface ReviewsCommandOptions extends ReviewsOptions {
  json: boolean;
  /** Where the alerts go (DESIGN.md §18): nothing set, nothing sent. */
  notify?: NotifyConfig;
}

export const REVIEWS_SCHEMA_VERSION = 1;

export function reviewsText(result: ReviewsResult): string[] {
  const alerted = new Set(result.alerts.map((alert) => alert.id));
  const app = escapeControls(result.app.name ?? result.app.bundleId ?? result.app.id);
  const lines = [
    result.reviews.length === 0
      ? `No new customer reviews of ${app}.`
      : `${plural(result.reviews.length, "new customer review", "new customer reviews")} of ${app}:`,
  ];
  for (const review of result.reviews) {
    const flag = alerted.has(review.id) ? "  ALERT" : "";
    lines.push(
      "",
      `  ${stars(review.rating)} ${review.territory} ${review.date.slice(0, 10)} "${escapeControls(review.title)}"` +
        ` by ${escapeControls(review.nickname)}${flag}`,
    );
    for (const line of review.body.split("\n")) lines.push(`      ${line}`);
  }
  if (result.alerts.length > 0)
    lines.push(
      "",
      `${plural(result.alerts.length, "alert", "alerts")} (${REVIEW_ALERT_EVENT}): at or below ${result.alertAtOrBelow} stars, ` +
        `each sent once (kept in ${result.cursor.file})`,
    );
  for (const reply of result.autoReplies)
    lines.push(
      reply.status === "posted"
        ? `Replied automatically to ${reply.reviewId} (${reply.state})`
        : `✗ automatic reply to ${reply.reviewId} failed: ${reply.error}`,
    );
  if (result.drafts.length > 0)
    lines.push("", `Wrote ${plural(result.drafts.length, "reply draft", "reply drafts")}:`, ...result.drafts.map((file) => `  ${file}`));
  return lines;
}

export const reviewsJson = (result: ReviewsResult) => ({ schemaVersion: REVIEWS_SCHEMA_VERSION, ...result });

export async function reviewsCommand(options: ReviewsCommandOptions, output: Output): Promise<number> {
  const run = await runReviews(options);
  if (run.validation) printDiagnostics(output, run.validation.diagnostics);
  if (!run.result) {
    for (const message of run.failure?.messages ?? []) output.stderr(`asc-gitops: ${message}`);
    if (options.json && run.failure) output.stdout(jsonDocument(failureDocumentOf("reviews", run.failure)));
    return 1;
  }
  const text = reviewsText(run.result).join("\n");
  if (options.json) {
    output.stderr(text);
    output.stdout(jsonDocument(reviewsJson(run.result)));
  } else output.stdout(text);
  await notifyFromCommand(reviewEvents(run.result), options.notify, output);
  return run.result.autoReplies.some((reply) => reply.status === "failed") ? 1 : 0;
}
