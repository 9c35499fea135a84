/**
 * `asc-gitops sandbox`: runs the local App Store Connect (DESIGN.md §8, §10).
 * Prints ONE JSON line on stdout once it is ready —
 * {"url":"http://127.0.0.1:PORT","issuerId":"…","keyId":"…","privateKeyPath":"…"} —
 * then serves until SIGINT or SIGTERM, and closes cleanly (state flushed).
 */
import type { ParseArgsConfig } from "node:util";
import { DEFAULT_STATE_PATH, startSandbox, type SandboxOptions } from "../sandbox/index.js";
import type { Output } from "../util/output.js";

/** The command's flags, parsed once into this (see sandboxOptionsFromFlags). */
export interface SandboxCommandOptions {
  port?: number;
  /** State file (default .asc-sandbox/state.json). */
  state?: string;
  empty?: boolean;
  seed?: number;
  latency?: number;
  failRate?: number;
  rateLimitRate?: number;
  dropRate?: number;
  processingMs?: number;
  hourlyLimit?: number;
  checksumDelayMs?: number;
  stuckUploads?: number;
  uploadFailRate?: number;
}

/** parseArgs options for the command's flags. */
export const SANDBOX_FLAGS = {
  port: { type: "string" },
  state: { type: "string" },
  empty: { type: "boolean", default: false },
  seed: { type: "string" },
  latency: { type: "string" },
  "fail-rate": { type: "string" },
  "rate-limit-rate": { type: "string" },
  "drop-rate": { type: "string" },
  "processing-ms": { type: "string" },
  "hourly-limit": { type: "string" },
  "checksum-delay-ms": { type: "string" },
  "stuck-uploads": { type: "string" },
  "upload-fail-rate": { type: "string" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

export const SANDBOX_USAGE =
  "asc-gitops sandbox [--port N] [--state FILE] [--empty] [--seed N] [--latency MS] [--fail-rate R] [--rate-limit-rate R] [--drop-rate R] [--processing-ms MS] [--hourly-limit N]" +
  " [--checksum-delay-ms MS] [--stuck-uploads N] [--upload-fail-rate R]";

function wholeNumber(flag: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value > max) throw new Error(`--${flag} must be a whole number${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ""}; got "${text}"`);
  return value;
}

function rate(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) throw new Error(`--${flag} must be a rate between 0 and 1; got "${text}"`);
  return value;
}

/** The typed options from parseArgs values; an error names the flag at fault. */
export function sandboxOptionsFromFlags(values: Record<string, string | boolean | undefined>): SandboxCommandOptions {
  const text = (flag: string) => (typeof values[flag] === "string" ? (values[flag] as string) : undefined);
  const options: SandboxCommandOptions = {};
  if (text("port") !== undefined) options.port = wholeNumber("port", text("port")!, 65535);
  if (text("state") !== undefined) options.state = text("state")!;
  if (values.empty === true) options.empty = true;
  if (text("seed") !== undefined) options.seed = wholeNumber("seed", text("seed")!, 2 ** 32 - 1);
  if (text("latency") !== undefined) options.latency = wholeNumber("latency", text("latency")!);
  if (text("fail-rate") !== undefined) options.failRate = rate("fail-rate", text("fail-rate")!);
  if (text("rate-limit-rate") !== undefined) options.rateLimitRate = rate("rate-limit-rate", text("rate-limit-rate")!);
  if (text("drop-rate") !== undefined) options.dropRate = rate("drop-rate", text("drop-rate")!);
  if (text("processing-ms") !== undefined) options.processingMs = wholeNumber("processing-ms", text("processing-ms")!);
  if (text("hourly-limit") !== undefined) options.hourlyLimit = Math.max(1, wholeNumber("hourly-limit", text("hourly-limit")!));
  if (text("checksum-delay-ms") !== undefined) options.checksumDelayMs = wholeNumber("checksum-delay-ms", text("checksum-delay-ms")!);
  if (text("stuck-uploads") !== undefined) options.stuckUploads = wholeNumber("stuck-uploads", text("stuck-uploads")!);
  if (text("upload-fail-rate") !== undefined) options.uploadFailRate = rate("upload-fail-rate", text("upload-fail-rate")!);
  return options;
}

export function toSandboxOptions(options: SandboxCommandOptions): SandboxOptions {
  return {
    port: options.port ?? 0,
    statePath: options.state ?? DEFAULT_STATE_PATH,
    ...(options.empty ? { empty: true } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.latency !== undefined ? { latencyMs: options.latency } : {}),
    ...(options.failRate !== undefined ? { failRate: options.failRate } : {}),
    ...(options.rateLimitRate !== undefined ? { rateLimitRate: options.rateLimitRate } : {}),
    ...(options.dropRate !== undefined ? { dropRate: options.dropRate } : {}),
    ...(options.processingMs !== undefined ? { processingMs: options.processingMs } : {}),
    ...(options.hourlyLimit !== undefined ? { hourlyLimit: options.hourlyLimit } : {}),
    ...(options.checksumDelayMs !== undefined ? { checksumDelayMs: options.checksumDelayMs } : {}),
    ...(options.stuckUploads !== undefined ? { stuckUploads: options.stuckUploads } : {}),
    ...(options.uploadFailRate !== undefined ? { uploadFailRate: options.uploadFailRate } : {}),
  };
}

/** Resolves when the process is asked to stop (SIGINT, SIGTERM) or the signal aborts. */
function stopRequested(signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const finish = (reason: string) => {
      process.off("SIGINT", onInterrupt);
      process.off("SIGTERM", onTerminate);
      resolve(reason);
    };
    const onInterrupt = () => finish("SIGINT");
    const onTerminate = () => finish("SIGTERM");
    process.once("SIGINT", onInterrupt);
    process.once("SIGTERM", onTerminate);
    if (signal?.aborted) finish("abort");
    signal?.addEventListener("abort", () => finish("abort"), { once: true });
  });
}

export async function sandboxCommand(
  options: SandboxCommandOptions,
  output: Pick<Output, "stdout" | "stderr">,
  signal?: AbortSignal,
): Promise<number> {
  const stop = stopRequested(signal);
  const sandbox = await startSandbox(toSandboxOptions(options));
  output.stdout(JSON.stringify({ url: sandbox.url, issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath }));
  output.stderr(
    `asc-gitops sandbox: serving at ${sandbox.url} (state ${sandbox.statePath}${sandbox.seeded ? `, ${options.empty ? "empty app" : "demo app"} seeded` : ""}); Ctrl-C stops it`,
  );
  const reason = await stop;
  await sandbox.close();
  output.stderr(`asc-gitops sandbox: stopped (${reason}); state saved`);
  return 0;
}
