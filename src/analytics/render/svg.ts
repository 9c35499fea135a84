/**
 * A line chart as inline SVG: drawn by the browser with no script and no
 * server (GitHub Pages, a downloaded artifact, an e-mail client). The daily
 * line, its 7-day average dashed, the provisional days shaded, and each
 * listing change a numbered vertical marker whose <title> says what changed.
 */
import { html } from "./format.js";

export interface ChartSeries {
  label: string;
  values: ReadonlyArray<number | null>;
  kind: "daily" | "average";
}

export interface ChartMarker {
  /** Index of the day in the chart's dates. */
  index: number;
  number: number;
  title: string;
}

export interface ChartInput {
  id: string;
  title: string;
  dates: readonly string[];
  series: readonly ChartSeries[];
  markers: readonly ChartMarker[];
  /** Index of the first provisional day, if any. */
  provisionalFrom?: number;
  format: (value: number) => string;
}

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 64, right: 16, top: 24, bottom: 28 };

export function lineChart(chart: ChartInput): string {
  const values = chart.series.flatMap((series) => series.values.filter((value): value is number => value !== null));
  const max = Math.max(...values, 0) * 1.1 || 1;
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = chart.dates.length > 1 ? innerWidth / (chart.dates.length - 1) : 0;
  const x = (index: number) => PAD.left + index * step;
  const y = (value: number) => PAD.top + innerHeight - (value / max) * innerHeight;
  const parts: string[] = [];
  parts.push(
    `<svg id="${html(chart.id)}" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" ` +
      `aria-labelledby="${html(chart.id)}-title" xmlns="http://www.w3.org/2000/svg">`,
  );
  parts.push(`<title id="${html(chart.id)}-title">${html(chart.title)}</title>`);
  if (chart.provisionalFrom !== undefined) {
    const from = x(chart.provisionalFrom) - step / 2;
    parts.push(
      `<rect class="provisional" x="${from.toFixed(1)}" y="${PAD.top}" width="${(WIDTH - PAD.right - from).toFixed(1)}" height="${innerHeight}">` +
        "<title>Provisional: Apple may still restate these days</title></rect>",
    );
  }
  for (let tick = 0; tick <= 4; tick++) {
    const value = (max / 1.1) * (tick / 4);
    const at = y(value).toFixed(1);
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${at}" y2="${at}"/>`);
    parts.push(`<text class="axis" x="${PAD.left - 6}" y="${at}" text-anchor="end" dominant-baseline="middle">${html(chart.format(value))}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(chart.dates.length / 6));
  chart.dates.forEach((date, index) => {
    if (index % labelEvery === 0 || index === chart.dates.length - 1)
      parts.push(`<text class="axis" x="${x(index).toFixed(1)}" y="${HEIGHT - 8}" text-anchor="middle">${html(date.slice(5))}</text>`);
  });
  for (const series of chart.series) {
    let d = "";
    let pen = "M";
    series.values.forEach((value, index) => {
      if (value === null) {
        pen = "M";
        return;
      }
      d += `${pen}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
      pen = "L";
    });
    if (d) parts.push(`<path class="${series.kind}" d="${d}"><title>${html(series.label)}</title></path>`);
  }
  for (const marker of chart.markers) {
    const at = x(marker.index).toFixed(1);
    parts.push(
      `<g class="marker"><title>${html(marker.title)}</title><line x1="${at}" x2="${at}" y1="${PAD.top}" y2="${PAD.top + innerHeight}"/>` +
        `<circle cx="${at}" cy="${PAD.top - 10}" r="8"/>` +
        `<text x="${at}" y="${PAD.top - 10}" text-anchor="middle" dominant-baseline="central">${marker.number}</text></g>`,
    );
  }
  parts.push("</svg>");
  return parts.join("");
}
