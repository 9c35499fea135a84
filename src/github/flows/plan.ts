/** A pull request's (or a manual run's) plan: the comment, the summary, the plan JSON and the annotations. */
import { renderText } from "../../engine/render/text.js";
import { plural } from "../../engine/render/describe.js";
import { makePlan, type PlanResult } from "../../pipeline/plan.js";
import { planMarkdown } from "../../report/markdown/plan.js";
import { diagnosticFindings } from "../annotations.js";
import { htmlOutputs, htmlReportLine, planOutputs } from "../artifacts.js";
import { commentPictures } from "../pictures.js";
import { planMedia } from "../../report/media.js";
import { formatDiagnostic } from "../../contracts/diagnostics.js";
import { commentMarker } from "../comment.js";
import { planFindings } from "../findings.js";
import { log } from "../log.js";
import { loggedEvents, pullRequestComment, runOptions, type Outcome, type Run } from "../run.js";
import { stoppedOutcome } from "../stopped.js";

export async function planFlow(current: Run): Promise<Outcome> {
  let result: PlanResult;
  try {
    result = await makePlan({ ...(await runOptions(current)), pictures: "download" }, loggedEvents());
  } catch (thrown) {
    return stoppedOutcome(current, "plan", { thrown });
  }
  current.findings.push(...diagnosticFindings(result.diagnostics, current.environment.workspace));
  const { plan } = result;
  if (!plan) return stoppedOutcome(current, "plan", result);
  current.findings.push(...planFindings(plan, current.environment.workspace));
  log.info(renderText(plan, { color: false }));
  const html = await htmlOutputs(current, {
    plan,
    title: "plan",
    problems: result.diagnostics.map(formatDiagnostic),
    ...(result.live ? { live: result.live } : {}),
    ...(result.renditions ? { renditions: result.renditions } : {}),
  });
  const outputs = { ...(await planOutputs(current, plan)), ...html };
  const warnings = result.diagnostics.filter((diagnostic) => diagnostic.severity === "warning");
  const marker = commentMarker("plan", current.metadataPath);
  const reportLine = htmlReportLine(current, html["report-html"]);
  const pictures = commentPictures(current, planMedia(plan, result.live), "the HTML report (report-html)");
  const note = reportLine ? { note: reportLine } : {};
  return {
    summary: planMarkdown(plan, { warnings, footer: current.footer, target: "summary", ...note }),
    comment: pullRequestComment(current, "plan", planMarkdown(plan, { marker, warnings, footer: current.footer, target: "comment", pictures, ...note })),
    ...(plan.errors.length ? { failure: `the plan has ${plural(plan.errors.length, "error", "errors")}: ${plan.errors[0]!.message}` } : {}),
    outputs,
  };
}
