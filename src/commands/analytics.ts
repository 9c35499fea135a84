/**
 * `asc-gitops analytics`: fetch the new analytics report instances into the
 * database, then show the period's figures (the Markdown summary on a
 * terminal; one JSON document of the figures with --json) and, with --out,
 * write the dashboard (index.html, summary.md, figures.json).
 */
import { runAnalytics, type AnalyticsOptions } from "../analytics/run.js";
import { jsonDocument } from "../report/json.js";
import { escapeControls } from "../util/control-characters.js";
import type { Output } from "../util/output.js";

export interface AnalyticsCommandOptions extends Omit<AnalyticsOptions, "progress"> {
  json: boolean;
}

export async function analyticsCommand(options: AnalyticsCommandOptions, output: Output): Promise<number> {
  const result = await runAnalytics({ ...options, progress: (line) => output.stderr(escapeControls(line)) });
  const { fetch, figures, files } = result;
  const lines = [
    ...fetch.notes.map((note) => `note: ${escapeControls(note)}`),
    `Stored ${fetch.instancesStored} new report instance${fetch.instancesStored === 1 ? "" : "s"} (${fetch.rows} rows from ${fetch.segments} segments); ` +
      `${fetch.instancesAlreadyStored} were stored before. Database: ${escapeControls(options.dbFile)}.`,
    ...(files.html ? [`Dashboard: ${escapeControls(files.html)}; summary: ${escapeControls(files.markdown!)}.`] : []),
  ];
  if (options.json) {
    output.stderr(lines.join("\n"));
    output.stdout(jsonDocument({ ...figures, fetch: { ...fetch } }).trimEnd());
  } else output.stdout(`${lines.join("\n")}\n\n${result.markdown.split("\n").map(escapeControls).join("\n")}`);
  return 0;
}
