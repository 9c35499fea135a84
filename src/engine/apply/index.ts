/**
 * apply(Plan): execute in the order that never loses content (create, update,
 * upload, reorder, delete last), let independent changes go on when one
 * fails, then prove it: read live state again and diff; whatever differs is
 * reported as not converged.
 */
import { ApplyRun, DEFAULT_APPLY_OPTIONS, type ApplyClient, type ApplyOptions } from "../../contracts/apply-run.js";
import { isRemoval, type AnyResource } from "../../contracts/resource.js";
import { RESOURCES, type DesiredState, type LiveState } from "../../resources/index.js";
import { plural } from "../../util/plural.js";
import { diff } from "../diff.js";
import { ownerOf } from "../owners.js";
import type { Change, Plan, PlanChange } from "../plan/plan.js";
import { readLiveState } from "../read.js";
import { inDependencyOrder } from "../schedule.js";
import { describeChange, localeHeading } from "../render/describe.js";
import { APPLY_REPORT_SCHEMA_VERSION, type ApplyReport, type Verification, type WriteRecord } from "./report.js";

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
  /** The resources to apply (default: the registry). */
  resources?: readonly AnyResource[];
}

type Run = ApplyRun<DesiredState, LiveState>;

const removal = (resource: AnyResource, change: PlanChange) => isRemoval(resource.kinds[change.kind]!);

/** Reads live state again and diffs, with what each resource knows of this run that Apple has not published yet (Resource.known). */
async function verify(input: ApplyInput, run: Run, resources: readonly AnyResource[]): Promise<Verification> {
  const { live: read, errors } = await readLiveState(run.client, input.desired, { resources });
  if (!read) throw new Error(errors.map((error) => error.message).join("; "));
  const live = resources.reduce<LiveState>((state, resource) => resource.known?.(state, run) ?? state, read);
  const replan = diff(input.desired, live, { today: input.plan.today, errors, resources });
  const remaining = input.scope ? replan.changes.filter(input.scope) : replan.changes;
  // A blocked change is a difference too; a narrowed apply (the scheduled run's rotations) answers only for its own changes.
  const blocked = input.scope ? [] : replan.blocked;
  const failedAssets = resources.flatMap((resource) => resource.failedAssets?.(live) ?? []);
  return {
    converged: remaining.length === 0 && blocked.length === 0 && replan.pending.length === 0,
    partial: input.scope !== undefined,
    remaining,
    blocked,
    stillProcessing: replan.pending.length,
    failedAssets,
  };
}

/**
 * Each resource applies its changes but the removals, once what it needs is
 * applied; then the removals (whole localizations, whole sets), each once the
 * removals of what hangs on it are done.
 */
async function applyChanges(run: Run, changes: readonly Change[], all: readonly AnyResource[]): Promise<void> {
  const of = (resource: AnyResource) => changes.filter((change) => ownerOf(change, all) === resource);
  const resources = all.filter((resource) => !resource.last);
  await inDependencyOrder(resources, (resource) =>
    resource.apply(
      of(resource).filter((change) => !removal(resource, change)),
      run,
    ),
  );
  await inDependencyOrder(
    resources,
    async (resource) => {
      const removals = of(resource).filter((change) => removal(resource, change));
      if (removals.length) await resource.remove?.(removals, run);
    },
    true,
  );
  // Those that act on the whole (the submission), once everything else is done.
  for (const resource of all.filter((candidate) => candidate.last)) await resource.apply(of(resource), run);
}

/** After verifying: what a resource repairs at once (another apply's second copies), then a second look. */
async function repaired(run: Run, verification: Verification, resources: readonly AnyResource[]): Promise<boolean> {
  let any = false;
  for (const resource of resources) {
    const remaining = verification.remaining.filter((change) => ownerOf(change, resources) === resource);
    if (remaining.length && (await resource.repair?.(remaining, run))) any = true;
  }
  return any;
}

export async function applyPlan(input: ApplyInput): Promise<ApplyReport> {
  const startedAt = new Date().toISOString();
  const options = { ...DEFAULT_APPLY_OPTIONS, ...input.options };
  const resources = input.resources ?? RESOURCES;
  const run: Run = new ApplyRun(input.client, input.live, input.desired, options, input.progress, input.scope !== undefined);
  await applyChanges(run, input.plan.changes, resources);

  if (run.unreachable)
    input.progress(
      `✗ App Store Connect could not be reached: ${run.unreachable.describe()}; the changes after it failed at once. Run apply again once it answers.`,
    );
  let verification: Verification | null = null;
  try {
    verification = await verify(input, run, resources);
    if (!run.unreachable && (await repaired(run, verification, resources))) verification = await verify(input, run, resources);
    if (!verification.converged) {
      const parts = [
        verification.remaining.length ? `${plural(verification.remaining.length, "change", "changes")} still differ` : "",
        verification.blocked.length ? `${plural(verification.blocked.length, "change is", "changes are")} blocked` : "",
        verification.stillProcessing ? `${plural(verification.stillProcessing, "screenshot is", "screenshots are")} still processing` : "",
      ];
      input.progress(`✗ not converged: ${parts.filter(Boolean).join(", ")}`);
      for (const change of verification.remaining) input.progress(`  ${localeHeading(change.locale)}: ${describeChange(change, input.plan.app, resources)}`);
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
