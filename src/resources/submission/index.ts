/**
 * submission: `submit: true` and `release: { now: true }` in metadata/app.yml
 * (DESIGN.md §14). It reads the managed version's build and the app info's
 * primary category through the shared reads' includes, and the app's open
 * review submissions with ONE request of its own, only when app.yml asks to
 * submit and the version may still need it. It applies last (`last`), after
 * every other change of the run, and never when one of them failed or is blocked.
 */
import type { Resource } from "../../contracts/resource.js";
import { applySubmission } from "./apply.js";
import type { SubmissionChange } from "./changes.js";
import { submissionDescribe } from "./describe.js";
import { submissionDesired, type DesiredSubmission } from "./desired.js";
import { diffSubmission } from "./diff.js";
import { readSubmission, type LiveSubmissionSlice } from "./live.js";
import type { PreflightDesired, PreflightLive } from "./preflight.js";

export const submission: Resource<DesiredSubmission, LiveSubmissionSlice, SubmissionChange, PreflightDesired, PreflightLive> = {
  name: "submission",
  last: true,
  kinds: { submit: "update", release: "update" },
  desired: submissionDesired,
  locales: () => [],
  read: {
    includesOne: { versions: ["build"], appInfos: ["primaryCategory"] },
    atOnce: (desired) => (desired.submission?.submit ? 1 : 0),
    read: (client, { desired, live, shared }) => readSubmission(client, shared, live, desired.submission?.submit === true),
  },
  diff: (desired, live, context) => diffSubmission(desired, live, context),
  order: (change) => [change.kind === "submit" ? 0 : 1],
  apply: (changes, run) => applySubmission(changes, run),
  describe: submissionDescribe,
};
