/** A pull request's (or a manual run's) plan: the comment, the summary, the plan JSON and the annotations. */
import { renderText } from "../../engine/render/text.js";
import { plural } from "../../engine/render/describe.js";
import { makePlan, type PlanResult } from "../../pipeline/plan.js";
import { planMarkdown } from "../../report/markdown/plan.js";
import { diagnosticFindings } from "../annotations.js";
import { planOutputs } from "../artifacts.js";
import { commentMarker } from "../comment.js";
import { planFindings } from "../findings.js";
import { log } from "../log.js";
import { loggedEvents, pullRequestComment, runOptions, type Outcome, type Run } from "../run.js";
import { stoppedOutcome } from "../stopped.js";

export async function planFlow(current: Run): Promise<Outcome> {
  let result: PlanResult;
  try {
    result = await makePlan(await runOptions(current), loggedEvents());
  } catch (thrown) {
    return stoppedOutcome(current, "plan", { thrown });
  }
  current.findings.push(...diagnosticFindings(result.diagnostics, current.environment.workspace));
  const { plan } = result;
  if (!plan) return stoppedOutcome(current, "plan", result);
  current.findings.push(...planFindings(plan, current.environment.workspace));
  log.info(renderText(plan, { color: false }));
  const outputs = await planOutputs(current, plan);
  const warnings = result.diagnostics.filter((diagnostic) => diagnostic.severity === "warning");
  const marker = commentMarker("plan", current.metadataPath);
  return {
    summary: planMarkdown(plan, { warnings, footer: current.footer, target: "summary" }),
    comment: pullRequestComment(current, "plan", planMarkdown(plan, { marker, warnings, footer: current.footer, target: "comment" })),
    ...(plan.errors.length ? { failure: `the plan has ${plural(plan.errors.length, "error", "errors")}: ${plan.errors[0]!.message}` } : {}),
    outputs,
  };
}
