/**
 * `asc-gitops apply`: validate, read live state, plan again from the merged
 * tree (or check a saved plan still holds), execute, verify, report. Progress
 * goes to stderr as it happens; the ApplyReport to stdout with --json and to
 * --out. Exit 1 when anything failed or did not converge.
 */
import { readFile } from "node:fs/promises";
import type { RequestEvent } from "../asc/http.js";
import { applyPlan } from "../engine/apply/index.js";
import type { ApplyReport, WriteRecord } from "../engine/apply/report.js";
import { buildDesiredState, type DesiredState } from "../engine/desired-state.js";
import { hasErrors, type Diagnostic } from "../engine/diagnostics.js";
import { diff } from "../engine/diff.js";
import type { Change, Plan } from "../engine/plan/plan.js";
import { readLiveState } from "../engine/read.js";
import { summaryLine } from "../engine/render/describe.js";
import { todayUtc } from "../engine/rotations.js";
import { validateRepository } from "../engine/validate/index.js";
import type { Output } from "../util/output.js";
import { ApplyLockedError, lockApply } from "./apply-lock.js";
import { connect, type ConnectionOptions } from "./connection.js";
import { writeFileAtomic } from "./plan.js";
import { printDiagnostics } from "./validate.js";

export interface ApplyCommandOptions {
  metadataDir: string;
  screenshotsDir: string;
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
  const lines = [
    `${report.success ? "✓" : "✗"} applied ${done} of ${report.steps.length} change${report.steps.length === 1 ? "" : "s"} with ${report.requests.length} write request${report.requests.length === 1 ? "" : "s"}`,
  ];
  for (const step of [...failed, ...skipped]) {
    const what = [step.locale, step.displayType, step.field, step.fileName].filter(Boolean).join(" ");
    const where = step.source ? ` (${step.source.file}${step.source.line ? `:${step.source.line}` : ""})` : "";
    lines.push(`  ${step.status} ${step.kind} ${what}${where}: ${step.error?.message ?? ""}`);
  }
  if (report.blocked.length) lines.push(`  ${report.blocked.length} blocked change${report.blocked.length === 1 ? " was" : "s were"} not attempted (see the plan)`);
  const verification = report.verification;
  if (!verification) lines.push("  verification could not read live state");
  else if (verification.converged && !verification.failedAssets.length) lines.push("  verified: App Store Connect now matches the repository");
  else {
    if (verification.remaining.length) lines.push(`  not converged: ${verification.remaining.length} change(s) still differ`);
    if (verification.stillProcessing) lines.push(`  ${verification.stillProcessing} screenshot(s) still processing`);
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
  const validation = await validateRepository({ metadataDir: options.metadataDir, screenshotsDir: options.screenshotsDir });
  const diagnostics = validation.diagnostics;
  printDiagnostics(output, diagnostics.filter((diagnostic) => diagnostic.severity !== "notice"));
  if (hasErrors(diagnostics)) {
    output.stderr("✗ validation failed: fix the errors above; nothing was changed");
    return { diagnostics, exitCode: 1 };
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
    return { desired, diagnostics, exitCode: 1 };
  }
  try {
    return await applyLocked(options, output, select, { desired, diagnostics });
  } finally {
    await unlock();
  }
}

/** Read, plan, apply and verify, once this process holds the app's apply lock. */
async function applyLocked(
  options: ApplyCommandOptions,
  output: Output,
  select: (plan: Plan, desired: DesiredState) => ApplySelection,
  { desired, diagnostics }: { desired: DesiredState; diagnostics: Diagnostic[] },
): Promise<ApplyRunResult> {
  const writes: WriteRecord[] = [];
  const listener = (event: RequestEvent) => {
    if (event.method === "GET") return;
    writes.push({ at: new Date(event.startedAt).toISOString(), method: event.method, path: event.path, status: event.status, attempt: event.attempt, durationMs: Math.round(event.durationMs) });
  };
  const connection = await connect({ ...options.connection, client: { ...options.connection.client, listener } });
  try {
    const { live, errors } = await readLiveState(connection.client, desired);
    if (!live || errors.length) {
      for (const error of errors) output.stderr(`✗ ${error.message}`);
      return { diagnostics, exitCode: 1 };
    }
    const fresh = diff(desired, live, { today: options.today ?? todayUtc() });
    const { plan, scope } = select(fresh, desired);
    if (options.planFile) {
      const saved = JSON.parse(await readFile(options.planFile, "utf8")) as Plan;
      if (planFingerprint(saved) !== planFingerprint(plan)) {
        output.stderr(`✗ ${options.planFile} no longer matches: the repository or App Store Connect changed since it was made. Run plan again; nothing was changed.`);
        return { plan, diagnostics, exitCode: 1 };
      }
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
  const { report, exitCode } = await runApply(options, output);
  if (!report) return exitCode;
  const text = reportText(report);
  if (options.json) {
    output.stderr(text);
    output.stdout(JSON.stringify(report, null, 2));
  } else output.stdout(text);
  if (options.out) await writeFileAtomic(options.out, `${JSON.stringify(report, null, 2)}\n`);
  return exitCode;
}
