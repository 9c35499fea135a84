/**
 * `asc-gitops apply`: validate, read live state, plan again from the merged
 * tree (or check a saved plan still holds), execute, verify, report. Progress
 * goes to stderr as it happens; the ApplyReport to stdout with --json and to
 * --out. Exit 1 when anything failed or did not converge.
 */
import type { RequestEvent } from "../asc/http.js";
import { applyPlan } from "../engine/apply/index.js";
import { blockedAfter, type ApplyReport, type WriteRecord } from "../engine/apply/report.js";
import { buildDesiredState, type DesiredState } from "../engine/desired-state.js";
import { hasErrors, type Diagnostic } from "../contracts/diagnostics.js";
import { diff } from "../engine/diff.js";
import type { Change, Plan } from "../engine/plan/plan.js";
import { readLiveState } from "../engine/read.js";
import { blockedLines, describeChange, plural, summaryLine } from "../engine/render/describe.js";
import { todayUtc } from "../util/utc-dates.js";
import { validateRepository, type ValidateOptions } from "../engine/validate/index.js";
import type { Output } from "../util/output.js";
import { ApplyLockedError, lockApply } from "./apply-lock.js";
import { connect, type ConnectionOptions } from "./connection.js";
import { atStage, failureDocumentOf, jsonDocument, type RunFailure } from "./failure.js";
import { writeFileAtomic } from "./plan.js";
import { readSavedPlan } from "./saved-plan.js";
import { printDiagnostics } from "./validate.js";

export interface ApplyCommandOptions {
  metadataDir: string;
  screenshotsDir: string;
  /** How the folders were chosen: one named on the command line (or in the action's inputs) must exist. */
  folders?: ValidateOptions["folders"];
  json: boolean;
  out?: string;
  /** A saved plan (plan --out): apply only if a fresh plan is the same. */
  planFile?: string;
  today?: string;
  connection: ConnectionOptions;
  /** Prune whatever app.yml says (the GitHub Action's prune input). */
  prune?: boolean;
  /** Test and benchmark knobs for waiting on processing. */
  processingTimeoutMs?: number;
  pollIntervalMs?: number;
  /** How long to wait for another apply of the app on this machine (default a minute). */
  lockWaitMs?: number;
}

/** The parts of a plan that must match for a saved plan to be applied. */
const planFingerprint = (plan: Plan) => JSON.stringify({ app: plan.app.id, version: plan.app.version?.id, today: plan.today, changes: plan.changes });

export function reportText(report: ApplyReport): string {
  const done = report.steps.filter((step) => step.status === "done").length;
  const failed = report.steps.filter((step) => step.status === "failed");
  const skipped = report.steps.filter((step) => step.status === "skipped");
  const blocked = blockedAfter(report);
  const writes = plural(report.requests.length, "write request", "write requests");
  const lines = [`${report.success ? "✓" : "✗"} applied ${done} of ${plural(report.steps.length, "change", "changes")} with ${writes}`];
  for (const step of [...failed, ...skipped]) {
    const where = step.source ? ` (${step.source.file}${step.source.line ? `:${step.source.line}` : ""})` : "";
    lines.push(`  ${step.status}: ${step.locale}: ${describeChange(step, report.app)}${where}: ${step.error?.message ?? ""}`);
  }
  if (blocked.length) {
    lines.push(`  blocked: ${plural(blocked.length, "change was", "changes were")} not applied, so App Store Connect does not match the repository:`);
    for (const { text, depth } of blockedLines(blocked, report.app)) lines.push(`${depth ? "      " : "    "}${text}`);
  }
  const verification = report.verification;
  if (!verification) lines.push("  verification could not read live state");
  else if (verification.converged && !verification.failedAssets.length)
    lines.push(verification.partial ? "  verified: the changes applied are live (the rest was not part of this apply)" : "  verified: App Store Connect now matches the repository");
  else {
    if (verification.remaining.length) lines.push(`  not converged: ${plural(verification.remaining.length, "change still differs", "changes still differ")}`);
    if (verification.stillProcessing) lines.push(`  ${plural(verification.stillProcessing, "screenshot is", "screenshots are")} still processing`);
    for (const asset of verification.failedAssets) lines.push(`  failed asset ${asset.locale} ${asset.displayType} ${asset.fileName}: ${asset.errors.join("; ") || "no reason given"}`);
  }
  return lines.join("\n");
}

export interface ApplyRunResult {
  report?: ApplyReport;
  /** The plan that was applied (after a fresh read of live state). */
  plan?: Plan;
  /** What the repository asks for (once it validated). */
  desired?: DesiredState;
  diagnostics: Diagnostic[];
  /** Why there is no report (the saved plan, validation, or live state could not be read). */
  failure?: RunFailure;
  exitCode: number;
}

/** Which part of a fresh plan to apply, and which remaining changes verification holds against it. */
export interface ApplySelection {
  plan: Plan;
  scope?: (change: Change) => boolean;
}

/**
 * Validate, read, plan, apply, verify; progress and problems go to
 * output.stderr. `select` narrows what is applied (the scheduled run applies
 * only the dated rotations unless told to correct drift too).
 */
export async function runApply(
  options: ApplyCommandOptions,
  output: Output,
  select: (plan: Plan, desired: DesiredState) => ApplySelection = (plan) => ({ plan }),
): Promise<ApplyRunResult> {
  // A saved plan is checked first: a wrong file is said at once, before files are validated or anything is read.
  const saved = options.planFile ? await readSavedPlan(options.planFile) : undefined;
  const validation = await atStage("validate", () => validateRepository({ metadataDir: options.metadataDir, screenshotsDir: options.screenshotsDir, folders: options.folders }));
  const diagnostics = validation.diagnostics;
  printDiagnostics(output, diagnostics.filter((diagnostic) => diagnostic.severity !== "notice"));
  if (hasErrors(diagnostics)) {
    output.stderr("✗ validation failed: fix the errors above; nothing was changed");
    return { diagnostics, failure: { stage: "validate", messages: [], validation }, exitCode: 1 };
  }
  const desired = buildDesiredState(validation.files);
  if (options.prune) desired.app = { ...desired.app, prune: true };
  let unlock: () => Promise<void>;
  try {
    unlock = await lockApply({
      connection: options.connection,
      app: desired.app.app,
      ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}),
      progress: (line) => output.stderr(line),
    });
  } catch (error) {
    if (!(error instanceof ApplyLockedError)) throw error;
    output.stderr(`✗ ${error.message}`);
    return { desired, diagnostics, failure: { stage: "apply", messages: [error.message] }, exitCode: 1 };
  }
  try {
    return await applyLocked(options, output, select, { desired, diagnostics, saved });
  } finally {
    await unlock();
  }
}

/** Read, plan, apply and verify, once this process holds the app's apply lock. */
async function applyLocked(
  options: ApplyCommandOptions,
  output: Output,
  select: (plan: Plan, desired: DesiredState) => ApplySelection,
  { desired, diagnostics, saved }: { desired: DesiredState; diagnostics: Diagnostic[]; saved: Plan | undefined },
): Promise<ApplyRunResult> {
  const writes: WriteRecord[] = [];
  const listener = (event: RequestEvent) => {
    if (event.method === "GET") return;
    writes.push({ at: new Date(event.startedAt).toISOString(), method: event.method, path: event.path, status: event.status, attempt: event.attempt, durationMs: Math.round(event.durationMs) });
  };
  const keyNames = options.connection.keyNames;
  const connecting = () => connect({ ...options.connection, client: { ...options.connection.client, listener } });
  const connection = await atStage("connect", connecting, keyNames);
  try {
    const note = await connection.prepare?.(desired);
    if (note) output.stderr(note);
    const { live, errors } = await atStage("read", () => readLiveState(connection.client, desired), keyNames);
    if (!live || errors.length) {
      for (const error of errors) output.stderr(`✗ ${error.message}`);
      return { diagnostics, failure: { stage: "read", messages: errors.map((error) => error.message) }, exitCode: 1 };
    }
    const fresh = diff(desired, live, { today: options.today ?? todayUtc() });
    const { plan, scope } = select(fresh, desired);
    if (saved && planFingerprint(saved) !== planFingerprint(plan)) {
      const message = `${options.planFile} no longer matches: the repository or App Store Connect changed since it was made. Run plan again; nothing was changed.`;
      output.stderr(`✗ ${message}`);
      return { plan, diagnostics, failure: { stage: "plan-file", messages: [message] }, exitCode: 1 };
    }
    output.stderr(`Applying to ${connection.label}: ${summaryLine(plan)}`);
    const report = await applyPlan({
      client: connection.client,
      desired,
      live,
      plan,
      progress: (line) => output.stderr(line),
      writes: () => writes,
      ...(scope ? { scope } : {}),
      options: {
        ...(options.processingTimeoutMs !== undefined ? { processingTimeoutMs: options.processingTimeoutMs } : {}),
        ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
      },
    });
    const { requests, writes: writeCount, retries, uploads, bytesUploaded } = connection.client.stats();
    report.totals = { requests: requests + uploads, writes: writeCount, retries, uploads, bytesUploaded };
    return { report, plan, desired, diagnostics, exitCode: report.success ? 0 : 1 };
  } finally {
    await connection.close();
  }
}

export async function applyCommand(options: ApplyCommandOptions, output: Output): Promise<number> {
  // Every stage before it names itself; what else is thrown happened while applying.
  const { report, failure, exitCode } = await atStage("apply", () => runApply(options, output));
  if (!report) {
    if (options.json && failure) output.stdout(jsonDocument(failureDocumentOf("apply", failure)));
    return exitCode;
  }
  const text = reportText(report);
  if (options.json) {
    output.stderr(text);
    output.stdout(JSON.stringify(report, null, 2));
  } else output.stdout(text);
  if (options.out) await atStage("output", () => writeFileAtomic(options.out!, `${JSON.stringify(report, null, 2)}\n`));
  return exitCode;
}
