/**
 * ONE request per reply: POST /v1/customerReviewResponses (creates, or
 * overwrites the review's one response and keeps its id, so a re-run is
 * safe), or DELETE of the response. Apple publishes a response later: the
 * state it answers (PENDING_PUBLISH) is reported, not waited for.
 */
import type { ApplyRun } from "../../contracts/apply-run.js";
import type { ReviewReplyChange } from "./changes.js";

interface ResponseDocument {
  data: { id: string; attributes?: { state?: string | null } };
}

const named = (change: ReviewReplyChange) => `the ${change.rating}-star review "${change.title}" (${change.territory})`;

export async function applyReplies(changes: readonly ReviewReplyChange[], run: ApplyRun<object, object>): Promise<void> {
  await Promise.all(
    changes
      .filter((change) => change.kind === "review-reply")
      .map(async (change) => {
        try {
          const body = {
            data: {
              type: "customerReviewResponses",
              attributes: { responseBody: change.after },
              relationships: { review: { data: { type: "customerReviews", id: change.reviewId } } },
            },
          };
          const answer = await run.client.post<ResponseDocument>("/v1/customerReviewResponses", body);
          const state = answer?.data?.attributes?.state ?? "PENDING_PUBLISH";
          run.progress(`reply to ${named(change)}: posted (${state === "PUBLISHED" ? "published" : "PENDING_PUBLISH: Apple publishes it shortly"})`);
          run.record(change, "done");
        } catch (error) {
          run.fail(change, error, `posting the reply to ${named(change)}`);
        }
      }),
  );
}

export async function removeReplies(changes: readonly ReviewReplyChange[], run: ApplyRun<object, object>): Promise<void> {
  for (const change of changes) {
    if (change.kind !== "review-reply-delete" || !change.responseId) continue;
    try {
      await run.client.delete(`/v1/customerReviewResponses/${encodeURIComponent(change.responseId)}`);
      run.progress(`reply to ${named(change)}: deleted`);
      run.record(change, "done");
    } catch (error) {
      run.fail(change, error, `deleting the reply to ${named(change)}`);
    }
  }
}
