/**
 * `asc-gitops plan`: validate, read live App Store Connect (GET only), diff,
 * and show the plan: text on a terminal, one JSON document with --json,
 * the JSON artifact with --out. Exit 2 with --detailed-exitcode when live
 * differs (as terraform plan does): changes to make, or blocked ones.
 */
import { randomUUID } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildDesiredState, type DesiredState } from "../engine/desired-state.js";
import { hasErrors, type Diagnostic } from "../contracts/diagnostics.js";
import { diff, planDiffers } from "../engine/diff.js";
import type { Plan } from "../engine/plan/plan.js";
import { readLiveState } from "../engine/read.js";
import { renderJson } from "../engine/render/json.js";
import { renderText } from "../engine/render/text.js";
import { todayUtc } from "../util/utc-dates.js";
import { validateRepository, type ValidateOptions } from "../engine/validate/index.js";
import type { Output } from "../util/output.js";
import { connect, type ConnectionOptions } from "./connection.js";
import { atStage, failureDocumentOf, jsonDocument, type RunFailure } from "./failure.js";
import { printDiagnostics } from "./validate.js";

export interface PlanCommandOptions {
  metadataDir: string;
  screenshotsDir: string;
  /** How the folders were chosen: one named on the command line (or in the action's inputs) must exist. */
  folders?: ValidateOptions["folders"];
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
  /** Why there is no plan (validation, or live state could not be read). */
  failure?: RunFailure;
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
  const keyNames = options.connection.keyNames;
  const connecting = atStage(
    "connect",
    async () => {
      const connection = await connect(options.connection);
      await connection.client.warmUp().catch(() => undefined);
      return connection;
    },
    keyNames,
  );
  connecting.catch(() => undefined);
  const closeConnecting = () => connecting.then((connection) => connection.close()).catch(() => undefined);
  let validation;
  try {
    validation = await atStage("validate", () => validateRepository({ metadataDir: options.metadataDir, screenshotsDir: options.screenshotsDir, folders: options.folders }));
  } catch (error) {
    await closeConnecting();
    throw error;
  }
  printDiagnostics(output, validation.diagnostics.filter((diagnostic) => diagnostic.severity !== "notice"));
  if (hasErrors(validation.diagnostics)) {
    output.stderr("✗ validation failed: fix the errors above before planning (nothing was read from App Store Connect)");
    await closeConnecting();
    const failure: RunFailure = { stage: "validate", messages: [], validation };
    return { diagnostics: validation.diagnostics, requests: {}, failure, exitCode: 1 };
  }
  const desired = buildDesiredState(validation.files);
  if (options.prune) desired.app = { ...desired.app, prune: true };
  const connection = await connecting;
  try {
    const note = await connection.prepare?.(desired);
    if (note) output.stderr(note);
    const started = performance.now();
    const { live, errors } = await atStage("read", () => readLiveState(connection.client, desired), keyNames);
    const readMs = Math.round(performance.now() - started);
    const requests = { ...connection.client.stats().byMethod };
    if (!live) {
      for (const error of errors) output.stderr(`✗ ${error.message}`);
      const failure: RunFailure = { stage: "read", messages: errors.map((error) => error.message) };
      return { diagnostics: validation.diagnostics, requests, failure, exitCode: 1 };
    }
    const plan = diff(desired, live, { today: options.today ?? todayUtc(), errors });
    return { plan, desired, diagnostics: validation.diagnostics, requests, readMs, exitCode: plan.errors.length ? 1 : options.detailedExitcode && planDiffers(plan) ? 2 : 0 };
  } finally {
    await connection.close();
  }
}

export async function planCommand(options: PlanCommandOptions, output: Output): Promise<number> {
  const run = await makePlan(options, output);
  if (!run.plan) {
    if (options.json && run.failure) output.stdout(jsonDocument(failureDocumentOf("plan", run.failure)));
    return run.exitCode;
  }
  const text = renderText(run.plan, { color: output.color });
  const reads = Object.entries(run.requests).map(([method, count]) => `${count} ${method}`).join(", ");
  const footer = `Read live state with ${reads || "no requests"} in ${run.readMs ?? 0} ms; nothing was changed.`;
  if (options.json) {
    output.stderr(`${text}\n\n${footer}`);
    output.stdout(renderJson(run.plan).trimEnd());
  } else output.stdout(`${text}\n\n${footer}`);
  if (options.out) await atStage("output", () => writeFileAtomic(options.out!, renderJson(run.plan!)));
  return run.exitCode;
}
