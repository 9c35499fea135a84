/** Validation alone: asked for, or a pull request's plan skipped (no credentials, or credentials that must not be used). */
import { plural } from "../../engine/render/describe.js";
import { validateRepository } from "../../engine/validate/index.js";
import { validationSummary } from "../../engine/validate/summary.js";
import { printDiagnostics } from "../../report/printed.js";
import { validationLogLine } from "../../report/text.js";
import { validationMarkdown, type SkippedPlan } from "../../report/markdown/validation.js";
import { diagnosticFindings } from "../annotations.js";
import { log } from "../log.js";
import { logOutput, NO_PLAN_OUTPUTS, pullRequestComment, repositoryFolders, type Outcome, type Run } from "../run.js";

export async function validateFlow(current: Run, skipped?: SkippedPlan): Promise<Outcome> {
  const result = await validateRepository(repositoryFolders(current.config));
  printDiagnostics(logOutput(), result.diagnostics);
  current.findings.push(...diagnosticFindings(result.diagnostics, current.environment.workspace));
  const stats = validationSummary(result);
  log.info(validationLogLine(stats));
  const heading = skipped ? "asc-gitops plan · skipped" : "asc-gitops validate";
  const markdown = (target: "comment" | "summary") =>
    validationMarkdown({ heading, diagnostics: result.diagnostics, stats, ...(skipped ? { skipped } : {}), footer: current.footer, target });
  return {
    summary: markdown("summary"),
    comment: pullRequestComment(current, "plan", markdown("comment")),
    ...(stats.errors ? { failure: `validation failed with ${plural(stats.errors, "error", "errors")}` } : {}),
    outputs: NO_PLAN_OUTPUTS,
  };
}
