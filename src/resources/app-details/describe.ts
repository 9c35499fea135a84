/** What app detail changes look like: `copyright: "2025 Acme" → "2026 Acme"`, content rights in words. */
import type { ChangeIdentity, MarkdownSection, ResourceDescribe } from "../../contracts/resource.js";
import { plural } from "../../util/plural.js";
import type { AppDetailChange } from "./changes.js";

/** Content rights as app.yml writes them. */
function shown(change: Pick<AppDetailChange, "field">, value: string | null): string {
  if (value === null) return "(none)";
  if (change.field !== "contentRights") return JSON.stringify(value);
  return `usesThirdPartyContent: ${value === "USES_THIRD_PARTY_CONTENT"}`;
}

const what = (item: ChangeIdentity) => (item.field === "contentRights" ? "update contentRights (app)" : `update ${item.field ?? "a field"} (version)`);

const SECTION: MarkdownSection = { id: "app-details", rank: 5, head: ["| field | live | repository |", "|---|---|---|"] };

export const appDetailsDescribe: ResourceDescribe<AppDetailChange> = {
  what,
  count: (_kind, changes) => plural(changes.length, "app detail to update", "app details to update"),
  text: (change, pen) => [`  ~ ${change.field}: ${shown(change, change.before)} → ${shown(change, change.after)}${pen.at(change)}`],
  markdown: (change, pen) => ({
    section: SECTION,
    lines: [`| \`${change.field}\` | ${pen.cell(change.before === null ? null : shown(change, change.before))} | ${pen.cell(shown(change, change.after))} |`],
  }),
};
