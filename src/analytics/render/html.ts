/**
 * The dashboard as one static page: inline CSS and SVG, no script, no
 * request to anywhere, so it opens from a file, an artifact or GitHub Pages.
 * Every text from the repository or from Apple is escaped.
 */
import { CONVERSION_DEFINITION, type DailyFigures, type Figures, type Totals } from "../figures.js";
import { count, html, percent, signed, SOURCE_LABELS } from "./format.js";
import { lineChart, type ChartMarker } from "./svg.js";

const STYLE = `
body{font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d1d1f}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.muted{color:#6e6e73}.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:16px 0}
.card{background:#fff;border-radius:10px;padding:12px 14px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card b{display:block;font-size:22px}.up{color:#1a7f37}.down{color:#c62828}
section.chart-box{background:#fff;border-radius:10px;padding:12px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
svg.chart{width:100%;height:auto;display:block}
svg .daily{fill:none;stroke:#0a84ff;stroke-width:2}svg .average{fill:none;stroke:#ff9f0a;stroke-width:2;stroke-dasharray:6 4}
svg .grid{stroke:#e5e5ea}svg .axis{font-size:11px;fill:#6e6e73}svg .provisional{fill:#f2f2f7}
svg .marker line{stroke:#af52de;stroke-width:1.5;stroke-dasharray:3 3}svg .marker circle{fill:#af52de}svg .marker text{fill:#fff;font-size:10px;font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:10px;overflow:hidden}
th,td{padding:6px 10px;text-align:right;border-bottom:1px solid #eee}th:first-child,td:first-child{text-align:left}
.legend span{margin-right:16px}.swatch{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-right:6px}
ol.changes li{margin:4px 0}
`;

const swatch = (colour: string, label: string) => `<span><i class="swatch" style="background:${colour}"></i>${label}</span>`;
const LEGEND = [swatch("#0a84ff", "daily"), swatch("#ff9f0a", "7-day average"), swatch("#af52de", "listing change (numbered below)")].join("");

function trend(value: number | null): string {
  if (value === null) return `<span class="muted">–</span>`;
  return `<span class="${value >= 0 ? "up" : "down"}">${signed(value)}</span>`;
}

function card(label: string, now: string, before: string, change: number | null): string {
  return `<div class="card"><span class="muted">${html(label)}</span><b>${html(now)}</b>${trend(change)} <span class="muted">vs ${html(before)}</span></div>`;
}

function row(label: string, totals: Totals): string {
  const cells = [count(totals.impressions), count(totals.pageViews), count(totals.firstDownloads), percent(totals.conversion)];
  return `<tr><td>${html(label)}</td>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`;
}

const HEAD = "<tr><th></th><th>Impressions</th><th>Product page views</th><th>First-time downloads</th><th>Conversion</th></tr>";

export function renderDashboardHtml(figures: Figures, title: string): string {
  const dates = figures.daily.map((day) => day.date);
  const markers: ChartMarker[] = figures.changes.map((change, index) => ({
    index: dates.indexOf(change.date),
    number: index + 1,
    title: `${change.date}: ${change.what || "listing change"} (${change.subject})`,
  }));
  const provisional = figures.provisionalFrom ? dates.indexOf(figures.provisionalFrom) : undefined;
  const chart = (
    id: string,
    name: string,
    pick: (day: DailyFigures) => number | null,
    average: (day: DailyFigures) => number | null,
    format: (value: number) => string,
  ) =>
    `<section class="chart-box"><h2>${html(name)}</h2>${lineChart({
      id,
      title: `${name}, daily with a 7-day average`,
      dates,
      series: [
        { label: `${name}, daily`, values: figures.daily.map(pick), kind: "daily" },
        { label: `${name}, 7-day average`, values: figures.daily.map(average), kind: "average" },
      ],
      markers: markers.filter((marker) => marker.index >= 0),
      ...(provisional !== undefined && provisional >= 0 ? { provisionalFrom: provisional } : {}),
      format,
    })}</section>`;
  const { totals, previousTotals, change } = figures;
  const { period, previousPeriod } = figures;
  const intro =
    `${html(period.from)} to ${html(period.to)} (${period.days} days) against ${html(previousPeriod.from)} to ${html(previousPeriod.to)}. ` +
    `Conversion = ${html(CONVERSION_DEFINITION)}.` +
    (figures.provisionalFrom ? ` Days from ${html(figures.provisionalFrom)} are provisional (shaded): Apple may still restate them.` : "");
  const changes = figures.changes.length
    ? `<ol class="changes">${figures.changes
        .map(
          (item) =>
            `<li><b>${html(item.date)}</b> ${html(item.what || "listing change")} ` +
            `<span class="muted">— ${html(item.subject)} (${html(item.commit)})</span></li>`,
        )
        .join("")}</ol>`
    : `<p class="muted">No listing change (metadata or screenshots) was applied in this period.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${html(title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${html(title)}</h1>
<p class="muted">${intro}</p>
<div class="cards">
${card("Impressions", count(totals.impressions), count(previousTotals.impressions), change.impressions)}
${card("Product page views", count(totals.pageViews), count(previousTotals.pageViews), change.pageViews)}
${card("First-time downloads", count(totals.firstDownloads), count(previousTotals.firstDownloads), change.firstDownloads)}
${card("Conversion", percent(totals.conversion), percent(previousTotals.conversion), change.conversion)}
</div>
<p class="legend">${LEGEND}</p>
${chart(
  "impressions",
  "Impressions",
  (day) => day.impressions,
  (day) => day.average7.impressions,
  (value) => count(value),
)}
${chart(
  "page-views",
  "Product page views",
  (day) => day.pageViews,
  (day) => day.average7.pageViews,
  (value) => count(value),
)}
${chart(
  "first-downloads",
  "First-time downloads",
  (day) => day.firstDownloads,
  (day) => day.average7.firstDownloads,
  (value) => count(value),
)}
${chart(
  "conversion",
  "Conversion",
  (day) => day.conversion,
  (day) => day.average7.conversion,
  (value) => percent(value, 0),
)}
<h2>Listing changes</h2>
${changes}
<h2>This period against the previous one</h2>
<table>${HEAD}${row("This period", totals)}${row("Previous period", previousTotals)}</table>
<h2>By source type</h2>
<table>${HEAD}${figures.bySource.map((item) => row(SOURCE_LABELS[item.source] ?? item.source, item)).join("")}</table>
<h2>Top territories</h2>
<table>${HEAD}${figures.topTerritories.map((item) => row(item.territory, item)).join("")}</table>
<h2>Weekly</h2>
<table>${HEAD.replace("<th></th>", "<th>Week of</th>")}${figures.weekly.map((item) => row(item.week, item)).join("")}</table>
<p class="muted">Made by asc-gitops from ${figures.instances} App Store Connect analytics report instances
(Standard reports; a later instance replaces what an earlier one said of a day).</p>
</main></body></html>
`;
}
