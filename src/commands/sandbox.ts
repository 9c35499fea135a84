/**
 * `asc-gitops sandbox`: runs the local App Store Connect (DESIGN.md §8, §10).
 * Prints ONE JSON line on stdout once it is ready —
 * {"url":"http://127.0.0.1:PORT","issuerId":"…","keyId":"…","privateKeyPath":"…"} —
 * then serves until SIGINT or SIGTERM, and closes cleanly (state flushed).
 */
import type { OptionTable } from "../cli/options.js";
import { DEFAULTS, DEFAULT_STATE_PATH } from "../sandbox/options.js";
import { startSandbox, type SandboxOptions } from "../sandbox/index.js";
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
  forbidReplies?: boolean;
  readAfterWriteLagMs?: number;
}

/** The command's flags (the option table: parsing, usage and --help are made from it). */
export const SANDBOX_FLAGS = {
  port: { type: "string", value: "N", defaultText: "a free port", description: "the port on 127.0.0.1 to serve on" },
  state: {
    type: "string",
    value: "FILE",
    defaultText: DEFAULT_STATE_PATH,
    description: "the state file, kept between runs (the key and uploaded files live beside it)",
  },
  empty: { type: "boolean", default: false, description: "seed the app, its versions and app infos only (no localizations, no screenshots)" },
  seed: { type: "string", value: "N", defaultText: String(DEFAULTS.seed), description: "seed of the faults and of a new state's ids, to replay a run" },
  latency: {
    type: "string",
    value: "MS",
    defaultText: String(DEFAULTS.latencyMs),
    description: "each answer leaves MS milliseconds after its request arrived",
  },
  "fail-rate": { type: "string", value: "R", defaultText: String(DEFAULTS.failRate), description: "share of requests (0 to 1) answered 500 or 503" },
  "rate-limit-rate": { type: "string", value: "R", defaultText: String(DEFAULTS.rateLimitRate), description: "share of requests (0 to 1) answered 429 early" },
  "drop-rate": {
    type: "string",
    value: "R",
    defaultText: String(DEFAULTS.dropRate),
    description: "share of requests (0 to 1) whose connection closes without an answer",
  },
  "processing-ms": {
    type: "string",
    value: "MS",
    defaultText: String(DEFAULTS.processingMs),
    description: "how long a committed screenshot stays UPLOAD_COMPLETE",
  },
  "hourly-limit": {
    type: "string",
    value: "N",
    defaultText: String(DEFAULTS.hourlyLimit),
    description: "requests per rolling hour for the key (X-Rate-Limit)",
  },
  "checksum-delay-ms": {
    type: "string",
    value: "MS",
    defaultText: String(DEFAULTS.checksumDelayMs),
    description: "a processed screenshot is COMPLETE for MS milliseconds before its checksum is published",
  },
  "stuck-uploads": {
    type: "string",
    value: "N",
    defaultText: String(DEFAULTS.stuckUploads),
    description: "the first N screenshots committed never leave UPLOAD_COMPLETE",
  },
  "upload-fail-rate": {
    type: "string",
    value: "R",
    defaultText: String(DEFAULTS.uploadFailRate),
    description: "share of upload operations (0 to 1) that find the upload host unreachable",
  },
  "forbid-replies": { type: "boolean", default: false, description: "refuse responses to customer reviews with 403, as for a key whose role may not reply" },
  "read-after-write-lag-ms": {
    type: "string",
    value: "MS",
    defaultText: String(DEFAULTS.readAfterWriteLagMs),
    description: "a new version is listed MS milliseconds after its create",
  },
} as const satisfies OptionTable;

function wholeNumber(flag: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value > max)
    throw new Error(`--${flag} must be a whole number${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ""}; got "${text}"`);
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
  if (values["forbid-replies"] === true) options.forbidReplies = true;
  if (text("read-after-write-lag-ms") !== undefined) options.readAfterWriteLagMs = wholeNumber("read-after-write-lag-ms", text("read-after-write-lag-ms")!);
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
    ...(options.forbidReplies ? { repliesForbidden: true } : {}),
    ...(options.readAfterWriteLagMs !== undefined ? { readAfterWriteLagMs: options.readAfterWriteLagMs } : {}),
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

export async function sandboxCommand(options: SandboxCommandOptions, output: Pick<Output, "stdout" | "stderr">, signal?: AbortSignal): Promise<number> {
  const stop = stopRequested(signal);
  const sandbox = await startSandbox(toSandboxOptions(options));
  output.stdout(JSON.stringify({ url: sandbox.url, issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath }));
  const seeded = sandbox.seeded ? `, ${options.empty ? "empty app" : "demo app"} seeded` : "";
  output.stderr(`asc-gitops sandbox: serving at ${sandbox.url} (state ${sandbox.statePath}${seeded}); Ctrl-C stops it`);
  const reason = await stop;
  await sandbox.close();
  output.stderr(`asc-gitops sandbox: stopped (${reason}); state saved`);
  return 0;
}
