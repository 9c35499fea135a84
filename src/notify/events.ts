/**
 * What asc-gitops tells a chat channel or a webhook (DESIGN.md §18): plain
 * data, one variant per event, made by the flows that saw it happen and shown
 * by the senders (slack.ts, standard-webhooks.ts). Every text field here may
 * come from the repository, from App Store Connect or from a customer: the
 * senders escape it.
 */

/** Which app the event is about (the plan's app, or what the reviews command read). */
export interface EventApp {
  /** Unknown (all empty) when a run stopped before it read the app. */
  id?: string;
  bundleId?: string;
  name?: string;
  platform?: string;
  /** The version string the run managed, where there was one. */
  version?: string;
}

/** One change, already described by its resource (renderers never switch on a resource's kinds). */
export interface EventChange {
  /** A locale code, or "app" for app-level changes. */
  where: string;
  what: string;
}

interface Common {
  app: EventApp;
  /** The run that saw it (an Actions run's URL), when there is one. */
  link?: string;
}

export interface DriftFoundEvent extends Common {
  type: "drift.found";
  /** Live edited by hand: what apply would restore (capped by the maker; `more` counts the rest). */
  drift: EventChange[];
  more: number;
  /** Pending rotations and blocked changes: differences that are not hand edits. */
  rotations: number;
  blocked: number;
}

export interface DriftResolvedEvent extends Common {
  type: "drift.resolved";
  /** Changes this run applied to resolve it (on-drift: apply), 0 when it went away otherwise. */
  corrected: number;
}

export interface ApplySucceededEvent extends Common {
  type: "apply.succeeded";
  headline: string;
  applied: number;
}

export interface ApplyFailedEvent extends Common {
  type: "apply.failed";
  headline: string;
  /** What failed and why, one line each (capped; `more` counts the rest). */
  failures: EventChange[];
  more: number;
}

/** A version's review state an apply moved (DESIGN.md §14): a submission sent, a version released. */
export interface SubmissionStateChangedEvent extends Common {
  type: "submission.state_changed";
  version: string;
  /** Apple's states (appStoreVersionState / reviewSubmission state); `from` is unknown on a first sighting. */
  from?: string;
  to: string;
}

/** A customer review at or below reviews/config.yml's alertAtOrBelow (DESIGN.md §17). */
export interface ReviewEvent extends Common {
  type: "review.low_rating";
  review: {
    id: string;
    rating: number;
    /** Apple's three-letter territory code (USA, GBR, …). */
    territory: string;
    title: string;
    body: string;
    nickname: string;
    /** ISO 8601, as App Store Connect gave it. */
    date: string;
    appName: string;
  };
  threshold: number;
}

export type NotificationEvent = DriftFoundEvent | DriftResolvedEvent | ApplySucceededEvent | ApplyFailedEvent | SubmissionStateChangedEvent | ReviewEvent;

export type NotificationType = NotificationEvent["type"];

export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  "drift.found",
  "drift.resolved",
  "apply.succeeded",
  "apply.failed",
  "submission.state_changed",
  "review.low_rating",
];

/** How an app is named in a message: its name, else its bundle id. */
export const appLabel = (app: EventApp): string => app.name || app.bundleId || app.id || "the app";
