/** Notification events for tests: a low-rating review whose every text tries to ping or format. */
import type { ReviewEvent } from "../../src/notify/events.js";

export const EVENT_APP = { id: "1234567890", bundleId: "com.acme.fitness", name: "Acme Fitness", platform: "IOS", version: "2.5.0" };

export const hostileReview = (overrides: Partial<ReviewEvent["review"]> = {}): ReviewEvent => ({
  type: "review.low_rating",
  app: EVENT_APP,
  threshold: 2,
  review: {
    id: "rev-1",
    rating: 1,
    territory: "USA",
    title: "Crashes <!channel>",
    body: "<!channel> *bold* <@U123> & <https://evil.example|click>",
    nickname: "sam_<!here>",
    date: "2026-12-01T08:00:00Z",
    appName: "Acme Fitness",
    ...overrides,
  },
});
