/** How the plan says a phased release change: `+ phased release (ACTIVE)`, `~ phased release: ACTIVE → PAUSED`, `- phased release`. */
import type { ChangeIdentity, MarkdownSection, ResourceDescribe } from "../../contracts/resource.js";
import { plural } from "../../util/plural.js";
import type { PhasedReleaseChange } from "./changes.js";

const WHAT: Readonly<Record<string, string>> = {
  "phased-release-create": "set up the phased release",
  "phased-release-update": "change the phased release's state",
  "phased-release-delete": "cancel the phased release",
};

const SECTION: MarkdownSection = { id: "phased-release", rank: 7, head: ["| phased release | live | repository |", "|---|---|---|"] };

export const phasedReleaseDescribe: ResourceDescribe<PhasedReleaseChange> = {
  what: (item: ChangeIdentity) => WHAT[item.kind] ?? "change the phased release",
  count: (kind, changes) =>
    kind === "phased-release-delete"
      ? plural(changes.length, "phased release to cancel", "phased releases to cancel")
      : kind === "phased-release-create"
        ? plural(changes.length, "phased release to set up", "phased releases to set up")
        : plural(changes.length, "phased release to pause or resume", "phased releases to pause or resume"),
  text: (change, pen) => {
    if (change.kind === "phased-release-create") return [pen.style("green", `  + phased release (${change.after}, over 7 days)`) + pen.at(change)];
    if (change.kind === "phased-release-delete")
      return [pen.style("red", `  - phased release (${change.before}): release to everyone at once`) + pen.at(change)];
    return [`  ~ phased release: ${change.before} → ${change.after}${pen.at(change)}`];
  },
  markdown: (change, pen) => ({ section: SECTION, lines: [`| state | ${pen.cell(change.before)} | ${pen.cell(change.after ?? "(none)")} |`] }),
};
