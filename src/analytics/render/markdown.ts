/** The dashboard's summary for a job summary or a terminal: the period against the previous one, sources, territories, changes. */
import { plain } from "../../engine/render/markdown.js";
import { CONVERSION_DEFINITION, type Figures, type Totals } from "../figures.js";
import { count, percent, signed, SOURCE_LABELS } from "./format.js";

const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
const totalsCells = (totals: Totals) => [count(totals.impressions), count(totals.pageViews), count(totals.firstDownloads), percent(totals.conversion)];
const HEAD = ["Impressions", "Product page views", "First-time downloads", "Conversion"];

export function renderDashboardMarkdown(figures: Figures, title: string): string {
  const { totals, previousTotals, change } = figures;
  const lines = [
    `## ${plain(title)}`,
    "",
    `${figures.period.from} to ${figures.period.to} (${figures.period.days} days) against ${figures.previousPeriod.from} to ${figures.previousPeriod.to}. ` +
      `Conversion = ${CONVERSION_DEFINITION}.` +
      (figures.provisionalFrom ? ` Days from ${figures.provisionalFrom} are provisional (Apple may still restate them).` : ""),
    "",
    line(["", ...HEAD]),
    line(["---", "---:", "---:", "---:", "---:"]),
    line(["This period", ...totalsCells(totals)]),
    line(["Previous period", ...totalsCells(previousTotals)]),
    line(["Change", signed(change.impressions), signed(change.pageViews), signed(change.firstDownloads), signed(change.conversion)]),
    "",
    "### By source type",
    "",
    line(["Source", ...HEAD]),
    line(["---", "---:", "---:", "---:", "---:"]),
    ...figures.bySource.map((item) => line([SOURCE_LABELS[item.source] ?? plain(item.source), ...totalsCells(item)])),
    "",
    "### Top territories",
    "",
    line(["Territory", ...HEAD]),
    line(["---", "---:", "---:", "---:", "---:"]),
    ...figures.topTerritories.map((item) => line([plain(item.territory), ...totalsCells(item)])),
    "",
    "### Listing changes in the period",
    "",
    ...(figures.changes.length
      ? figures.changes.map(
          (item, index) => `${index + 1}. **${item.date}** ${plain(item.what || "listing change")}: ${plain(item.subject)} (\`${item.commit}\`)`,
        )
      : ["No listing change (metadata or screenshots) was applied in this period."]),
    "",
  ];
  return lines.join("\n");
}
