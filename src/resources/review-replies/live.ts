/**
 * The live responses of the reviews that have reply files: one
 * GET /v1/customerReviews/{id}?include=response per file, all at once (R = F
 * requests, depth 1). The app's review list would take ceil(reviews / 200)
 * pages whatever the files, and an app can hold tens of thousands of reviews;
 * a pull request of drafts holds a handful of files.
 */
import { AscApiError } from "../../asc/errors.js";
import type { ReadClient } from "../../contracts/resource.js";
import { mapWithConcurrency } from "../../util/concurrency.js";
import type { DesiredReplies } from "./desired.js";

export interface LiveResponse {
  id: string;
  body: string;
  state: string;
}

/** Review id -> its live response (null: none; absent from the map: the review is gone). */
export interface LiveReplies {
  reviewResponses?: Record<string, LiveResponse | null>;
}

interface ReviewDocument {
  data: { id: string; relationships?: { response?: { data?: { id: string } | null } } };
  included?: Array<{ type: string; id: string; attributes?: { responseBody?: string | null; state?: string | null } }>;
}

export async function readReplies(client: ReadClient, desired: DesiredReplies, concurrency = 8): Promise<LiveReplies> {
  const replies = desired.reviewReplies;
  if (!replies) return {};
  const found: Record<string, LiveResponse | null> = {};
  await mapWithConcurrency(replies, concurrency, async ({ reviewId }) => {
    let document: ReviewDocument;
    try {
      document = await client.get<ReviewDocument>(`/v1/customerReviews/${encodeURIComponent(reviewId)}`, { include: "response" });
    } catch (error) {
      // A review its writer deleted is gone: the diff blocks its reply with why.
      if (error instanceof AscApiError && error.status === 404) return;
      throw error;
    }
    const linked = document.data.relationships?.response?.data;
    let response = linked ? document.included?.find((item) => item.type === "customerReviewResponses" && item.id === linked.id) : undefined;
    // An include App Store Connect did not honour costs one read of the response.
    if (linked && !response)
      response = (await client.get<{ data: NonNullable<ReviewDocument["included"]>[number] }>(`/v1/customerReviews/${encodeURIComponent(reviewId)}/response`))
        .data;
    found[reviewId] = response
      ? { id: response.id, body: response.attributes?.responseBody ?? "", state: response.attributes?.state ?? "PENDING_PUBLISH" }
      : null;
  });
  return { reviewResponses: found };
}
