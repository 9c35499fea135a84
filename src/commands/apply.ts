/**
 * `asc-gitops apply`: the apply pipeline, shown. Progress goes to stderr as
 * it happens; the ApplyReport to stdout (text, or JSON with --json) and to
 * --out. Exit 1 when anything failed or did not converge.
 */
import type { NotifyConfig } from "../notify/config.js";
import { notifyFromCommand } from "../notify/printed.js";
import { applyEvents } from "../notify/run-events.js";
import { runApply, type ApplyOptions, type ApplyResult } from "../pipeline/apply.js";
import { atStage } from "../pipeline/failure.js";
import { applyReportJson, failureDocumentOf, jsonDocument } from "../report/json.js";
import { printedEvents } from "../report/printed.js";
import { applyReportText, failureLines } from "../report/text.js";
import { writeFileAtomic } from "../util/atomic-file.js";
import { writeHtmlReport } from "../report/html/index.js";
import { formatDiagnostic } from "../contracts/diagnostics.js";
import type { Output } from "../util/output.js";

export interface ApplyCommandOptions extends ApplyOptions {
  json: boolean;
  out?: string;
  /** Where apply succeeded / failed is sent (nothing: not sent). */
  notify?: NotifyConfig;
  /** Also write the HTML report of the plan applied, with the outcome, to this file. */
  html?: string;
}

export async function applyCommand(options: ApplyCommandOptions, output: Output): Promise<number> {
  // Every stage before it names itself; what else is thrown happened while applying.
  let run: ApplyResult;
  try {
    run = await atStage("apply", () => runApply(options.html ? { ...options, pictures: "download" } : options, printedEvents(output)));
  } catch (error) {
    // Told, then thrown on to the command line's one error line.
    const message = error instanceof Error ? error.message : String(error);
    await notifyFromCommand(applyEvents({ diagnostics: [], failure: { stage: "apply", messages: [message] } }), options.notify, output);
    throw error;
  }
  const { report, failure, plan, diagnostics } = run;
  if (!report) {
    if (failure) for (const line of failureLines("apply", failure)) output.stderr(line);
    if (options.json && failure) output.stdout(jsonDocument(failureDocumentOf("apply", failure)));
    await notifyFromCommand(applyEvents(run), options.notify, output);
    return 1;
  }
  const text = applyReportText(report);
  if (options.json) {
    output.stderr(text);
    output.stdout(jsonDocument(report));
  } else output.stdout(text);
  if (options.out) await atStage("output", () => writeFileAtomic(options.out!, applyReportJson(report)));
  // Live pictures as they were before apply: the renditions were fetched before anything changed.
  if (options.html && plan) {
    const outcome = text.split("\n").map((line) => line.trim());
    const pictures = { ...(run.live ? { live: run.live } : {}), ...(run.renditions ? { renditions: run.renditions } : {}) };
    await atStage("output", () => writeHtmlReport(options.html!, { plan, title: "apply", outcome, problems: diagnostics.map(formatDiagnostic), ...pictures }));
  }
  await notifyFromCommand(applyEvents(run), options.notify, output);
  return report.success ? 0 : 1;
}
