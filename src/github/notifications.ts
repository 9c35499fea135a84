/**
 * The flows' notification events, sent (DESIGN.md §18) to the targets the
 * inputs name, before the outcome is published: a delivery that failed is a
 * warning in the log and a note in the job summary, naming the target's kind
 * only, and never the step's failure.
 */
import { plain } from "../engine/render/markdown.js";
import { notifying } from "../notify/config.js";
import { failureWarning, notify, skippedWarning, type NotifyOptions } from "../notify/notify.js";
import { log } from "./log.js";
import type { Outcome, Run } from "./run.js";

export async function sendNotifications(outcome: Outcome, current: Run, options: NotifyOptions = {}): Promise<Outcome> {
  const events = outcome.events ?? [];
  if (!events.length || !notifying(current.config.notify)) return outcome;
  const results = await notify(events, current.config.notify, { warning: (text) => log.warning(text), info: (text) => log.info(text) }, options);
  const failed = results.filter((result) => !result.ok && !result.skipped);
  if (!failed.length) return outcome;
  const skipped = (["Slack", "webhook"] as const).map(
    (target) => [target, results.filter((result) => result.target === target && result.skipped).length] as const,
  );
  const lines = [...failed.map(failureWarning), ...skipped.filter(([, count]) => count > 0).map(([target, count]) => skippedWarning(target, count))];
  const notes = lines.map((line) => `> ${plain(line)}`).join("\n>\n");
  return { ...outcome, summary: `${outcome.summary}\n\n> [!WARNING]\n${notes}\n` };
}
