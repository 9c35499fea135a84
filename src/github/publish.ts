/** The only code that talks to GitHub about a flow's outcome: outputs, annotations, the sticky comment, the job summary, the step's failure. */
import * as core from "@actions/core";
import { redactKnown } from "../asc/redact.js";
import { plain } from "../engine/render/markdown.js";
import { annotate } from "./annotations.js";
import { commentMarker, describeGitHubError, upsertComment } from "./comment.js";
import { log } from "./log.js";
import { identityOf, type Outcome, type Run } from "./run.js";
import { writeJobSummary } from "./summary.js";

export async function publish(outcome: Outcome, current: Run): Promise<void> {
  const { config, environment } = current;
  for (const [name, value] of Object.entries(outcome.outputs)) core.setOutput(name, value);
  annotate(current.findings);
  let summary = outcome.summary;
  const comment = outcome.comment;
  if (comment) {
    const what = comment.kind === "plan" ? "the plan" : "the apply result";
    let problem: string | undefined;
    if (!config.githubToken) problem = "the github-token input is empty";
    else if (!environment.repository) problem = "GITHUB_REPOSITORY is not set";
    else {
      try {
        const octokit = environment.octokit(config.githubToken);
        const marker = commentMarker(comment.kind, current.metadataPath);
        const result = await upsertComment(
          octokit,
          environment.repository,
          comment.issue,
          marker,
          redactKnown(comment.body),
          await identityOf(current, octokit),
        );
        const done = result.action === "unchanged" ? "Left unchanged" : result.action === "created" ? "Posted" : "Updated";
        log.info(`${done} ${what} comment on #${comment.issue}${result.url ? `: ${result.url}` : ""}`);
      } catch (error) {
        problem = describeGitHubError(error);
      }
    }
    if (problem) {
      log.warning(`Could not comment on #${comment.issue} (${problem}): ${what} is in this job's summary.`);
      summary += `\n> [!NOTE]\n> ${what.replace(/^t/, "T")} could not be posted on #${comment.issue} (${plain(problem)}); this summary is its only copy.\n`;
    }
  }
  try {
    await writeJobSummary(redactKnown(summary));
  } catch (error) {
    log.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (outcome.failure) log.failed(outcome.failure);
  else if (outcome.outputs["plan-json"])
    log.info(
      `✓ ${outcome.outputs["report-json"] ? "applied" : "planned"}; ` +
        `outputs: has-changes=${outcome.outputs["has-changes"]}, change-count=${outcome.outputs["change-count"]}`,
    );
}
