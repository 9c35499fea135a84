/** How the plan says a version setting: `release type: manual → after-approval`, `build: 240 → 241`. */
import type { ChangeIdentity, MarkdownSection, ResourceDescribe } from "../../contracts/resource.js";
import { plural } from "../../util/plural.js";
import type { AppVersionChange, AppVersionField } from "./changes.js";
import { releaseTypeWord } from "./desired.js";

const LABELS: Readonly<Record<AppVersionField, string>> = {
  versionString: "version",
  copyright: "copyright",
  releaseType: "release type",
  earliestReleaseDate: "release date",
  build: "build",
};

const label = (field: string | undefined): string => LABELS[field as AppVersionField] ?? field ?? "a version setting";

/** A value as app.yml writes it. */
function shown(change: Pick<AppVersionChange, "field">, value: string | null): string {
  if (value === null) return "(none)";
  if (change.field === "copyright") return JSON.stringify(value);
  return change.field === "releaseType" ? releaseTypeWord(value) : value;
}

const SECTION: MarkdownSection = { id: "app-version", rank: 6, head: ["| version setting | live | repository |", "|---|---|---|"] };

/** What creating a version means for the rest of the plan. */
const createNote = (change: AppVersionChange) =>
  change.basis
    ? `App Store Connect copies ${change.basis} into it; the rest is planned against ${change.basis} and planned again once it exists`
    : "the rest is planned again once it exists";

function what(item: ChangeIdentity): string {
  if (item.kind === "version-create") return "create the version";
  if (item.field === "build") return "attach the build";
  if (item.field === "versionString") return "rename the version";
  return `update the ${label(item.field)} (version)`;
}

export const appVersionDescribe: ResourceDescribe<AppVersionChange> = {
  what,
  count: (kind, changes) =>
    kind === "version-create"
      ? plural(changes.length, "version to create", "versions to create")
      : plural(changes.length, "version setting to update", "version settings to update"),
  text: (change, pen) => {
    if (change.kind === "version-create")
      return [pen.style("green", `  + create version ${change.after}`) + pen.style("dim", ` (${createNote(change)})`) + pen.at(change)];
    if (change.field === "versionString") return [`  ~ rename version ${change.before} → ${change.after}${pen.at(change)}`];
    return [`  ~ ${label(change.field)}: ${shown(change, change.before)} → ${shown(change, change.after)}${pen.at(change)}`];
  },
  markdown: (change, pen) => {
    const after = change.kind === "version-create" ? `${change.after} (to create: ${createNote(change)})` : shown(change, change.after);
    const before = change.before === null ? null : shown(change, change.before);
    return { section: SECTION, lines: [`| ${label(change.field)} | ${pen.cell(before)} | ${pen.cell(after)} |`] };
  },
};
