/**
 * customerReviewResponses: replies to customer reviews as files
 * (reviews/replies/<territory>/<reviewId>.yml, DESIGN.md §17), drafted by
 * `asc-gitops reviews`, edited in a pull request and posted on merge. Read with
 * one GET of each file's review (include=response), written with one POST
 * (create or overwrite) or DELETE per reply.
 */
import type { Resource } from "../../contracts/resource.js";
import { applyReplies, removeReplies } from "./apply.js";
import type { ReviewReplyChange } from "./changes.js";
import { repliesDescribe } from "./describe.js";
import { repliesDesired, type DesiredReplies } from "./desired.js";
import { diffReplies } from "./diff.js";
import { readReplies, type LiveReplies } from "./live.js";
import { validateReviews } from "./validate.js";

export const reviewReplies: Resource<DesiredReplies, LiveReplies, ReviewReplyChange> = {
  name: "customerReviewResponses",
  kinds: { "review-reply": "update", "review-reply-delete": "delete" },
  validate: validateReviews,
  desired: repliesDesired,
  locales: () => [],
  read: {
    atOnce: (desired) => desired.reviewReplies?.length ?? 0,
    read: (client, { desired, options }) => readReplies(client, desired, options.concurrency),
  },
  diff: (desired, live) => diffReplies(desired, live),
  order: (change) => ("reviewId" in change ? [String(change.reviewId)] : [change.source?.file ?? ""]),
  apply: (changes, run) => applyReplies(changes, run),
  remove: (changes, run) => removeReplies(changes, run),
  describe: repliesDescribe,
};
