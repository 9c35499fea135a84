/**
 * One segment file of a report: gzip-compressed, tab-separated, a header row
 * first. Columns are found by their header name, never by position (Apple
 * says positions change); columns we do not know are ignored; a column we
 * need that is missing is an error naming the report and the column.
 */
import { gunzipSync } from "node:zlib";
import type { ReportDefinition } from "./catalogue.js";

export class ReportFileError extends Error {}

/** Text of a cell: surrounding quotes dropped ([unconfirmed] whether Apple quotes; harmless if not). */
const cell = (text: string) => (text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text);

/** The rows of a segment, each holding the report's required columns by name. `where` names the file in errors. */
export function readSegment(bytes: Uint8Array, report: ReportDefinition, where: string): Array<Record<string, string>> {
  let text: string;
  try {
    text = gunzipSync(bytes).toString("utf8");
  } catch (error) {
    throw new ReportFileError(`${where} of "${report.name}" is not a gzip file (${(error as Error).message}); run again to download it anew`);
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = (lines[0] ?? "").split("\t").map((name) => cell(name.trim()).toLowerCase());
  const positions: Array<[string, number]> = [];
  for (const name of report.required) {
    const at = header.indexOf(name.toLowerCase());
    if (at < 0)
      throw new ReportFileError(
        `${where} of "${report.name}" has no "${name}" column (it has: ${header.join(", ") || "no header"}); Apple may have changed the report`,
      );
    positions.push([name, at]);
  }
  const rows: Array<Record<string, string>> = [];
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === "") continue;
    const cells = line.split("\t");
    const row: Record<string, string> = {};
    for (const [name, at] of positions) row[name] = cell((cells[at] ?? "").trim());
    rows.push(row);
  }
  return rows;
}
