/**
 * The submission and release as changes. `submit: true` on a version being
 * prepared (or rejected, or added to a submission not sent yet) is a `submit`
 * change, or blocked changes that say why it cannot go: another submission
 * in the way, what the resources before it could not apply, and every
 * blocker of the pre-flight. A version in review or past it needs nothing:
 * re-running apply on a submitted version plans no change.
 * `release: { now: true }` on a version in PENDING_DEVELOPER_RELEASE is a
 * `release` change; before approval it waits, after release there is nothing to do.
 */
import type { BlockedChange, ChangeSource } from "../../contracts/plan.js";
import type { DiffContext, DiffResult } from "../../contracts/resource.js";
import { plural } from "../../util/plural.js";
import { SUBMISSION_GROUP, type SubmissionChange, type SubmitChange } from "./changes.js";
import { mayNeedSubmitting, type LiveReviewSubmission } from "./live.js";
import { preflight, type PreflightDesired, type PreflightLive } from "./preflight.js";

/** Submission states App Review is working in: nothing else can be sent meanwhile. */
const IN_PROGRESS = new Set(["WAITING_FOR_REVIEW", "IN_REVIEW", "UNRESOLVED_ISSUES"]);

type Way = { reuse?: SubmitChange["reuse"] } | { blocked: string };

/** Which submission the version goes in: one to reuse, a new one, or why none can be used now. */
function chooseSubmission(submissions: readonly LiveReviewSubmission[], versionId: string): Way {
  const holding = submissions.find((submission) => submission.versionIds.includes(versionId) && submission.state !== "CANCELING");
  if (holding) {
    if (holding.items > 1)
      return {
        blocked: `review submission ${holding.id} (${holding.state}) holds ${holding.items - 1} other items: submit or remove them in App Store Connect`,
      };
    return { reuse: { id: holding.id, state: holding.state, holdsVersion: true } };
  }
  const busy = submissions.find((submission) => IN_PROGRESS.has(submission.state));
  if (busy)
    return {
      blocked:
        `another review submission (${busy.id}) of this app is ${busy.state}: App Review takes one submission per platform at a time; ` +
        "wait for it, or cancel it in App Store Connect",
    };
  const open = submissions.find((submission) => submission.state === "READY_FOR_REVIEW");
  if (open && open.items > 0)
    return {
      blocked:
        `review submission ${open.id} (READY_FOR_REVIEW) holds ${plural(open.items, "item", "items")} asc-gitops does not manage: ` +
        "submit or remove them in App Store Connect",
    };
  // A cancelled submission may still hold the version for a while: apply retries the add (see apply.ts).
  return open ? { reuse: { id: open.id, state: open.state, holdsVersion: false } } : {};
}

export function diffSubmission(desired: PreflightDesired, live: PreflightLive, context: DiffContext): DiffResult<SubmissionChange> {
  const changes: SubmissionChange[] = [];
  const blocked: BlockedChange[] = [];
  const wanted = desired.submission;
  if (!wanted) return { changes, blocked };
  const version = live.version;
  const sourceOf = (key: string): ChangeSource => {
    const position = wanted.sources.positions[key];
    return { file: wanted.sources.file, ...(position ? { line: position.line, column: position.column } : {}) };
  };
  const block = (kind: "submit" | "release", reason: string, source: ChangeSource) =>
    blocked.push({ kind, resource: "submission", locale: SUBMISSION_GROUP, reason, source });

  if (wanted.submit) {
    if (!version) block("submit", "the app has no version to submit: create one in App Store Connect or set version: in app.yml", sourceOf("submit"));
    else if (mayNeedSubmitting(version.state)) {
      const reasons: { reason: string; source: ChangeSource }[] = [];
      const before = context.blockedBefore ?? [];
      if (before.length > 0)
        reasons.push({
          reason: `${plural(before.length, "other change is", "other changes are")} blocked (listed above): it is submitted once they are resolved`,
          source: sourceOf("submit"),
        });
      const way = chooseSubmission(live.submission?.submissions ?? [], version.id);
      if ("blocked" in way) reasons.push({ reason: way.blocked, source: sourceOf("submit") });
      reasons.push(...preflight(desired, live));
      for (const { reason, source } of reasons) block("submit", reason, source);
      if (reasons.length === 0 && !("blocked" in way))
        changes.push({
          kind: "submit",
          resource: "submission",
          locale: SUBMISSION_GROUP,
          versionId: version.id,
          versionString: version.versionString,
          before: version.state,
          after: "WAITING_FOR_REVIEW",
          ...(way.reuse ? { reuse: way.reuse } : {}),
          source: sourceOf("submit"),
        });
    }
  }
  if (wanted.releaseNow && version?.state === "PENDING_DEVELOPER_RELEASE")
    changes.push({
      kind: "release",
      resource: "submission",
      locale: SUBMISSION_GROUP,
      versionId: version.id,
      versionString: version.versionString,
      before: version.state,
      after: "READY_FOR_DISTRIBUTION",
      source: sourceOf("releaseNow"),
    });
  return { changes, blocked };
}
