/** Numbers and text as the dashboard writes them, for HTML and Markdown alike. */
import { escapeControls } from "../../util/control-characters.js";

export const count = (value: number | null) => (value === null ? "–" : Math.round(value).toLocaleString("en-US"));
export const percent = (value: number | null, digits = 1) => (value === null ? "–" : `${(value * 100).toFixed(digits)} %`);
export const signed = (value: number | null) => (value === null ? "–" : `${value >= 0 ? "+" : "−"}${Math.abs(value * 100).toFixed(1)} %`);

export const SOURCE_LABELS: Record<string, string> = {
  search: "App Store search",
  browse: "App Store browse",
  referrer: "Referrers (app and web)",
  other: "Other",
};

/** Text for HTML: control characters made visible, then &, <, >, " and ' as entities. */
export function html(text: string): string {
  return escapeControls(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
