/** The ApplyReport as Markdown: the comment on the merged pull request, and the job summary (with the audit, the plan and the JSON). */
import { blockedAfter, type ApplyReport, type StepResult } from "../../engine/apply/report.js";
import type { Plan, PlanApp } from "../../engine/plan/plan.js";
import { describeChange, plural, whereOf } from "../../engine/render/describe.js";
import { blockedList, fence, plain, renderMarkdown } from "../../engine/render/markdown.js";
import { jsonDocument } from "../json.js";
import { applyHeadline } from "../text.js";
import { code, footerLine, type Footer } from "./parts.js";

function failureLine(step: StepResult, app: PlanApp): string {
  const error = step.error;
  const apple = error
    ? [error.status, error.code, error.detail && error.detail !== error.message ? error.detail : undefined, error.pointer ? `at ${error.pointer}` : undefined]
        .filter(Boolean)
        .join(" · ")
    : "";
  const where = step.source ? ` (${code(whereOf(step))})` : "";
  const notes = `${apple ? ` <sub>${plain(apple)}</sub>` : ""}${error?.request ? ` <sub>${code(error.request)}</sub>` : ""}`;
  return `- **${plain(step.locale)}** ${plain(describeChange(step, app))}${where}: ${plain(error?.message ?? step.status)}${notes}`;
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
  lines.push(
    `### asc-gitops apply · ${plain(report.app.name ?? report.app.bundleId)}`,
    "",
    `<sub>${plain(report.app.bundleId)}${version} · rotations as of ${plain(report.today)}</sub>`,
    "",
  );
  lines.push(`**${report.success ? ":white_check_mark:" : ":x:"} ${plain(applyHeadline(report))}**`, "");

  const problems = report.steps.filter((step) => step.status !== "done");
  const verification = report.verification;
  if (problems.length || !report.success) {
    lines.push("> [!CAUTION]");
    for (const step of problems.slice(0, 50)) lines.push(`> ${failureLine(step, report.app)}`);
    if (problems.length > 50) lines.push(`> - … ${problems.length - 50} more in the report JSON`);
    if (!verification) lines.push("> - live state could not be read back after the apply");
    else {
      for (const change of verification.remaining.slice(0, 20))
        lines.push(`> - still differs: **${plain(change.locale)}** ${plain(describeChange(change, report.app))}`);
      if (verification.remaining.length > 20) lines.push(`> - … ${verification.remaining.length - 20} more changes still differ`);
      if (verification.stillProcessing) lines.push(`> - ${plural(verification.stillProcessing, "screenshot is", "screenshots are")} still processing`);
      for (const asset of verification.failedAssets)
        lines.push(
          `> - App Store Connect could not process ${code(`${asset.locale}/${asset.displayType}/${asset.fileName}`)}: ` +
            plain(asset.errors.join("; ") || "no reason given"),
        );
    }
    const blocked = blockedAfter(report);
    if (blocked.length)
      lines.push(
        `> - blocked, so not done (${plural(blocked.length, "change", "changes")}):`,
        ...blockedList(blocked.slice(0, 50), report.app).map((line) => `>   ${line}`),
      );
    if (blocked.length > 50) lines.push(`>   - … ${blocked.length - 50} more in the report JSON`);
    const others =
      problems.length > 0 || !verification || verification.remaining.length > 0 || verification.stillProcessing > 0 || verification.failedAssets.length > 0;
    const rest = others ? ", and run the workflow again to finish the rest" : "";
    if (blocked.length) lines.push(`> A blocked change is not done: make the change its line asks for (a run again cannot unblock it)${rest}.`, "");
    else lines.push("> Run the workflow again to finish: apply picks up where it stopped and never repeats what is done.", "");
  }

  if (report.steps.length) {
    const rows = options.target === "comment" ? 60 : 2_000;
    lines.push(`<details><summary>${plural(report.steps.length, "change", "changes")}</summary>`, "", "| | locale | change |", "|---|---|---|");
    for (const step of report.steps.slice(0, rows))
      lines.push(
        `| ${step.status === "done" ? ":white_check_mark:" : step.status === "failed" ? ":x:" : ":heavy_minus_sign:"} ` +
          `| ${plain(step.locale)} | ${plain(describeChange(step, report.app))} |`,
      );
    if (report.steps.length > rows) lines.push(`| | … | ${report.steps.length - rows} more in the report JSON |`);
    lines.push("", "</details>", "");
  }
  if (options.target === "summary") {
    if (report.requests.length) {
      lines.push(
        `<details><summary>${plural(report.requests.length, "write request", "write requests")} (audit)</summary>`,
        "",
        "| time | request | status | attempt | ms |",
        "|---|---|---|---|---|",
      );
      for (const request of report.requests.slice(0, 3_000))
        lines.push(
          `| ${plain(request.at)} | ${code(`${request.method} ${request.path}`)} ` +
            `| ${request.status ?? "no answer"} | ${request.attempt} | ${request.durationMs} |`,
        );
      if (report.requests.length > 3_000) lines.push(`| … | ${report.requests.length - 3_000} more in the report JSON | | | |`);
      lines.push("", "</details>", "");
    }
    if (options.plan) {
      const plan = renderMarkdown(options.plan, { maxLength: 300_000, fullPlanHint: "the plan-json output has the whole plan" });
      lines.push("<details><summary>The plan that was applied</summary>", "", plan, "</details>", "");
    }
    const json = jsonDocument(report);
    if (json.length < 300_000) lines.push("<details><summary>ApplyReport (JSON)</summary>", "", fence("json", json.split("\n")), "", "</details>", "");
    else lines.push(`<sub>The ApplyReport JSON (${Math.round(json.length / 1024)} KB) is in the file the report-json output names.</sub>`, "");
  }
  lines.push(footerLine(options.footer));
  return `${lines.join("\n")}\n`;
}
