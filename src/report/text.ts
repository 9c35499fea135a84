/**
 * The reports as terminal (and log) text, each in one place: validation's
 * verdict, the apply report and its one-line headline, the drift report,
 * and why a run stopped.
 */
import { blockedAfter, type ApplyReport } from "../engine/apply/report.js";
import { driftFound, narrowPlan, type DriftReport } from "../engine/drift.js";
import { blockedLine, blockedLines, describeChange, localeHeading, plural, versionLine } from "../engine/render/describe.js";
import { blockedSection, renderText } from "../engine/render/text.js";
import type { ValidationSummary } from "../engine/validate/summary.js";
import type { RunFailure } from "../pipeline/failure.js";

export function applyReportText(report: ApplyReport): string {
  const done = report.steps.filter((step) => step.status === "done").length;
  const failed = report.steps.filter((step) => step.status === "failed");
  const skipped = report.steps.filter((step) => step.status === "skipped");
  const blocked = blockedAfter(report);
  const writes = plural(report.requests.length, "write request", "write requests");
  const lines = [`${report.success ? "✓" : "✗"} applied ${done} of ${plural(report.steps.length, "change", "changes")} with ${writes}`];
  for (const step of [...failed, ...skipped]) {
    const where = step.source ? ` (${step.source.file}${step.source.line ? `:${step.source.line}` : ""})` : "";
    lines.push(`  ${step.status}: ${localeHeading(step.locale)}: ${describeChange(step, report.app)}${where}: ${step.error?.message ?? ""}`);
  }
  if (blocked.length) {
    lines.push(`  blocked: ${plural(blocked.length, "change was", "changes were")} not applied, so App Store Connect does not match the repository:`);
    for (const { text, depth } of blockedLines(blocked, report.app)) lines.push(`${depth ? "      " : "    "}${text}`);
  }
  const verification = report.verification;
  if (!verification) lines.push("  verification could not read live state");
  else if (verification.converged && !verification.failedAssets.length)
    lines.push(
      verification.partial
        ? "  verified: the changes applied are live (the rest was not part of this apply)"
        : "  verified: App Store Connect now matches the repository",
    );
  else {
    if (verification.remaining.length) lines.push(`  not converged: ${plural(verification.remaining.length, "change still differs", "changes still differ")}`);
    if (verification.stillProcessing) lines.push(`  ${plural(verification.stillProcessing, "screenshot is", "screenshots are")} still processing`);
    for (const asset of verification.failedAssets)
      lines.push(`  failed asset ${asset.locale} ${asset.displayType} ${asset.fileName}: ${asset.errors.join("; ") || "no reason given"}`);
  }
  return lines.join("\n");
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
    return (
      `Apply failed: ${failed} of ${plural(report.steps.length, "change", "changes")} failed${skipped ? `, ${skipped} skipped` : ""} ` +
      `(${done} done, ${writes})${blockedTail}.`
    );
  if (!verification) return `Applied ${plural(done, "change", "changes")} with ${writes}, but live state could not be read back to verify it${blockedTail}.`;
  if (blocked.length && !verification.remaining.length && !verification.stillProcessing && !verification.failedAssets.length) {
    const first = blockedLine(blocked[0]!, report.app);
    const more = blocked.length > 1 ? ` (and ${blocked.length - 1} more)` : "";
    const applied = `${plural(done, "change", "changes")} applied with ${writes}`;
    return (
      `Not converged: ${plural(blocked.length, "change is", "changes are")} blocked, ` +
      `so App Store Connect does not match the repository (${applied}). Blocked: ${first}${more}`
    );
  }
  return `Applied ${plural(done, "change", "changes")} with ${writes}, but App Store Connect does not match the repository yet (not converged)${blockedTail}.`;
}

export function driftText(report: DriftReport, color: boolean): string {
  const { drift, rotations, blocked, plan } = report;
  const lines = [`Drift check: ${versionLine(plan)}`];
  if (!driftFound(report)) lines.push("No drift: App Store Connect matches the repository.");
  else {
    const counts = [
      `${plural(drift.length, "drifted change", "drifted changes")} (live edited by hand)`,
      plural(rotations.length, "pending rotation", "pending rotations"),
    ];
    if (blocked.length) counts.push(plural(blocked.length, "blocked change", "blocked changes"));
    lines.push(counts.join(", "));
  }
  lines.push(...blockedSection(plan, color ? (text) => `\u001b[33m${text}\u001b[39m` : undefined));
  if (drift.length) lines.push("", "Drift (apply restores the repository's values):", renderText(narrowPlan(plan, drift), { color, sectionsOnly: true }));
  if (rotations.length)
    lines.push(
      "",
      "Pending rotations (values in force today that live does not show yet):",
      renderText(narrowPlan(plan, rotations), { color, sectionsOnly: true }),
    );
  return lines.join("\n");
}

const listBriefly = (items: readonly string[], shown = 6) =>
  items.length <= shown ? items.join(", ") : `${items.slice(0, shown).join(", ")} and ${items.length - shown} more`;

/** validate's verdict, without its mark: "3 locale files (de-DE, en-US, ja), 4 screenshot sets with 10 images: 0 errors, … (0.12 s)". */
export function validationHeadline(summary: ValidationSummary, seconds: string): string {
  return (
    `${plural(summary.localeFiles, "locale file", "locale files")}${summary.locales.length ? ` (${listBriefly(summary.locales)})` : ""}, ` +
    `${plural(summary.screenshotSets, "screenshot set", "screenshot sets")} with ${plural(summary.screenshots, "image", "images")}` +
    // Previews are named only where the repository has some: a listing without them reads as before.
    (summary.previewSets ? `, ${plural(summary.previewSets, "preview set", "preview sets")} with ${plural(summary.previews, "video", "videos")}` : "") +
    ": " +
    `${plural(summary.errors, "error", "errors")}, ${plural(summary.warnings, "warning", "warnings")}, ` +
    `${plural(summary.notices, "notice", "notices")} (${seconds} s)`
  );
}

/** The action's log line after validation alone. */
export function validationLogLine(summary: ValidationSummary): string {
  return (
    `${summary.errors ? "✗ validation failed" : "✓ validation passed"}: ` +
    `${plural(summary.errors, "error", "errors")}, ${plural(summary.warnings, "warning", "warnings")}, ${plural(summary.notices, "notice", "notices")} ` +
    `in ${plural(summary.localeFiles, "locale file", "locale files")} and ${plural(summary.screenshots, "image", "images")}`
  );
}

/** What a run of the plan or the apply pipeline says when it stopped: one "✗ …" line per reason. */
export function failureLines(pipeline: "plan" | "apply", failure: RunFailure): string[] {
  if (failure.stage !== "validate") return failure.messages.map((message) => `✗ ${message}`);
  return [
    pipeline === "apply"
      ? "✗ validation failed: fix the errors above; nothing was changed"
      : "✗ validation failed: fix the errors above before planning (nothing was read from App Store Connect)",
  ];
}
