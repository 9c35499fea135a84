/**
 * A reply that differs from the live response is a change (POST overwrites
 * it, keeping its id); a file without `reply:` deletes the live response; an
 * empty reply is nothing to do. A review that is gone blocks its reply.
 */
import type { BlockedChange } from "../../contracts/plan.js";
import type { DiffResult } from "../../contracts/resource.js";
import { characterCount } from "../../model/fields.js";
import { REVIEW_RESPONSE_MAX } from "../../model/review-replies.js";
import type { ReviewReplyChange } from "./changes.js";
import type { DesiredReplies } from "./desired.js";
import type { LiveReplies } from "./live.js";

export const RESOURCE = "customerReviewResponses";

export function diffReplies(desired: DesiredReplies, live: LiveReplies): DiffResult<ReviewReplyChange> {
  const changes: ReviewReplyChange[] = [];
  const blocked: BlockedChange[] = [];
  for (const reply of desired.reviewReplies ?? []) {
    if (reply.reply === "") continue;
    const responses = live.reviewResponses ?? {};
    if (!(reply.reviewId in responses)) {
      if (reply.reply !== null)
        blocked.push({
          kind: "review-reply",
          resource: RESOURCE,
          locale: "",
          reason: `review ${reply.reviewId} is no longer in App Store Connect (its writer may have deleted it): delete ${reply.source.file}`,
          source: reply.source,
        });
      continue;
    }
    const current = responses[reply.reviewId] ?? null;
    const common = { resource: RESOURCE, locale: "", reviewId: reply.reviewId, territory: reply.territory, rating: reply.rating, title: reply.title } as const;
    if (reply.reply === null) {
      if (current)
        changes.push({
          kind: "review-reply-delete",
          ...common,
          before: current.body,
          after: null,
          responseId: current.id,
          length: 0,
          limit: REVIEW_RESPONSE_MAX,
          source: reply.source,
        });
      continue;
    }
    if (current?.body === reply.reply) continue;
    changes.push({
      kind: "review-reply",
      ...common,
      before: current?.body ?? null,
      after: reply.reply,
      length: characterCount(reply.reply),
      limit: REVIEW_RESPONSE_MAX,
      source: reply.source,
    });
  }
  return { changes, blocked };
}
