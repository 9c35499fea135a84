/**
 * plan: validate, read live App Store Connect (GET only), diff. Returns the
 * plan, or where and why it stopped; it prints nothing.
 */
import type { DesiredState } from "../engine/desired-state.js";
import type { LiveState } from "../engine/live-state.js";
import { downloadRenditions, type Renditions } from "./renditions.js";
import type { Diagnostic } from "../contracts/diagnostics.js";
import { diff } from "../engine/diff.js";
import type { Plan } from "../engine/plan/plan.js";
import { readLiveState } from "../engine/read.js";
import { todayUtc } from "../util/utc-dates.js";
import { connect } from "./connection.js";
import { validateAndDesire } from "./desired.js";
import { atStage, type RunFailure } from "./failure.js";
import type { RunEvents, RunOptions } from "./options.js";

export interface PlanResult {
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
  /** The live state the plan was made against (for the pictures the changes show). */
  live?: LiveState;
  /** With `pictures: "download"`: the live renditions the plan shows, by template URL. */
  renditions?: Renditions;
}

export async function makePlan(options: RunOptions, events: RunEvents = {}): Promise<PlanResult> {
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
  let validated;
  try {
    validated = await validateAndDesire(options, events);
  } catch (error) {
    await closeConnecting();
    throw error;
  }
  const { validation, desired } = validated;
  if (!desired) {
    await closeConnecting();
    return { diagnostics: validation.diagnostics, requests: {}, failure: validated.failure };
  }
  const connection = await connecting;
  try {
    const note = await connection.prepare?.(desired);
    if (note) events.progress?.(note);
    const started = performance.now();
    const withImages = options.pictures !== undefined;
    const { live, errors } = await atStage("read", () => readLiveState(connection.client, desired, withImages ? { withImages } : {}), keyNames);
    const readMs = Math.round(performance.now() - started);
    const requests = { ...connection.client.stats().byMethod };
    if (!live) return { diagnostics: validation.diagnostics, requests, failure: { stage: "read", messages: errors.map((error) => error.message) } };
    const plan = diff(desired, live, { today: options.today ?? todayUtc(), errors });
    // The embedded sandbox serves its renditions only while the connection is open.
    const renditions = options.pictures === "download" ? await downloadRenditions(connection.client, plan, live) : undefined;
    return { plan, desired, diagnostics: validation.diagnostics, requests, readMs, live, ...(renditions ? { renditions } : {}) };
  } finally {
    await connection.close();
  }
}
