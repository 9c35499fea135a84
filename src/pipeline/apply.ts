/**
 * apply: validate, take the app's apply lock, read live state, plan again
 * from the repository (or check a saved plan still holds), execute, verify.
 * Returns the ApplyReport, or where and why it stopped; progress goes to
 * events.progress as it happens, and nothing else is printed.
 */
import type { RequestEvent } from "../asc/http.js";
import { applyPlan } from "../engine/apply/index.js";
import type { ApplyReport, WriteRecord } from "../engine/apply/report.js";
import type { DesiredState } from "../engine/desired-state.js";
import type { Diagnostic } from "../contracts/diagnostics.js";
import { diff } from "../engine/diff.js";
import type { Change, Plan } from "../engine/plan/plan.js";
import type { LiveState } from "../engine/live-state.js";
import { readLiveState } from "../engine/read.js";
import { summaryLine } from "../engine/render/describe.js";
import { RESOURCES } from "../resources/index.js";
import { todayUtc } from "../util/utc-dates.js";
import { ApplyLockedError, lockApply } from "./apply-lock.js";
import { connect, type Connection } from "./connection.js";
import { validateAndDesire } from "./desired.js";
import { atStage, type RunFailure } from "./failure.js";
import type { RunEvents, RunOptions } from "./options.js";
import { readSavedPlan } from "./saved-plan.js";
import { downloadRenditions, type Renditions } from "./renditions.js";

export interface ApplyOptions extends RunOptions {
  /** A saved plan (plan --out): apply only if a fresh plan is the same. */
  planFile?: string;
  /** Test and benchmark knobs for waiting on processing. */
  processingTimeoutMs?: number;
  pollIntervalMs?: number;
  /** How long to wait for another apply of the app on this machine (default a minute). */
  lockWaitMs?: number;
}

export interface ApplyResult {
  report?: ApplyReport;
  /** The plan that was applied (after a fresh read of live state). */
  plan?: Plan;
  /** The whole fresh plan, before a selection narrowed it (the scheduled run's rotations). */
  planned?: Plan;
  /** What the repository asks for (once it validated). */
  desired?: DesiredState;
  /** The live state the plan was made against, before anything was applied (for the pictures the changes show). */
  live?: LiveState;
  /** With `pictures: "download"`: the renditions the plan shows, fetched before apply changed them. */
  renditions?: Renditions;
  diagnostics: Diagnostic[];
  /** Why there is no report (the saved plan, validation, the lock, or live state could not be read). */
  failure?: RunFailure;
}

/** Which part of a fresh plan to apply, and which remaining changes verification holds against it. */
export interface ApplySelection {
  plan: Plan;
  scope?: (change: Change) => boolean;
}

/** Chooses what to apply of the fresh plan: a pure function of the plan and the repository. */
export type Select = (plan: Plan, desired: DesiredState) => ApplySelection;

/** The parts of a plan that must match for a saved plan to be applied. */
const planFingerprint = (plan: Plan) => JSON.stringify({ app: plan.app.id, version: plan.app.version?.id, today: plan.today, changes: plan.changes });

/** Applies the whole fresh plan, or what `select` chooses of it. */
export async function runApply(options: ApplyOptions, events: RunEvents = {}, select: Select = (plan) => ({ plan })): Promise<ApplyResult> {
  // A saved plan is checked first: a wrong file is said at once, before files are validated or anything is read.
  const saved = options.planFile ? await readSavedPlan(options.planFile) : undefined;
  const validated = await validateAndDesire(options, events);
  const diagnostics = validated.validation.diagnostics;
  const { desired } = validated;
  if (!desired) return { diagnostics, failure: validated.failure };
  const writes: WriteRecord[] = [];
  const listener = (event: RequestEvent) => {
    if (event.method === "GET") return;
    writes.push({
      at: new Date(event.startedAt).toISOString(),
      method: event.method,
      path: event.path,
      status: event.status,
      attempt: event.attempt,
      durationMs: Math.round(event.durationMs),
    });
  };
  // Credentials are checked before the lock is waited for: a broken key is said at once, not after another apply ends.
  const connecting = () => connect({ ...options.connection, client: { ...options.connection.client, listener } });
  const connection = await atStage("connect", connecting, options.connection.keyNames);
  try {
    let unlock: () => Promise<void>;
    try {
      unlock = await lockApply({
        connection: options.connection,
        app: desired.app.app,
        ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}),
        progress: (line) => events.progress?.(line),
      });
    } catch (error) {
      if (!(error instanceof ApplyLockedError)) throw error;
      return { desired, diagnostics, failure: { stage: "apply", messages: [error.message] } };
    }
    try {
      return await applyLocked(options, events, select, { desired, diagnostics, saved, connection, writes });
    } finally {
      await unlock();
    }
  } finally {
    await connection.close();
  }
}

/** Read, plan, apply and verify, once this process holds the app's apply lock. */
async function applyLocked(
  options: ApplyOptions,
  events: RunEvents,
  select: Select,
  context: { desired: DesiredState; diagnostics: Diagnostic[]; saved: Plan | undefined; connection: Connection; writes: WriteRecord[] },
): Promise<ApplyResult> {
  const { desired, diagnostics, saved, connection, writes } = context;
  const progress = (line: string) => events.progress?.(line);
  const keyNames = options.connection.keyNames;
  const note = await connection.prepare?.(desired);
  if (note) progress(note);
  const withImages = options.pictures !== undefined;
  const { live, errors } = await atStage("read", () => readLiveState(connection.client, desired, withImages ? { withImages } : {}), keyNames);
  if (!live || errors.length) return { diagnostics, failure: { stage: "read", messages: errors.map((error) => error.message) } };
  const planned = diff(desired, live, { today: options.today ?? todayUtc() });
  const { plan, scope } = select(planned, desired);
  if (saved && planFingerprint(saved) !== planFingerprint(plan)) {
    const changed = "the repository or App Store Connect changed since it was made";
    const message = `${options.planFile} no longer matches: ${changed}. Run plan again; nothing was changed.`;
    return { plan, planned, diagnostics, failure: { stage: "plan-file", messages: [message] } };
  }
  // What a removal or a replacement takes away is fetched while it is still live.
  const renditions = options.pictures === "download" ? await downloadRenditions(connection.client, plan, live) : undefined;
  progress(`Applying to ${connection.label}: ${summaryLine(plan)}`);
  const applyOptions = {
    ...(options.processingTimeoutMs !== undefined ? { processingTimeoutMs: options.processingTimeoutMs } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
  };
  const apply = (state: typeof live, applied: Plan, only?: (change: Change) => boolean) =>
    applyPlan({
      client: connection.client,
      desired,
      live: state,
      plan: applied,
      progress,
      writes: () => writes,
      ...(only ? { scope: only } : {}),
      options: applyOptions,
    });
  // What must exist before the rest can be planned (a new version): made alone, then live read and the rest planned again.
  const firstKinds = new Set(RESOURCES.flatMap((resource) => resource.first ?? []));
  const isFirst = (change: Change) => firstKinds.has(change.kind);
  let report;
  let applied = plan;
  if (plan.changes.some(isFirst)) {
    const before = await apply(live, { ...plan, changes: plan.changes.filter(isFirst), blocked: [] }, isFirst);
    if (!before.success) {
      progress("✗ nothing else was changed: the rest waits for what failed above (run apply again)");
      report = before;
    } else {
      const again = await atStage("read", () => readLiveState(connection.client, desired), keyNames);
      if (!again.live || again.errors.length) return { diagnostics, failure: { stage: "read", messages: again.errors.map((error) => error.message) } };
      const replanned = select(diff(desired, again.live, { today: plan.today }), desired);
      applied = replanned.plan;
      progress(`Planned again: ${summaryLine(applied)}`);
      report = await apply(again.live, applied, replanned.scope);
      report.steps.unshift(...before.steps);
      report.planned = plan.summary;
    }
  } else report = await apply(live, plan, scope);
  const { requests, writes: writeCount, retries, uploads, bytesUploaded } = connection.client.stats();
  report.totals = { requests: requests + uploads, writes: writeCount, retries, uploads, bytesUploaded };
  return { report, plan: applied, planned, desired, diagnostics, live, ...(renditions ? { renditions } : {}) };
}
