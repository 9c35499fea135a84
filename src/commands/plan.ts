/**
 * `asc-gitops plan`: the plan pipeline, shown: text on a terminal, one JSON
 * document with --json, the JSON artifact with --out. Exit 2 with
 * --detailed-exitcode when live differs (as terraform plan does): changes
 * to make, or blocked ones.
 */
import { planDiffers } from "../engine/diff.js";
import { renderJson } from "../engine/render/json.js";
import { renderText } from "../engine/render/text.js";
import { atStage } from "../pipeline/failure.js";
import type { RunOptions } from "../pipeline/options.js";
import { makePlan } from "../pipeline/plan.js";
import { failureDocumentOf, jsonDocument } from "../report/json.js";
import { printedEvents } from "../report/printed.js";
import { failureLines } from "../report/text.js";
import { writeHtmlReport } from "../report/html/index.js";
import { formatDiagnostic } from "../contracts/diagnostics.js";
import { writeFileAtomic } from "../util/atomic-file.js";
import type { Output } from "../util/output.js";

export interface PlanCommandOptions extends RunOptions {
  json: boolean;
  out?: string;
  /** Also write the HTML report (pictures embedded) to this file. */
  html?: string;
  detailedExitcode: boolean;
}

export async function planCommand(options: PlanCommandOptions, output: Output): Promise<number> {
  const run = await makePlan(options.html ? { ...options, pictures: "download" } : options, printedEvents(output));
  if (!run.plan) {
    if (run.failure) for (const line of failureLines("plan", run.failure)) output.stderr(line);
    if (options.json && run.failure) output.stdout(jsonDocument(failureDocumentOf("plan", run.failure)));
    return 1;
  }
  const plan = run.plan;
  const text = renderText(plan, { color: output.color });
  const reads = Object.entries(run.requests)
    .map(([method, count]) => `${count} ${method}`)
    .join(", ");
  const footer = `Read live state with ${reads || "no requests"} in ${run.readMs ?? 0} ms; nothing was changed.`;
  if (options.json) {
    output.stderr(`${text}\n\n${footer}`);
    output.stdout(renderJson(plan).trimEnd());
  } else output.stdout(`${text}\n\n${footer}`);
  if (options.out) await atStage("output", () => writeFileAtomic(options.out!, renderJson(plan)));
  if (options.html) {
    const problems = run.diagnostics.map(formatDiagnostic);
    await atStage("output", () =>
      writeHtmlReport(options.html!, {
        plan,
        title: "plan",
        problems,
        ...(run.live ? { live: run.live } : {}),
        ...(run.renditions ? { renditions: run.renditions } : {}),
      }),
    );
  }
  return plan.errors.length ? 1 : options.detailedExitcode && planDiffers(plan) ? 2 : 0;
}
