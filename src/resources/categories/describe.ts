/** What a categories change looks like: `primaryCategory: LIFESTYLE → HEALTH_AND_FITNESS`, none shown as such. */
import type { MarkdownSection, ResourceDescribe } from "../../contracts/resource.js";
import { plural } from "../../util/plural.js";
import type { CategoriesUpdate } from "./diff.js";

const show = (id: string | null) => id ?? "(none)";

const SECTION: MarkdownSection = { id: "categories", rank: 5, head: ["| category | App Store Connect | repository |", "|---|---|---|"] };

export const categoriesDescribe: ResourceDescribe<CategoriesUpdate> = {
  what: (change) => (change.field ? `set ${change.field} of the app info` : "update the app's categories"),
  count: (_kind, changes) =>
    plural(
      changes.reduce((sum, change) => sum + change.slots.length, 0),
      "category to change",
      "categories to change",
    ),
  text: (change, pen) => [
    pen.style("yellow", "  ~ categories") + pen.at(change),
    ...change.slots.map((slot) => `      ${slot.relationship}: ${pen.style("red", show(slot.before))} → ${pen.style("green", show(slot.after))}`),
  ],
  markdown: (change, pen) => ({
    section: SECTION,
    lines: change.slots.map((slot) => `| ${pen.plain(slot.relationship)} | ${pen.cell(show(slot.before))} | ${pen.cell(show(slot.after))} |`),
  }),
};
