/**
 * `asc-gitops plan`: validate, read live App Store Connect (GET only), diff,
 * and show the plan: text on a terminal, one JSON document with --json,
 * the JSON artifact with --out. Exit 2 with --detailed-exitcode when there
 * are changes (as terraform plan does).
 */
import { randomUUID } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildDesiredState, type DesiredState } from "../engine/desired-state.js";
import { hasErrors, type Diagnostic } from "../engine/diagnostics.js";
import { diff } from "../engine/diff.js";
import type { Plan } from "../engine/plan/plan.js";
import { readLiveState } from "../engine/read.js";
import { renderJson } from "../engine/render/json.js";
import { renderText } from "../engine/render/text.js";
import { todayUtc } from "../engine/rotations.js";
import { validateRepository } from "../engine/validate/index.js";
import type { Output } from "../util/output.js";
import { connect, type ConnectionOptions } from "./connection.js";
import { printDiagnostics } from "./validate.js";

export interface PlanCommandOptions {
  metadataDir: string;
  screenshotsDir: string;
  json: boolean;
  out?: string;
  detailedExitcode: boolean;
  today?: string;
  connection: ConnectionOptions;
  /** Prune whatever app.yml says (the GitHub Action's prune input). */
  prune?: boolean;
}

export interface PlanRun {
  plan?: Plan;
  /** What the repository asks for (once it validated). */
  desired?: DesiredState;
  /** Validation findings (errors stop the run before any request). */
  diagnostics: Diagnostic[];
  /** Requests the read made, by method. */
  requests: Record<string, number>;
  /** Wall time of reading live state. */
  readMs?: number;
  exitCode: number;
}

/** Writes a file whole or not at all: a temporary file beside it, then a rename. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

export async function makePlan(options: PlanCommandOptions, output: Output): Promise<PlanRun> {
  // The client gets ready (credentials, first token) while the files are checked; nothing is sent before they pass.
  const connecting = connect(options.connection).then(async (connection) => {
    await connection.client.warmUp().catch(() => undefined);
    return connection;
  });
  connecting.catch(() => undefined);
  const validation = await validateRepository({ metadataDir: options.metadataDir, screenshotsDir: options.screenshotsDir });
  printDiagnostics(output, validation.diagnostics.filter((diagnostic) => diagnostic.severity !== "notice"));
  if (hasErrors(validation.diagnostics)) {
    output.stderr("✗ validation failed: fix the errors above before planning (nothing was read from App Store Connect)");
    await connecting.then((connection) => connection.close()).catch(() => undefined);
    return { diagnostics: validation.diagnostics, requests: {}, exitCode: 1 };
  }
  const desired = buildDesiredState(validation.files);
  if (options.prune) desired.app = { ...desired.app, prune: true };
  const connection = await connecting;
  try {
    const note = await connection.prepare?.(desired);
    if (note) output.stderr(note);
    const started = performance.now();
    const { live, errors } = await readLiveState(connection.client, desired);
    const readMs = Math.round(performance.now() - started);
    const requests = { ...connection.client.stats().byMethod };
    if (!live) {
      for (const error of errors) output.stderr(`✗ ${error.message}`);
      return { diagnostics: validation.diagnostics, requests, exitCode: 1 };
    }
    const plan = diff(desired, live, { today: options.today ?? todayUtc(), errors });
    return { plan, desired, diagnostics: validation.diagnostics, requests, readMs, exitCode: plan.errors.length ? 1 : options.detailedExitcode && plan.changes.length ? 2 : 0 };
  } finally {
    await connection.close();
  }
}

export async function planCommand(options: PlanCommandOptions, output: Output): Promise<number> {
  const run = await makePlan(options, output);
  if (!run.plan) return run.exitCode;
  const text = renderText(run.plan, { color: output.color });
  const reads = Object.entries(run.requests).map(([method, count]) => `${count} ${method}`).join(", ");
  const footer = `Read live state with ${reads || "no requests"} in ${run.readMs ?? 0} ms; nothing was changed.`;
  if (options.json) {
    output.stderr(`${text}\n\n${footer}`);
    output.stdout(renderJson(run.plan).trimEnd());
  } else output.stdout(`${text}\n\n${footer}`);
  if (options.out) await writeFileAtomic(options.out, renderJson(run.plan));
  return run.exitCode;
}
