/**
 * The job summary's one writer. What it says is rendered in src/report/markdown/
 * (the plan, validation, the apply report, drift); this only writes it.
 */
import * as core from "@actions/core";
import { SUMMARY_LIMIT } from "../report/markdown/parts.js";
import { log } from "./log.js";

/** Writes (appends) the job summary; outside Actions (no GITHUB_STEP_SUMMARY) it says so in the log instead. */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    log.info("(no GITHUB_STEP_SUMMARY: the job summary is not written outside GitHub Actions)");
    return;
  }
  await core.summary
    .addRaw(markdown.length > SUMMARY_LIMIT ? `${markdown.slice(0, SUMMARY_LIMIT)}\n\n…cut at GitHub's summary limit.\n` : markdown, true)
    .write();
  core.summary.emptyBuffer();
}
