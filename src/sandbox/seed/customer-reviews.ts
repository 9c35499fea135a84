/**
 * The demo app's customer reviews: several territories and languages, a few
 * low ratings, one already answered (PUBLISHED), and reviews that arrive
 * later on the sandbox's clock (createdDate ahead of the seed time), so a
 * scheduled `asc-gitops reviews` finds something new on a later run.
 */
import type { Store } from "../store/store.js";

interface SeedReview {
  /** Hours from the seed time: negative = already written, positive = still to arrive. */
  hours: number;
  rating: number;
  territory: string;
  reviewerNickname: string;
  title: string;
  body: string;
  /** An answer already published. */
  response?: string;
}

export const DEMO_REVIEWS: readonly SeedReview[] = [
  {
    hours: -24 * 20,
    rating: 5,
    territory: "USA",
    reviewerNickname: "runner_jo",
    title: "Finally sticks",
    body: "Three months in, still working out.",
    response: "Thank you, Jo! Keep it up.",
  },
  { hours: -24 * 9, rating: 4, territory: "GBR", reviewerNickname: "Pip", title: "Lovely app", body: "Would love a rest-day widget." },
  {
    hours: -24 * 6,
    rating: 2,
    territory: "DEU",
    reviewerNickname: "Lena K.",
    title: "Synchronisierung hakt",
    body: "Meine Workouts verschwinden nach dem Update.",
  },
  { hours: -24 * 4, rating: 5, territory: "JPN", reviewerNickname: "たかし", title: "最高", body: "毎日使っています。" },
  { hours: -24 * 2, rating: 3, territory: "FRA", reviewerNickname: "Camille", title: "Bien mais", body: "Les rappels arrivent en retard." },
  {
    hours: -5,
    rating: 1,
    territory: "USA",
    reviewerNickname: "<!channel> sam",
    title: "Crashes on launch",
    body: "Since 2.3.1 it *crashes* every time. <!channel> fix it",
  },
  { hours: 24, rating: 1, territory: "CAN", reviewerNickname: "mapleleaf", title: "Lost my streak", body: "The app reset my 200-day streak." },
  { hours: 24 * 3, rating: 5, territory: "AUS", reviewerNickname: "bondi", title: "Great", body: "Does what it says." },
];

export function seedCustomerReviews(store: Store, appId: string, now: Date): void {
  for (const seed of DEMO_REVIEWS) {
    const createdDate = new Date(now.getTime() + seed.hours * 3_600_000).toISOString();
    const { title, body, rating, territory, reviewerNickname } = seed;
    const review = store.tables.customerReviews.insert({ id: store.newId(), appId, rating, title, body, reviewerNickname, createdDate, territory });
    if (seed.response)
      store.tables.customerReviewResponses.insert({
        id: store.newId(),
        reviewId: review.id,
        responseBody: seed.response,
        lastModifiedDate: createdDate,
        publishAt: 0,
      });
  }
}
