/** Validation without a plan (it failed, the plan was skipped, or only validation was asked for), and a run that stopped, as Markdown. */
import type { Diagnostic } from "../../contracts/diagnostics.js";
import { plural } from "../../engine/render/describe.js";
import { plain } from "../../engine/render/markdown.js";
import { code, diagnosticList, footerLine, type Footer } from "./parts.js";

const bySeverity = (diagnostics: readonly Diagnostic[], severity: Diagnostic["severity"]) =>
  diagnostics.filter((diagnostic) => diagnostic.severity === severity);

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
      : `the input${options.skipped.missing.length === 1 ? " is" : "s are"} empty: ` +
        `pass ${options.skipped.missing.length === 1 ? "it" : "them"} from the repository's secrets`;
    lines.push(
      "> [!NOTE]",
      `> **Plan skipped**: this run has no App Store Connect credentials (${options.skipped.missing.map(code).join(", ")}; ${why}). ` +
        "The files were validated offline; nothing was read from App Store Connect. The merge plans again from the merged tree before it applies anything.",
      "",
    );
  }
  const counts = `${plural(errors.length, "error", "errors")}, ${plural(warnings.length, "warning", "warnings")}`;
  const scope = options.stats
    ? ` (${plural(options.stats.localeFiles, "locale file", "locale files")}, ` +
      `${plural(options.stats.screenshotSets, "screenshot set", "screenshot sets")}, ${plural(options.stats.screenshots, "image", "images")})`
    : "";
  if (errors.length) {
    lines.push("> [!CAUTION]", `> **Validation failed**: ${counts}${scope}. Fix the errors below; nothing was read from or written to App Store Connect.`, "");
    lines.push(...diagnosticList(errors, limit, elsewhere), "");
  } else {
    lines.push(`**:white_check_mark: Validation passed**: ${counts}${scope}.`, "");
  }
  if (warnings.length)
    lines.push(
      `<details><summary>${plural(warnings.length, "warning", "warnings")}</summary>`,
      "",
      ...diagnosticList(warnings, limit, elsewhere),
      "",
      "</details>",
      "",
    );
  lines.push(footerLine(options.footer));
  return `${lines.join("\n")}\n`;
}

/** The run stopped before it had a result: a short account of why. */
export function failureMarkdown(heading: string, message: string, footer: Footer): string {
  return [`### ${plain(heading)}`, "", "> [!CAUTION]", `> ${plain(message)}`, "", footerLine(footer), ""].join("\n");
}
