/** What the submission's changes look like: "submit 2.5.0 for review", "resubmit … (App Review: REJECTED)", "release 2.5.0". */
import type { ChangeIdentity, MarkdownSection, ResourceDescribe, Versions } from "../../contracts/resource.js";
import { versionStage } from "../../model/version-states.js";
import { plural } from "../../util/plural.js";
import type { SubmissionChange } from "./changes.js";

const versionOf = (app: Versions | undefined, change?: SubmissionChange) => change?.versionString ?? app?.version?.versionString ?? "the version";

/** A version sent again after App Review refused it: the state says so (REJECTED, METADATA_REJECTED, INVALID_BINARY). */
const rejection = (change: SubmissionChange) =>
  change.kind === "submit" && versionStage(change.before) === "editable" && change.before !== "PREPARE_FOR_SUBMISSION";

function what(item: ChangeIdentity, app?: Versions, change?: SubmissionChange): string {
  const version = versionOf(app, change);
  if (item.kind === "release") return `release ${version}`;
  if (change && rejection(change)) return `resubmit ${version} for review (App Review: ${change.before})`;
  return `submit ${version} for review`;
}

const SECTION: MarkdownSection = { id: "submission", rank: 6, head: ["| submission | App Store Connect | after apply |", "|---|---|---|"] };

export const submissionDescribe: ResourceDescribe<SubmissionChange> = {
  stateChange: (change) => ({ version: change.versionString, from: change.before, to: change.after }),
  what: (item, app) => what(item, app, "versionId" in item ? (item as SubmissionChange) : undefined),
  count: (kind, changes) =>
    kind === "release"
      ? plural(changes.length, "version to release", "versions to release")
      : plural(changes.length, "version to submit for review", "versions to submit for review"),
  text: (change, pen) => [
    `  ${pen.style("green", "+")} ${what(change, pen.app, change)}: ${pen.style("red", change.before)} → ${pen.style("green", change.after)}${pen.at(change)}`,
    ...(change.kind === "submit" && change.reuse ? [pen.style("dim", `      in review submission ${change.reuse.id} (${change.reuse.state})`)] : []),
  ],
  markdown: (change, pen) => ({
    section: SECTION,
    lines: [`| ${pen.plain(what(change, pen.app, change))} | ${pen.cell(change.before)} | ${pen.cell(change.after)} |`],
  }),
};
