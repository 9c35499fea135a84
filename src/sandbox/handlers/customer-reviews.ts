/**
 * customerReviews and their responses. A review whose createdDate is still
 * ahead of the sandbox's clock has not arrived: it is in no list and no read.
 * A review has at most one response; POST creates it or overwrites it and
 * keeps its id (Apple's documented behaviour), back to PENDING_PUBLISH until
 * the processing delay has passed. `repliesForbidden` answers 403 to writes,
 * as for a key whose role may not reply.
 */
import { characterCount } from "../../model/fields.js";
import { REVIEW_RESPONSE_MAX as RESPONSE_MAX } from "../../model/review-replies.js";
import { entityProblems, errors } from "../errors.js";
import type { CustomerReviewRecord } from "../store/records.js";
import { applyFilters, mustFind, noContent, ok, list, pathId, relatedId, resourceBody, type Handler, type HandlerContext } from "./context.js";

const arrived = (context: HandlerContext, review: CustomerReviewRecord) => Date.parse(review.createdDate) <= context.now;

function visibleReview(context: HandlerContext, id: string): CustomerReviewRecord {
  const review = context.store.tables.customerReviews.get(id);
  if (!review || !arrived(context, review)) throw errors.notFound("customerReviews", id);
  return review;
}

const responseOf = (context: HandlerContext, reviewId: string) =>
  context.store.tables.customerReviewResponses.find((response) => response.reviewId === reviewId);

function sortReviews(reviews: CustomerReviewRecord[], sort: readonly string[] | undefined): CustomerReviewRecord[] {
  const keys = sort ?? ["-createdDate"];
  return [...reviews].sort((a, b) => {
    for (const key of keys) {
      const field = key.replace(/^-/, "");
      const order = (field === "rating" ? a.rating - b.rating : a.createdDate.localeCompare(b.createdDate)) * (key.startsWith("-") ? -1 : 1);
      if (order !== 0) return order;
    }
    // A stable order for paging: ties by id.
    return a.id.localeCompare(b.id);
  });
}

function assertMayReply(context: HandlerContext): void {
  if (context.settings.repliesForbidden) throw errors.forbidden();
}

export const customerReviewsHandlers = {
  apps_customerReviews_getToManyRelated: (context) => {
    const app = mustFind(context, "apps", pathId(context));
    const own = context.store.tables.customerReviews.where((review) => review.appId === app.id && arrived(context, review));
    let reviews = applyFilters(context, own, {
      territory: (review, values) => values.includes(review.territory),
      rating: (review, values) => values.includes(String(review.rating)),
      reviewTerritory: (review, values) => values.includes(review.territory),
    });
    // Only a PUBLISHED response counts as published (whether Apple counts a pending one is unconfirmed).
    const published = context.query.flag("exists[publishedResponse]");
    if (published !== undefined)
      reviews = reviews.filter((review) => {
        const response = responseOf(context, review.id);
        return (response !== undefined && context.now >= response.publishAt) === published;
      });
    return list(context, "customerReviews", sortReviews(reviews, context.query.list("sort")));
  },
  customerReviews_getInstance: (context) => ok(context, "customerReviews", visibleReview(context, pathId(context))),
  customerReviews_response_getToOneRelated: (context) => {
    const review = visibleReview(context, pathId(context));
    const response = responseOf(context, review.id);
    if (!response) throw errors.notFound("customerReviewResponses", `of customerReview ${review.id}`);
    return ok(context, "customerReviewResponses", response);
  },
  customerReviewResponses_createInstance: async (context) => {
    assertMayReply(context);
    const body = resourceBody(context);
    const reviewId = relatedId(body, "review")!;
    const review = context.store.tables.customerReviews.get(reviewId);
    if (!review || !arrived(context, review))
      throw errors.entity([entityProblems.relationshipInvalid("review", `'${reviewId}' is not a valid ID for this relationship.`)]);
    const responseBody = String(body.attributes.responseBody ?? "");
    if (responseBody.trim() === "") throw errors.entity([entityProblems.invalid("responseBody", "The response body cannot be empty.")]);
    if (characterCount(responseBody) > RESPONSE_MAX)
      throw errors.entity([entityProblems.tooLong("responseBody", `The response body cannot be longer than ${RESPONSE_MAX} characters.`)]);
    const now = new Date(context.now).toISOString();
    const publishAt = context.now + context.settings.processingMs;
    const existing = responseOf(context, review.id);
    const record = existing ?? { id: context.store.newId(), reviewId: review.id, responseBody, lastModifiedDate: now, publishAt };
    Object.assign(record, { responseBody, lastModifiedDate: now, publishAt });
    if (!existing) context.store.tables.customerReviewResponses.insert(record);
    await context.store.commit();
    return ok(context, "customerReviewResponses", record, 201);
  },
  customerReviewResponses_getInstance: (context) => ok(context, "customerReviewResponses", mustFind(context, "customerReviewResponses", pathId(context))),
  customerReviewResponses_deleteInstance: async (context) => {
    assertMayReply(context);
    const record = mustFind(context, "customerReviewResponses", pathId(context));
    context.store.tables.customerReviewResponses.delete(record.id);
    await context.store.commit();
    return noContent;
  },
} satisfies Record<string, Handler>;
