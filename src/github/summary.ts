/**
 * What the action shows people: the job summary (always written) and the
 * pull request comment bodies, as Markdown. Pure functions build the text;
 * `writeJobSummary` is the only writer. The plan itself is rendered by
 * engine/render/markdown.ts; this adds what only the action knows (skipped
 * plans, validation without a plan, apply results, the footer).
 */
import * as core from "@actions/core";
import { log } from "./log.js";
import { blockedAfter, type ApplyReport, type StepResult } from "../engine/apply/report.js";
import { formatDiagnostic, type Diagnostic } from "../contracts/diagnostics.js";
import { driftFound, narrowPlan, type DriftReport } from "../engine/drift.js";
import type { Change, Plan, PlanApp } from "../engine/plan/plan.js";
import { blockedLine, describeChange, plural, whereOf, type ChangeIdentity } from "../engine/render/describe.js";
import { blockedList, fence, GITHUB_COMMENT_LIMIT, plain, renderMarkdown } from "../engine/render/markdown.js";

/** GitHub keeps up to 1 MiB of summary per step; leave room for the rest of the text. */
export const SUMMARY_LIMIT = 900_000;

const code = (text: string) => `<code>${plain(text)}</code>`;

export interface Footer {
  /** The metadata folder, relative to the workspace (unknown when the inputs could not be read). */
  metadataPath?: string;
  sha?: string;
  runUrl?: string;
}

export function footerLine(footer: Footer): string {
  const parts = [footer.metadataPath ? `asc-gitops · app in ${code(footer.metadataPath)}` : "asc-gitops"];
  if (footer.sha) parts.push(`commit ${code(footer.sha.slice(0, 7))}`);
  if (footer.runUrl) parts.push(`[workflow run](${footer.runUrl})`);
  return `<sub>${parts.join(" · ")}</sub>`;
}

/** `- <code>metadata/ja.yml:4:11</code> keywords is 112 characters…`, at most `limit` of them. */
function diagnosticList(diagnostics: readonly Diagnostic[], limit: number, elsewhere: string): string[] {
  const lines = diagnostics.slice(0, limit).map((diagnostic) => {
    const where = formatDiagnostic({ ...diagnostic, message: "", severity: "error" }).replace(/: $/, "");
    return `- ${code(where)} ${plain(diagnostic.message)}`;
  });
  if (diagnostics.length > limit) lines.push(`- … ${diagnostics.length - limit} more ${elsewhere}`);
  return lines;
}

const bySeverity = (diagnostics: readonly Diagnostic[], severity: Diagnostic["severity"]) => diagnostics.filter((diagnostic) => diagnostic.severity === severity);

export interface ValidationStats {
  localeFiles: number;
  screenshotSets: number;
  screenshots: number;
}

export interface SkippedPlan {
  /** The empty credential inputs. */
  missing: string[];
  fromFork: boolean;
  /** Why the credentials were not used although they may be there (pull_request_target). */
  reason?: string;
}

export interface ValidationMarkdownOptions {
  /** `asc-gitops plan` or `asc-gitops validate`. */
  heading: string;
  diagnostics: readonly Diagnostic[];
  stats?: ValidationStats;
  /** The plan was skipped: credentials are missing, or must not be used. */
  skipped?: SkippedPlan;
  footer: Footer;
  /** Comment (short lists) or job summary (long ones). */
  target: "comment" | "summary";
}

/** Validation without a plan: it failed, or the plan was skipped, or only validation was asked for. */
export function validationMarkdown(options: ValidationMarkdownOptions): string {
  const errors = bySeverity(options.diagnostics, "error");
  const warnings = bySeverity(options.diagnostics, "warning");
  const limit = options.target === "comment" ? 50 : 2_000;
  const elsewhere = options.target === "comment" ? "in the job summary and the log" : "in the log";
  const lines = [`### ${plain(options.heading)}`, ""];
  if (options.skipped?.reason) {
    lines.push(
      "> [!NOTE]",
      `> **Plan skipped**: ${plain(options.skipped.reason)}. The files were validated offline; nothing was read from App Store Connect.`,
      "",
    );
  } else if (options.skipped) {
    const why = options.skipped.fromFork
      ? "pull requests from forks get no secrets"
      : `the input${options.skipped.missing.length === 1 ? " is" : "s are"} empty: pass ${options.skipped.missing.length === 1 ? "it" : "them"} from the repository's secrets`;
    lines.push(
      "> [!NOTE]",
      `> **Plan skipped**: this run has no App Store Connect credentials (${options.skipped.missing.map(code).join(", ")}; ${why}). ` +
        "The files were validated offline; nothing was read from App Store Connect. The merge plans again from the merged tree before it applies anything.",
      "",
    );
  }
  const counts = `${plural(errors.length, "error", "errors")}, ${plural(warnings.length, "warning", "warnings")}`;
  const scope = options.stats
    ? ` (${plural(options.stats.localeFiles, "locale file", "locale files")}, ${plural(options.stats.screenshotSets, "screenshot set", "screenshot sets")}, ${plural(options.stats.screenshots, "image", "images")})`
    : "";
  if (errors.length) {
    lines.push("> [!CAUTION]", `> **Validation failed**: ${counts}${scope}. Fix the errors below; nothing was read from or written to App Store Connect.`, "");
    lines.push(...diagnosticList(errors, limit, elsewhere), "");
  } else {
    lines.push(`**:white_check_mark: Validation passed**: ${counts}${scope}.`, "");
  }
  if (warnings.length)
    lines.push(`<details><summary>${plural(warnings.length, "warning", "warnings")}</summary>`, "", ...diagnosticList(warnings, limit, elsewhere), "", "</details>", "");
  lines.push(footerLine(options.footer));
  return `${lines.join("\n")}\n`;
}

export interface PlanMarkdownOptions {
  marker?: string;
  /** Validation warnings (errors stop before a plan exists). */
  warnings: readonly Diagnostic[];
  footer: Footer;
  target: "comment" | "summary";
}

/** The plan (engine/render/markdown.ts), with the warnings and the footer, under the target's size limit. */
export function planMarkdown(plan: Plan, options: PlanMarkdownOptions): string {
  const warnings = options.warnings.length
    ? [`<details><summary>${plural(options.warnings.length, "validation warning", "validation warnings")}</summary>`, "", ...diagnosticList(options.warnings, 50, "in the log"), "", "</details>", ""].join("\n")
    : "";
  const tail = `${warnings}${footerLine(options.footer)}\n`;
  const limit = options.target === "comment" ? GITHUB_COMMENT_LIMIT : SUMMARY_LIMIT;
  const body = renderMarkdown(plan, {
    ...(options.marker ? { marker: options.marker } : {}),
    fullPlanHint: "the job summary has every locale, and the plan-json output the whole plan",
    maxLength: limit - tail.length - 2,
  });
  return `${body}\n${tail}`;
}

/** The run stopped before it had a result: a short account of why. */
export function failureMarkdown(heading: string, message: string, footer: Footer): string {
  return [`### ${plain(heading)}`, "", "> [!CAUTION]", `> ${plain(message)}`, "", footerLine(footer), ""].join("\n");
}

/** "upload 01-today.png to ipad-13", "update promotionalText on version 2.3.1 (on sale)": one step of an apply, in words. */
export function describeStep(step: ChangeIdentity, app?: PlanApp): string {
  return describeChange(step, app);
}

function failureLine(step: StepResult, app: PlanApp): string {
  const error = step.error;
  const apple = error ? [error.status, error.code, error.detail && error.detail !== error.message ? error.detail : undefined, error.pointer ? `at ${error.pointer}` : undefined].filter(Boolean).join(" · ") : "";
  const where = step.source ? ` (${code(whereOf(step))})` : "";
  return `- **${plain(step.locale)}** ${plain(describeStep(step, app))}${where}: ${plain(error?.message ?? step.status)}${apple ? ` <sub>${plain(apple)}</sub>` : ""}${error?.request ? ` <sub>${code(error.request)}</sub>` : ""}`;
}

/** The headline of an apply, for the log, the summary, the comment and the step's failure. */
export function applyHeadline(report: ApplyReport): string {
  const done = report.steps.filter((step) => step.status === "done").length;
  const failed = report.steps.filter((step) => step.status === "failed").length;
  const skipped = report.steps.filter((step) => step.status === "skipped").length;
  const writes = plural(report.requests.length, "write request", "write requests");
  const verification = report.verification;
  const blocked = blockedAfter(report);
  const blockedTail = blocked.length ? `; ${plural(blocked.length, "change is", "changes are")} blocked` : "";
  if (report.success && report.steps.length === 0) return "No changes: App Store Connect already matched the repository; nothing was written.";
  if (report.success && verification?.partial) return `Applied ${plural(done, "change", "changes")} with ${writes}; verified: they are live.`;
  if (report.success) return `Applied ${plural(done, "change", "changes")} with ${writes}; verified: App Store Connect now matches the repository.`;
  if (failed || skipped)
    return `Apply failed: ${failed} of ${plural(report.steps.length, "change", "changes")} failed${skipped ? `, ${skipped} skipped` : ""} (${done} done, ${writes})${blockedTail}.`;
  if (!verification) return `Applied ${plural(done, "change", "changes")} with ${writes}, but live state could not be read back to verify it${blockedTail}.`;
  if (blocked.length && !verification.remaining.length && !verification.stillProcessing && !verification.failedAssets.length) {
    const first = blockedLine(blocked[0]!, report.app);
    const more = blocked.length > 1 ? ` (and ${blocked.length - 1} more)` : "";
    const applied = `${plural(done, "change", "changes")} applied with ${writes}`;
    return `Not converged: ${plural(blocked.length, "change is", "changes are")} blocked, so App Store Connect does not match the repository (${applied}). Blocked: ${first}${more}`;
  }
  return `Applied ${plural(done, "change", "changes")} with ${writes}, but App Store Connect does not match the repository yet (not converged)${blockedTail}.`;
}

export interface ApplyMarkdownOptions {
  marker?: string;
  /** The plan that was applied (shown folded in the summary). */
  plan?: Plan;
  footer: Footer;
  target: "comment" | "summary";
}

export function applyMarkdown(report: ApplyReport, options: ApplyMarkdownOptions): string {
  const lines: string[] = [];
  if (options.marker) lines.push(options.marker);
  const version = report.app.version ? ` · version ${plain(report.app.version.versionString)} (${plain(report.app.version.state)})` : "";
  lines.push(`### asc-gitops apply · ${plain(report.app.name ?? report.app.bundleId)}`, "", `<sub>${plain(report.app.bundleId)}${version} · rotations as of ${plain(report.today)}</sub>`, "");
  lines.push(`**${report.success ? ":white_check_mark:" : ":x:"} ${plain(applyHeadline(report))}**`, "");

  const problems = report.steps.filter((step) => step.status !== "done");
  const verification = report.verification;
  if (problems.length || !report.success) {
    lines.push("> [!CAUTION]");
    for (const step of problems.slice(0, 50)) lines.push(`> ${failureLine(step, report.app)}`);
    if (problems.length > 50) lines.push(`> - … ${problems.length - 50} more in the report JSON`);
    if (!verification) lines.push("> - live state could not be read back after the apply");
    else {
      for (const change of verification.remaining.slice(0, 20)) lines.push(`> - still differs: **${plain(change.locale)}** ${plain(describeChange(change, report.app))}`);
      if (verification.remaining.length > 20) lines.push(`> - … ${verification.remaining.length - 20} more changes still differ`);
      if (verification.stillProcessing) lines.push(`> - ${plural(verification.stillProcessing, "screenshot is", "screenshots are")} still processing`);
      for (const asset of verification.failedAssets)
        lines.push(`> - App Store Connect could not process ${code(`${asset.locale}/${asset.displayType}/${asset.fileName}`)}: ${plain(asset.errors.join("; ") || "no reason given")}`);
    }
    const blocked = blockedAfter(report);
    if (blocked.length) lines.push(`> - blocked, so not done (${plural(blocked.length, "change", "changes")}):`, ...blockedList(blocked.slice(0, 50), report.app).map((line) => `>   ${line}`));
    if (blocked.length > 50) lines.push(`>   - … ${blocked.length - 50} more in the report JSON`);
    const others = problems.length > 0 || !verification || verification.remaining.length > 0 || verification.stillProcessing > 0 || verification.failedAssets.length > 0;
    const rest = others ? ", and run the workflow again to finish the rest" : "";
    if (blocked.length) lines.push(`> A blocked change is not done: make the change its line asks for (a run again cannot unblock it)${rest}.`, "");
    else lines.push("> Run the workflow again to finish: apply picks up where it stopped and never repeats what is done.", "");
  }

  if (report.steps.length) {
    const rows = options.target === "comment" ? 60 : 2_000;
    lines.push(`<details><summary>${plural(report.steps.length, "change", "changes")}</summary>`, "", "| | locale | change |", "|---|---|---|");
    for (const step of report.steps.slice(0, rows))
      lines.push(`| ${step.status === "done" ? ":white_check_mark:" : step.status === "failed" ? ":x:" : ":heavy_minus_sign:"} | ${plain(step.locale)} | ${plain(describeStep(step, report.app))} |`);
    if (report.steps.length > rows) lines.push(`| | … | ${report.steps.length - rows} more in the report JSON |`);
    lines.push("", "</details>", "");
  }
  if (options.target === "summary") {
    if (report.requests.length) {
      lines.push(`<details><summary>${plural(report.requests.length, "write request", "write requests")} (audit)</summary>`, "", "| time | request | status | attempt | ms |", "|---|---|---|---|---|");
      for (const request of report.requests.slice(0, 3_000))
        lines.push(`| ${plain(request.at)} | ${code(`${request.method} ${request.path}`)} | ${request.status ?? "no answer"} | ${request.attempt} | ${request.durationMs} |`);
      if (report.requests.length > 3_000) lines.push(`| … | ${report.requests.length - 3_000} more in the report JSON | | | |`);
      lines.push("", "</details>", "");
    }
    if (options.plan) {
      const plan = renderMarkdown(options.plan, { maxLength: 300_000, fullPlanHint: "the plan-json output has the whole plan" });
      lines.push("<details><summary>The plan that was applied</summary>", "", plan, "</details>", "");
    }
    const json = JSON.stringify(report, null, 2);
    if (json.length < 300_000) lines.push("<details><summary>ApplyReport (JSON)</summary>", "", fence("json", json.split("\n")), "", "</details>", "");
    else lines.push(`<sub>The ApplyReport JSON (${Math.round(json.length / 1024)} KB) is in the file the report-json output names.</sub>`, "");
  }
  lines.push(footerLine(options.footer));
  return `${lines.join("\n")}\n`;
}

/** Writes (appends) the job summary; outside Actions (no GITHUB_STEP_SUMMARY) it says so in the log instead. */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    log.info("(no GITHUB_STEP_SUMMARY: the job summary is not written outside GitHub Actions)");
    return;
  }
  await core.summary.addRaw(markdown.length > SUMMARY_LIMIT ? `${markdown.slice(0, SUMMARY_LIMIT)}\n\n…cut at GitHub's summary limit.\n` : markdown, true).write();
  core.summary.emptyBuffer();
}

export interface DriftMarkdownOptions {
  found: DriftReport;
  /** Drift still there after the run (all of it with on-drift: report). */
  remaining: Change[];
  report: ApplyReport;
  onDrift: "report" | "apply";
  footer: Footer;
}

/** The scheduled run's summary: drift left, drift corrected, rotations applied. */
export function driftMarkdown(options: DriftMarkdownOptions): string {
  const { found, remaining, report, onDrift } = options;
  const applied = report.steps.filter((step) => step.status === "done");
  const rotated = applied.filter((step) => found.rotations.some((change) => change.locale === step.locale && "field" in change && change.field === step.field));
  const lines = ["### asc-gitops drift", ""];
  if (!driftFound(found)) lines.push("**No drift: App Store Connect matches the repository.**", "");
  else {
    const parts = [
      found.drift.length ? `${plural(found.drift.length, "drifted change", "drifted changes")} found (live edited by hand)` : "no drift",
      onDrift === "apply" && found.drift.length ? `${plural(found.drift.length - remaining.length, "corrected", "corrected")}` : "",
      found.rotations.length ? `${plural(rotated.length, "dated rotation", "dated rotations")} applied` : "",
      found.blocked.length ? `${plural(found.blocked.length, "change", "changes")} blocked` : "",
    ].filter(Boolean);
    lines.push(`**${parts.join(" · ")}**`, "");
  }
  if (found.blocked.length) {
    lines.push(
      "> [!WARNING]",
      `> App Store Connect differs from the repository in ${plural(found.blocked.length, "change", "changes")} that apply cannot make now:`,
      ...blockedList(found.blocked.slice(0, 50), found.plan.app).map((line) => `> ${line}`),
      ...(found.blocked.length > 50 ? [`> - … ${found.blocked.length - 50} more in the plan JSON`] : []),
      "",
    );
  }
  if (rotated.length) lines.push(...rotated.map((step) => `- :calendar: ${plain(step.locale)}: \`${step.field}\` set to the value in force today`), "");
  if (remaining.length) {
    lines.push(
      onDrift === "report" ? "> [!WARNING]\n> App Store Connect was edited outside this repository. These differences were reported, not corrected (`on-drift: report`):" : "> [!WARNING]\n> These differences remain after the correction:",
      "",
      // The blocked changes are listed above.
      renderMarkdown(narrowPlan(found.plan, remaining, []), { maxLength: SUMMARY_LIMIT / 2 }),
    );
  }
  if (!report.success) lines.push(`> [!CAUTION]\n> ${plain(applyHeadline(report))}`, "");
  lines.push(footerLine(options.footer), "");
  return lines.join("\n");
}

/** The tracking issue's body: what differs (folded to fit an issue), and the two ways to resolve it. */
export function driftIssueBody(found: DriftReport, remaining: Change[], footer: Footer): string {
  const intro = [
    "The scheduled asc-gitops run found App Store Connect different from the repository.",
    "",
    "**To resolve it**, either restore the repository's values (run the drift workflow with `on-drift: apply`, or merge any change under the metadata folder: the apply makes App Store Connect equal to the repository), or take the live values into the repository (`npx asc-gitops pull --force`, then open a pull request). This issue is updated on every scheduled run and closes itself once both agree.",
    ...(found.blocked.length ? ["", "A **blocked** change cannot be made by any run: make the change its line asks for (or change the repository)."] : []),
    "",
    "",
  ].join("\n");
  const tail = `\n${footerLine(footer)}\n`;
  const details = renderMarkdown(narrowPlan(found.plan, remaining), {
    maxLength: GITHUB_COMMENT_LIMIT - intro.length - tail.length - 200,
    fullPlanHint: "the job summary of the scheduled run has every locale",
  });
  return `${intro}${details}${tail}`;
}
