/**
 * `notify(events, config, log)`: every event to every configured target
 * (Slack, the signed webhook), one after the other, each delivery retried as
 * deliver.ts says. A delivery that fails is a warning naming the target's
 * kind and the event, never its URL; notify never throws and never decides
 * the run's exit code. A target that is down (its retries ran out, or it
 * could not be reached) gets nothing more in this run, so fifty review alerts
 * to a dead target do not cost fifty rounds of retries: one warning counts them.
 */
import { redactKnown } from "../asc/redact.js";
import type { NotifyConfig } from "./config.js";
import { isRetryableStatus } from "../asc/retry.js";
import { DEFAULT_DELIVERY, deliver, realDependencies, type DeliveryDependencies, type DeliveryPolicy } from "./deliver.js";
import type { NotificationEvent, NotificationType } from "./events.js";
import { slackMessage } from "./slack.js";
import { signedHeaders, webhookBody, webhookId } from "./standard-webhooks.js";

export type TargetKind = "Slack" | "webhook";

export interface DeliveryResult {
  target: TargetKind;
  event: NotificationType;
  ok: boolean;
  attempts: number;
  /** Why it failed (no URL in it). */
  reason?: string;
  /** Not sent: the target was down already in this run. */
  skipped?: boolean;
}

export interface NotifyLog {
  warning(text: string): void;
  info?(text: string): void;
}

export interface NotifyOptions {
  policy?: DeliveryPolicy;
  dependencies?: DeliveryDependencies;
}

/** The warning a failed delivery becomes (the log, the job summary). */
export const failureWarning = (result: DeliveryResult): string =>
  `The ${result.event} notification could not be delivered to the ${result.target} target (${result.reason ?? "failed"}); the run goes on.`;

/** The one warning for what a target that was down did not get. */
export const skippedWarning = (target: TargetKind, count: number): string =>
  `${count} more notification${count === 1 ? " was" : "s were"} not sent to the ${target} target: it failed earlier in this run.`;

async function deliverOne(
  target: TargetKind,
  event: NotificationEvent,
  config: NotifyConfig,
  options: Required<NotifyOptions>,
): Promise<DeliveryResult & { down?: boolean }> {
  try {
    let outcome;
    if (target === "Slack") {
      // Whatever secret this process holds is removed from what leaves it (an error message may have echoed one).
      const body = redactKnown(JSON.stringify(slackMessage(event)));
      outcome = await deliver({ url: config.slack!, body, headers: () => ({ "content-type": "application/json" }) }, options.policy, options.dependencies);
    } else {
      const { url, secret } = config.webhook!;
      const id = webhookId(event);
      const body = redactKnown(webhookBody(event, options.dependencies.now()));
      outcome = await deliver({ url, body, headers: (_attempt, now) => signedHeaders(secret, id, body, now) }, options.policy, options.dependencies);
    }
    return {
      target,
      event: event.type,
      ok: outcome.ok,
      attempts: outcome.attempts,
      ...(outcome.reason && !outcome.ok ? { reason: outcome.reason } : {}),
      ...(!outcome.ok && (outcome.status === undefined || isRetryableStatus(outcome.status)) ? { down: true } : {}),
    };
  } catch {
    // A bug in rendering or signing must not fail the run either; its message might carry the URL, so it is not repeated.
    return { target, event: event.type, ok: false, attempts: 0, reason: "it could not be prepared" };
  }
}

export async function notify(
  events: readonly NotificationEvent[],
  config: NotifyConfig | undefined,
  log: NotifyLog,
  options: NotifyOptions = {},
): Promise<DeliveryResult[]> {
  if (!config || !events.length) return [];
  const resolved = { policy: options.policy ?? DEFAULT_DELIVERY, dependencies: options.dependencies ?? realDependencies() };
  const targets: TargetKind[] = [...(config.slack ? (["Slack"] as const) : []), ...(config.webhook ? (["webhook"] as const) : [])];
  const results: DeliveryResult[] = [];
  const down = new Set<TargetKind>();
  for (const event of events)
    for (const target of targets) {
      if (down.has(target)) {
        results.push({ target, event: event.type, ok: false, attempts: 0, reason: "not sent: the target failed earlier in this run", skipped: true });
        continue;
      }
      const { down: isDown, ...result } = await deliverOne(target, event, config, resolved);
      results.push(result);
      if (isDown) down.add(target);
      if (result.ok) log.info?.(`Notified the ${target} target: ${event.type}.`);
      else log.warning(redactKnown(failureWarning(result)));
    }
  for (const target of down) {
    const skipped = results.filter((result) => result.target === target && result.skipped).length;
    if (skipped) log.warning(skippedWarning(target, skipped));
  }
  return results;
}
