/** A push to the default branch: apply from the merged tree, verify, and say so on the merged pull request. */
import { applyEvents } from "../../notify/run-events.js";
import { runApply, type ApplyResult } from "../../pipeline/apply.js";
import { applyMarkdown } from "../../report/markdown/apply.js";
import { applyHeadline, applyReportText } from "../../report/text.js";
import { diagnosticFindings } from "../annotations.js";
import { htmlOutputs, planOutputs, reportOutputs } from "../artifacts.js";
import { commentMarker, describeGitHubError, findMergedPullRequest } from "../comment.js";
import { applyFindings } from "../findings.js";
import { log } from "../log.js";
import { loggedEvents, NO_PLAN_OUTPUTS, runOptions, type Outcome, type Run } from "../run.js";
import { stoppedOutcome } from "../stopped.js";

/** The merged pull request of this push, to comment the result on (none: the summary only). */
async function mergedPullRequest(current: Run): Promise<number | undefined> {
  const { config, environment } = current;
  if (!config.comment || !config.githubToken || !environment.repository || !environment.sha) return undefined;
  try {
    const number = await findMergedPullRequest(environment.octokit(config.githubToken), environment.repository, environment.sha);
    if (number === undefined) log.info(`No merged pull request is associated with ${environment.sha.slice(0, 7)}: the result is in the job summary only.`);
    return number;
  } catch (error) {
    log.warning(`Could not look up the pull request of ${environment.sha.slice(0, 7)} (${describeGitHubError(error)}): the result is in the job summary only.`);
    return undefined;
  }
}

export async function applyFlow(current: Run): Promise<Outcome> {
  let result: ApplyResult;
  const link = current.footer.runUrl;
  try {
    result = await runApply({ ...(await runOptions(current)), pictures: "download" }, loggedEvents());
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    return {
      ...stoppedOutcome(current, "apply", { thrown }),
      events: applyEvents({ diagnostics: [], failure: { stage: "apply", messages: [message] } }, link),
    };
  }
  current.findings.push(...diagnosticFindings(result.diagnostics, current.environment.workspace));
  const { report, plan } = result;
  if (!report) return { ...stoppedOutcome(current, "apply", result), events: applyEvents(result, link) };
  current.findings.push(...applyFindings(report, current.environment.workspace));
  log.info(applyReportText(report));
  const reportFile = await reportOutputs(current, report);
  const html = plan
    ? await htmlOutputs(current, {
        plan,
        title: "apply",
        outcome: applyReportText(report)
          .split("\n")
          .map((line) => line.trim()),
      })
    : { "report-html": "" };
  const outputs = { ...(plan ? await planOutputs(current, plan) : NO_PLAN_OUTPUTS), ...reportFile, ...html };
  const pull = await mergedPullRequest(current);
  const comment =
    pull !== undefined
      ? {
          issue: pull,
          kind: "apply" as const,
          body: applyMarkdown(report, { marker: commentMarker("apply", current.metadataPath), footer: current.footer, target: "comment" }),
        }
      : undefined;
  return {
    summary: applyMarkdown(report, { ...(plan ? { plan } : {}), footer: current.footer, target: "summary" }),
    ...(comment ? { comment } : {}),
    ...(report.success ? {} : { failure: applyHeadline(report) }),
    outputs,
    events: applyEvents(result, link),
  };
}
