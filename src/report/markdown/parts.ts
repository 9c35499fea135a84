/** What every Markdown report shares: its size limit, inline code, lists of findings, and the footer. */
import { formatDiagnostic, type Diagnostic } from "../../contracts/diagnostics.js";
import { plain } from "../../engine/render/markdown.js";

/** GitHub keeps up to 1 MiB of summary per step; leave room for the rest of the text. */
export const SUMMARY_LIMIT = 900_000;

/** Text from the repository or Apple as inline code, inert. */
export const code = (text: string) => `<code>${plain(text)}</code>`;

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
export function diagnosticList(diagnostics: readonly Diagnostic[], limit: number, elsewhere: string): string[] {
  const lines = diagnostics.slice(0, limit).map((diagnostic) => {
    const where = formatDiagnostic({ ...diagnostic, message: "", severity: "error" }).replace(/: $/, "");
    return `- ${code(where)} ${plain(diagnostic.message)}`;
  });
  if (diagnostics.length > limit) lines.push(`- … ${diagnostics.length - limit} more ${elsewhere}`);
  return lines;
}
