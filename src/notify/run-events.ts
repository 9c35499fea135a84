/**
 * The events a run's result gives (data in, data out): apply succeeded or
 * failed, drift found or resolved. Each change is described by its resource
 * (describeChange), so no sender knows a resource's kinds. Long lists are
 * capped here; the event says how many more there were.
 */
import { formatDiagnostic } from "../contracts/diagnostics.js";
import type { ApplyReport } from "../engine/apply/report.js";
import type { DriftReport } from "../engine/drift.js";
import type { PlanApp } from "../engine/plan/plan.js";
import { describeChange, localeHeading } from "../engine/render/describe.js";
import { ownerOf } from "../engine/owners.js";
import { RESOURCES } from "../resources/index.js";
import type { AnyResource } from "../contracts/resource.js";
import type { ApplyResult } from "../pipeline/apply.js";
import type { FailureStage } from "../pipeline/failure.js";
import { applyHeadline } from "../report/text.js";
import type { ReviewAlert } from "../reviews/alerts.js";
import type {
  ApplyFailedEvent,
  ApplySucceededEvent,
  DriftFoundEvent,
  DriftResolvedEvent,
  SubmissionStateChangedEvent,
  EventApp,
  EventChange,
  NotificationEvent,
  ReviewEvent,
} from "./events.js";

/** At most this many changes are listed in one event. */
export const LISTED_CHANGES = 40;

export function eventApp(app: PlanApp | undefined): EventApp {
  if (!app) return {};
  return {
    id: app.id,
    bundleId: app.bundleId,
    ...(app.name ? { name: app.name } : {}),
    platform: app.platform,
    ...(app.version ? { version: app.version.versionString } : {}),
  };
}

const withLink = (link: string | undefined) => (link ? { link } : {});

function capped(changes: EventChange[]): { list: EventChange[]; more: number } {
  return { list: changes.slice(0, LISTED_CHANGES), more: Math.max(0, changes.length - LISTED_CHANGES) };
}

/** What failed in an apply report: failed and skipped steps with Apple's reason, then what did not converge. */
function reportFailures(report: ApplyReport): EventChange[] {
  const lines: EventChange[] = report.steps
    .filter((step) => step.status !== "done")
    .map((step) => ({
      where: localeHeading(step.locale),
      what: `${step.status}: ${describeChange(step, report.app)}${step.error?.message ? `: ${step.error.message}` : ""}`,
    }));
  for (const change of report.verification?.remaining ?? [])
    lines.push({ where: localeHeading(change.locale), what: `still differs: ${describeChange(change, report.app)}` });
  return lines;
}

/** Why an apply that stopped changed nothing, by where it stopped. */
const STOPPED: Partial<Record<FailureStage, string>> = {
  validate: "the repository's files did not validate",
  connect: "App Store Connect could not be reached with the key",
  read: "App Store Connect could not be read",
  plan: "the plan could not be made",
  "plan-file": "the saved plan no longer matches App Store Connect",
};

/**
 * An apply's event: succeeded when it changed something and verified it
 * (an apply with nothing to do is no news), failed when it stopped or did
 * not converge.
 */
export function applyEvents(result: ApplyResult, link?: string): NotificationEvent[] {
  const { report } = result;
  if (!report) {
    const failure = result.failure;
    const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
    // The files' errors say where (file:line:column); other stops say why in their messages.
    const lines = errors.length
      ? errors.map((diagnostic) => ({ where: "validation", what: formatDiagnostic(diagnostic) }))
      : (failure?.messages ?? []).map((message) => ({ where: "apply", what: message }));
    const { list, more } = capped(lines);
    const why = (failure && STOPPED[failure.stage]) ?? "the apply could not run";
    const event: ApplyFailedEvent = {
      type: "apply.failed",
      app: eventApp(result.plan?.app),
      headline: `Nothing was applied: ${why}.`,
      failures: list,
      more,
      ...withLink(link),
    };
    return [event];
  }
  const moved = stateChangeEvents(result, link);
  if (report.success) {
    const applied = report.steps.filter((step) => step.status === "done").length;
    if (applied === 0) return [];
    const event: ApplySucceededEvent = { type: "apply.succeeded", app: eventApp(report.app), headline: applyHeadline(report), applied, ...withLink(link) };
    return [event, ...moved];
  }
  const { list, more } = capped(reportFailures(report));
  const event: ApplyFailedEvent = { type: "apply.failed", app: eventApp(report.app), headline: applyHeadline(report), failures: list, more, ...withLink(link) };
  return [event, ...moved];
}

/**
 * A version's review state an applied change moved (a submission, a release), as its resource
 * says through `describe.stateChange`: one event each, for the steps that were done.
 */
export function stateChangeEvents(result: ApplyResult, link?: string, resources: readonly AnyResource[] = RESOURCES): SubmissionStateChangedEvent[] {
  const { report, plan } = result;
  if (!report || !plan) return [];
  const done = new Set(report.steps.filter((step) => step.status === "done").map((step) => `${step.kind} ${step.locale}`));
  const events: SubmissionStateChangedEvent[] = [];
  for (const change of plan.changes) {
    if (!done.has(`${change.kind} ${change.locale}`)) continue;
    const moved = ownerOf(change, resources)?.describe.stateChange?.(change as never);
    if (moved) events.push({ type: "submission.state_changed", app: eventApp(report.app), ...moved, ...withLink(link) });
  }
  return events;
}

/** Drift found: the hand edits (rotations and blocked changes counted beside them). */
export function driftFoundEvent(found: DriftReport, drift = found.drift, link?: string): DriftFoundEvent {
  const { list, more } = capped(drift.map((change) => ({ where: localeHeading(change.locale), what: describeChange(change, found.plan.app) })));
  return {
    type: "drift.found",
    app: eventApp(found.plan.app),
    drift: list,
    more,
    rotations: found.rotations.length,
    blocked: found.blocked.length,
    ...withLink(link),
  };
}

export function driftResolvedEvent(app: PlanApp, corrected: number, link?: string): DriftResolvedEvent {
  return { type: "drift.resolved", app: eventApp(app), corrected, ...withLink(link) };
}

/** The reviews run's alerts, one event each (the cursor keeps which were sent, so none is sent twice). */
export function reviewEvents(
  result: { app: { id: string; bundleId?: string; name?: string }; alerts: readonly ReviewAlert[]; alertAtOrBelow?: number },
  link?: string,
): ReviewEvent[] {
  const { app, alerts, alertAtOrBelow } = result;
  const eventApp: EventApp = { id: app.id, ...(app.bundleId ? { bundleId: app.bundleId } : {}), ...(app.name ? { name: app.name } : {}) };
  return alerts.map((alert) => ({
    type: "review.low_rating",
    app: eventApp,
    review: { ...alert, appName: app.name ?? "" },
    threshold: alertAtOrBelow ?? alert.rating,
    ...withLink(link),
  }));
}
