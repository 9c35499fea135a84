/**
 * New customer reviews: GET /v1/apps/{id}/customerReviews, newest first
 * (sort=-createdDate, limit=200), page by page, stopping at the newest review
 * already seen. Without a cursor (the first run) one page: the 200 newest.
 */
import type { AscClient } from "../asc/client.js";
import type { CustomerReviewQuote } from "../model/review-replies.js";
import type { ReviewsCursor } from "./state.js";

interface ReviewsPage {
  data: Array<{
    id: string;
    attributes?: {
      rating?: number | null;
      title?: string | null;
      body?: string | null;
      reviewerNickname?: string | null;
      createdDate?: string | null;
      territory?: string | null;
    };
  }>;
  links?: { next?: string };
}

export const PAGE_LIMIT = 200;

export interface FetchedReviews {
  reviews: CustomerReviewQuote[];
  requests: number;
}

export async function fetchNewReviews(
  client: Pick<AscClient, "get" | "getNext">,
  appId: string,
  cursor: ReviewsCursor,
  territories?: readonly string[],
): Promise<FetchedReviews> {
  const query = {
    sort: "-createdDate",
    limit: PAGE_LIMIT,
    "fields[customerReviews]": "rating,title,body,reviewerNickname,createdDate,territory",
    ...(territories?.length ? { "filter[territory]": territories } : {}),
  };
  const reviews: CustomerReviewQuote[] = [];
  let page = await client.get<ReviewsPage>(`/v1/apps/${encodeURIComponent(appId)}/customerReviews`, query);
  let requests = 1;
  for (;;) {
    for (const item of page.data) {
      const attributes = item.attributes ?? {};
      const date = attributes.createdDate ?? "";
      // Reached what an earlier run saw: the id itself, or anything older.
      if (cursor.newest && (item.id === cursor.newest.id || date < cursor.newest.date)) return { reviews, requests };
      reviews.push({
        id: item.id,
        territory: attributes.territory ?? "",
        rating: attributes.rating ?? 0,
        title: attributes.title ?? "",
        body: attributes.body ?? "",
        nickname: attributes.reviewerNickname ?? "",
        date,
      });
    }
    const next = page.links?.next;
    if (!cursor.newest || !next) return { reviews, requests };
    page = await client.getNext<ReviewsPage>(next);
    requests += 1;
  }
}
