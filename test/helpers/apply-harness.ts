/**
 * Runs the engine's apply against a sandbox in this process, as the apply
 * command does, with fast polling; and reads live state back for assertions.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AscClient, type AscClientOptions } from "../../src/asc/client.js";
import { loadCredentials } from "../../src/asc/credentials.js";
import { applyPlan } from "../../src/engine/apply/index.js";
import type { ApplyReport, WriteRecord } from "../../src/engine/apply/report.js";
import type { ApplyClient, ApplyOptions } from "../../src/engine/apply/run.js";
import { buildDesiredState, type DesiredState } from "../../src/engine/desired-state.js";
import { diff } from "../../src/engine/diff.js";
import type { LiveState } from "../../src/engine/live-state.js";
import { readLiveState } from "../../src/engine/read.js";
import { validateRepository } from "../../src/engine/validate/index.js";
import type { SandboxHandle } from "../../src/sandbox/index.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const TODAY = "2026-11-24";

export async function exampleDesired(root = ROOT): Promise<DesiredState> {
  const validation = await validateRepository({ metadataDir: path.join(root, "metadata"), screenshotsDir: path.join(root, "screenshots") });
  return buildDesiredState(validation.files);
}

export async function clientFor(sandbox: SandboxHandle, options: AscClientOptions = {}): Promise<AscClient> {
  const credentials = await loadCredentials({ issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath });
  return new AscClient({ baseUrl: sandbox.url, credentials, retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 8 }, ...options });
}

export async function readLive(client: Pick<AscClient, "get" | "getAll">, desired: DesiredState): Promise<LiveState> {
  const { live, errors } = await readLiveState(client, desired);
  if (!live) throw new Error(errors.map((error) => error.message).join("; "));
  return live;
}

export interface ApplyOutcome {
  report: ApplyReport;
  progress: string[];
  /** Write attempts the client sent during the apply (retries included), verification excluded (it only reads). */
  writes: number;
}

/** Reads, plans and applies once; `wrap` may stand between the engine and the client (to inject failures); `options` override the fast polling. */
export async function applyOnce(
  client: AscClient,
  desired: DesiredState,
  wrap: (client: AscClient) => ApplyClient = (inner) => inner,
  today = TODAY,
  options: Partial<ApplyOptions> = {},
): Promise<ApplyOutcome> {
  const live = await readLive(client, desired);
  const plan = diff(desired, live, { today });
  const progress: string[] = [];
  const before = client.stats().writes;
  const report = await applyPlan({
    client: wrap(client),
    desired,
    live,
    plan,
    progress: (line) => progress.push(line),
    writes: (): WriteRecord[] => [],
    options: { pollIntervalMs: 20, processingTimeoutMs: 20_000, ...options },
  });
  return { report, progress, writes: client.stats().writes - before };
}
