/**
 * apply(Plan): execute in the order that never loses content (create, update,
 * upload, reorder, delete last), let independent changes go on when one
 * fails, then prove it: read live state again and diff; whatever differs is
 * reported as not converged.
 */
import { applyFieldUpdates, applyLocalizationCreates, applyLocalizationDeletes } from "../../resources/localization-apply.js";
import { applyScreenshotChanges, applyScreenshotSetDeletes, deleteDuplicateScreenshots } from "../../resources/screenshots/apply.js";
import { withCommittedChecksums } from "../../resources/screenshots/committed.js";
import type { DesiredState } from "../desired-state.js";
import { diff } from "../diff.js";
import type { LiveState } from "../live-state.js";
import type { Change, FieldUpdate, LocalizationCreate, LocalizationDelete, Plan, ScreenshotDelete, ScreenshotSetDelete } from "../plan/plan.js";
import { readLiveState } from "../read.js";
import { describeChange, plural } from "../render/describe.js";
import { APPLY_REPORT_SCHEMA_VERSION, type ApplyReport, type Verification, type WriteRecord } from "./report.js";
import { ApplyRun, DEFAULT_APPLY_OPTIONS, type ApplyClient, type ApplyOptions } from "./run.js";

export interface ApplyInput {
  client: ApplyClient;
  desired: DesiredState;
  live: LiveState;
  plan: Plan;
  progress: (line: string) => void;
  /** The write requests the client made, as its listener collected them. */
  writes: () => WriteRecord[];
  /** Which changes a fresh plan may still show after applying (default: none): the plan applied only these. */
  scope?: (change: Change) => boolean;
  options?: Partial<ApplyOptions>;
}

const isDuplicate = (change: Change): change is ScreenshotDelete => change.kind === "screenshot-delete" && change.reason === "duplicate";

const ofKind = <K extends Change["kind"]>(changes: readonly Change[], kind: K) => changes.filter((change): change is Extract<Change, { kind: K }> => change.kind === kind);

/** Reads live state again and diffs; a screenshot this run committed counts with the checksum it sent (see committed.ts). */
async function verify(input: ApplyInput, run: ApplyRun): Promise<Verification> {
  const { live: read, errors } = await readLiveState(run.client, input.desired);
  if (!read) throw new Error(errors.map((error) => error.message).join("; "));
  const live = withCommittedChecksums(read, run.committedScreenshots);
  const replan = diff(input.desired, live, { today: input.plan.today, errors });
  const remaining = input.scope ? replan.changes.filter(input.scope) : replan.changes;
  // A blocked change is a difference too; a narrowed apply (the scheduled run's rotations) answers only for its own changes.
  const blocked = input.scope ? [] : replan.blocked;
  const failedAssets = live.screenshotSets.flatMap((set) =>
    set.screenshots.filter((shot) => shot.state === "FAILED").map((shot) => ({ locale: set.locale, displayType: set.displayType, fileName: shot.fileName, errors: shot.errors ?? [] })),
  );
  return {
    converged: remaining.length === 0 && blocked.length === 0 && replan.pending.length === 0,
    partial: input.scope !== undefined,
    remaining,
    blocked,
    stillProcessing: replan.pending.length,
    failedAssets,
  };
}

export async function applyPlan(input: ApplyInput): Promise<ApplyReport> {
  const startedAt = new Date().toISOString();
  const options = { ...DEFAULT_APPLY_OPTIONS, ...input.options };
  const run = new ApplyRun(input.client, input.live, input.desired, options, input.progress);
  const { changes } = input.plan;

  await applyLocalizationCreates(run, ofKind(changes, "localization-create") as LocalizationCreate[]);
  await applyFieldUpdates(run, ofKind(changes, "field-update") as FieldUpdate[]);
  // A scoped plan (the scheduled run's rotations) touches nothing else; a whole one also settles screenshots left processing.
  await applyScreenshotChanges(run, changes, { settlePending: !input.scope });
  await applyScreenshotSetDeletes(run, ofKind(changes, "screenshot-set-delete") as ScreenshotSetDelete[]);
  await applyLocalizationDeletes(run, ofKind(changes, "localization-delete") as LocalizationDelete[]);

  if (run.unreachable)
    input.progress(`✗ App Store Connect could not be reached: ${run.unreachable.describe()}; the changes after it failed at once. Run apply again once it answers.`);
  let verification: Verification | null = null;
  try {
    verification = await verify(input, run);
    // Another apply at the same time (say, from another machine) may have uploaded the same files: remove the second copies, then look again.
    const duplicates = verification.remaining.filter(isDuplicate);
    if (duplicates.length && !run.unreachable) {
      await deleteDuplicateScreenshots(run, duplicates);
      verification = await verify(input, run);
    }
    if (!verification.converged) {
      const parts = [
        verification.remaining.length ? `${plural(verification.remaining.length, "change", "changes")} still differ` : "",
        verification.blocked.length ? `${plural(verification.blocked.length, "change is", "changes are")} blocked` : "",
        verification.stillProcessing ? `${plural(verification.stillProcessing, "screenshot is", "screenshots are")} still processing` : "",
      ];
      input.progress(`✗ not converged: ${parts.filter(Boolean).join(", ")}`);
      for (const change of verification.remaining) input.progress(`  ${change.locale}: ${describeChange(change, input.plan.app)}`);
    }
  } catch (error) {
    input.progress(`✗ verification failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const failed = run.steps.some((step) => step.status !== "done");
  return {
    schemaVersion: APPLY_REPORT_SCHEMA_VERSION,
    app: input.plan.app,
    today: input.plan.today,
    startedAt,
    finishedAt: new Date().toISOString(),
    planned: input.plan.summary,
    steps: run.steps,
    blocked: input.plan.blocked,
    requests: input.writes(),
    verification,
    success: !failed && verification !== null && verification.converged && verification.failedAssets.length === 0,
  };
}
