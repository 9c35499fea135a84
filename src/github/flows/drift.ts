/**
 * The scheduled run (issue 7): today's dated rotations are applied whatever
 * on-drift says; drift (hand edits in App Store Connect) is applied too with
 * on-drift: apply, and otherwise reported. The app's drift issue follows what
 * is left: opened, updated, or closed when live and the repository agree.
 */
import { redactKnown } from "../../asc/redact.js";
import type { DriftReport } from "../../engine/drift.js";
import type { Change } from "../../engine/plan/plan.js";
import { plain } from "../../engine/render/markdown.js";
import type { NotificationEvent } from "../../notify/events.js";
import { applyEvents, driftFoundEvent, driftResolvedEvent } from "../../notify/run-events.js";
import { correctDrift, type DriftCorrection } from "../../pipeline/drift.js";
import { driftIssueBody, driftMarkdown } from "../../report/markdown/drift.js";
import { applyHeadline, applyReportText } from "../../report/text.js";
import { diagnosticFindings } from "../annotations.js";
import { planOutputs, reportOutputs } from "../artifacts.js";
import { describeGitHubError } from "../comment.js";
import { driftMarker, syncDriftIssue, type DriftIssueAction } from "../drift-issue.js";
import { applyFindings } from "../findings.js";
import { log } from "../log.js";
import { identityOf, loggedEvents, runOptions, type Outcome, type Run } from "../run.js";
import { stoppedOutcome } from "../stopped.js";

export async function driftFlow(current: Run): Promise<Outcome> {
  const { config, environment } = current;
  let result: DriftCorrection;
  try {
    result = await correctDrift(await runOptions(current), config.onDrift, loggedEvents());
  } catch (thrown) {
    return stoppedOutcome(current, "drift", { thrown });
  }
  current.findings.push(...diagnosticFindings(result.diagnostics, environment.workspace));
  const { report, found, remaining } = result;
  // A check that could not run is the run's failure (the step fails); nothing is known about drift to notify.
  if (!report || !found) return stoppedOutcome(current, "drift", result);
  current.findings.push(...applyFindings(report, environment.workspace));
  log.info(applyReportText(report));
  const reportFile = await reportOutputs(current, report);
  const outputs = { ...(await planOutputs(current, found.plan)), ...reportFile };
  const markdown = driftMarkdown({ found, remaining, report, onDrift: config.onDrift, footer: current.footer });
  const issue = await updateDriftIssue(current, found, remaining);
  return {
    summary: `${markdown}${issue.note ? `\n\n<sub>${plain(issue.note)}</sub>\n` : ""}`,
    ...(report.success ? {} : { failure: applyHeadline(report) }),
    outputs,
    events: [...driftEvents(found, remaining, issue.action, current.footer.runUrl), ...applyEvents(result, current.footer.runUrl)],
  };
}

/**
 * Drift is told once: when the drift issue is opened, reopened or its drift
 * changed (or on every run that finds it, when no issue can remember it), and
 * resolved when the issue is closed or this run restored it (on-drift: apply).
 */
export function driftEvents(found: DriftReport, remaining: Change[], issue: DriftIssueAction | undefined, link?: string): NotificationEvent[] {
  const drifted = remaining.length > 0 || found.blocked.length > 0;
  if (drifted) return issue === "unchanged" ? [] : [driftFoundEvent(found, remaining, link)];
  const corrected = found.drift.length - remaining.length;
  if (issue === "closed" || corrected > 0) return [driftResolvedEvent(found.plan.app, corrected, link)];
  return [];
}

/** Opens, updates or closes the app's drift issue; answers what it did (none: it could not) and the line the summary adds about it (empty: nothing to say). */
async function updateDriftIssue(current: Run, found: DriftReport, remaining: Change[]): Promise<{ action?: DriftIssueAction; note: string }> {
  const { config, environment } = current;
  if (!config.githubToken || !environment.repository) return { note: "The drift issue was not updated: no github-token or repository." };
  try {
    const octokit = environment.octokit(config.githubToken);
    const synced = await syncDriftIssue(octokit, environment.repository, {
      identity: await identityOf(current, octokit),
      marker: driftMarker(current.metadataPath),
      title: `App Store Connect differs from ${current.metadataPath} (asc-gitops drift)`,
      body: redactKnown(driftIssueBody(found, remaining, current.footer)),
      drifted: remaining.length > 0 || found.blocked.length > 0,
      resolvedComment: `App Store Connect matches the repository again${current.footer.runUrl ? ` ([run](${current.footer.runUrl}))` : ""}: closing.`,
    });
    const note = synced.action !== "none" ? `Drift issue #${synced.number}: ${synced.action}.` : "";
    log.info(note || "No drift and no open drift issue.");
    return { action: synced.action, note };
  } catch (error) {
    const note = `The drift issue could not be updated (${describeGitHubError(error)}); give the workflow \`issues: write\`.`;
    log.warning(note);
    return { note };
  }
}
