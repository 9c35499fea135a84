/** The sandbox's options, their defaults, and their checks (each error names the option). */
import path from "node:path";
import { DEFAULT_CONNECTION_TIMEOUTS, type ConnectionTimeouts, type LatencyTimers, type RequestRecord, type UploadPartEvent } from "./http/server.js";
import type { KeyRole } from "./handlers/context.js";
import { DEFAULT_ANSWER_SHAPE, type AnswerShape } from "./json-api/answer-shape.js";

export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The state file; default `.asc-sandbox/state.json` under the working directory. The key and the uploaded bytes live beside it. */
  statePath?: string;
  /** On first start, seed only the app, its versions and app infos (no localizations, no screenshots). */
  empty?: boolean;
  /** Seed of the fault generator and of a new state's ids, so a run can be replayed. Default 1. */
  seed?: number;
  /** Milliseconds added before every answer. */
  latencyMs?: number;
  /** The clock and the wait behind latencyMs (default: performance.now and setTimeout). */
  latencyTimers?: LatencyTimers;
  /** Share of requests (0 to 1) answered 500 or 503. */
  failRate?: number;
  /** Share of requests (0 to 1) answered 429 before the hourly budget is spent. */
  rateLimitRate?: number;
  /** Share of requests (0 to 1) whose connection is closed without an answer (after the work is done). */
  dropRate?: number;
  /** Milliseconds a committed screenshot stays UPLOAD_COMPLETE before it is COMPLETE. Default 1000. */
  processingMs?: number;
  /** Requests per rolling hour for the key (App Store Connect's usual budget: 3600). */
  hourlyLimit?: number;
  /** Bytes per upload operation; larger files get several. Default 5 MiB. */
  partSize?: number;
  /** Where answers depart from the spec as Apple's do (json-api/answer-shape.ts); by default empty attributes are null. */
  answers?: Partial<AnswerShape>;
  /** Limits after which stalled connections are closed (http/server.ts); tests shorten them. */
  connectionTimeouts?: Partial<ConnectionTimeouts>;
  /** Milliseconds a processed screenshot is COMPLETE before its sourceFileChecksum is published, as Apple's may be. Default 0. */
  checksumDelayMs?: number;
  /** The first N screenshots committed after the sandbox starts stay UPLOAD_COMPLETE for good, as a few of Apple's do. Default 0. */
  stuckUploads?: number;
  /** Milliseconds a new version stays out of the app's versions list after its create, as App Store Connect's may. Default 0. */
  readAfterWriteLagMs?: number;
  /** Share of upload-operation PUTs (0 to 1) whose connection is closed before a byte is taken, as when the upload host cannot be reached. */
  uploadFailRate?: number;
  /** The clock analytics reports run on (epoch milliseconds; default Date.now): tests move it to see instances arrive and expire. */
  clock?: () => number;
  /** The role of the key the sandbox plays: SALES (Sales and Reports) cannot create analytics report requests (403). Default ADMIN. */
  keyRole?: KeyRole;
  /** Responses to customer reviews are refused 403, as for a key whose role may not reply (which roles may is unconfirmed). */
  repliesForbidden?: boolean;
  /** Called once per request answered or dropped. */
  onRequest?: (record: RequestRecord) => void;
  /**
   * Called when an upload operation's bytes are stored, before it is answered; the answer waits for
   * the promise it returns. Tests hold an upload open with it, as a slow upload host would.
   */
  onUploadPart?: (part: UploadPartEvent) => Promise<void> | void;
  /** Where internal errors are reported (default: stderr). */
  log?: (message: string) => void;
}

export type ResolvedOptions = Required<Omit<SandboxOptions, "onRequest" | "onUploadPart" | "latencyTimers" | "answers" | "connectionTimeouts" | "keyRole">> & {
  keyRole: KeyRole;
} & Pick<SandboxOptions, "onRequest" | "onUploadPart" | "latencyTimers"> & { answers: AnswerShape; connectionTimeouts: ConnectionTimeouts };

export const DEFAULT_STATE_PATH = path.join(".asc-sandbox", "state.json");

export const DEFAULTS = {
  port: 0,
  empty: false,
  seed: 1,
  latencyMs: 0,
  failRate: 0,
  rateLimitRate: 0,
  dropRate: 0,
  processingMs: 1000,
  hourlyLimit: 3600,
  partSize: 5 * 1024 * 1024,
  checksumDelayMs: 0,
  stuckUploads: 0,
  uploadFailRate: 0,
  repliesForbidden: false,
  readAfterWriteLagMs: 0,
} as const;

function check(name: string, value: number, valid: boolean, expected: string): number {
  if (!Number.isFinite(value) || !valid) throw new Error(`sandbox option ${name} must be ${expected}; got ${String(value)}`);
  return value;
}

function keyRole(role: string | undefined): KeyRole {
  if (role === undefined) return "ADMIN";
  if (role === "ADMIN" || role === "SALES") return role;
  throw new Error(`sandbox option keyRole must be ADMIN or SALES; got ${role}`);
}

export function resolveOptions(options: SandboxOptions, cwd = process.cwd()): ResolvedOptions {
  const rate = (name: string, value: number) => check(name, value, value >= 0 && value <= 1, "a rate between 0 and 1");
  const whole = (name: string, value: number, min: number) => check(name, value, Number.isInteger(value) && value >= min, `an integer of at least ${min}`);
  const port = whole("port", options.port ?? DEFAULTS.port, 0);
  check("port", port, port <= 65535, "at most 65535");
  return {
    port,
    statePath: path.resolve(cwd, options.statePath ?? DEFAULT_STATE_PATH),
    empty: options.empty ?? DEFAULTS.empty,
    seed: whole("seed", options.seed ?? DEFAULTS.seed, 0),
    latencyMs: whole("latencyMs", options.latencyMs ?? DEFAULTS.latencyMs, 0),
    failRate: rate("failRate", options.failRate ?? DEFAULTS.failRate),
    rateLimitRate: rate("rateLimitRate", options.rateLimitRate ?? DEFAULTS.rateLimitRate),
    dropRate: rate("dropRate", options.dropRate ?? DEFAULTS.dropRate),
    processingMs: whole("processingMs", options.processingMs ?? DEFAULTS.processingMs, 0),
    hourlyLimit: whole("hourlyLimit", options.hourlyLimit ?? DEFAULTS.hourlyLimit, 1),
    partSize: whole("partSize", options.partSize ?? DEFAULTS.partSize, 1),
    answers: { ...DEFAULT_ANSWER_SHAPE, ...options.answers },
    connectionTimeouts: { ...DEFAULT_CONNECTION_TIMEOUTS, ...options.connectionTimeouts },
    checksumDelayMs: whole("checksumDelayMs", options.checksumDelayMs ?? DEFAULTS.checksumDelayMs, 0),
    stuckUploads: whole("stuckUploads", options.stuckUploads ?? DEFAULTS.stuckUploads, 0),
    uploadFailRate: rate("uploadFailRate", options.uploadFailRate ?? DEFAULTS.uploadFailRate),
    clock: options.clock ?? Date.now,
    keyRole: keyRole(options.keyRole),
    repliesForbidden: options.repliesForbidden ?? DEFAULTS.repliesForbidden,
    readAfterWriteLagMs: whole("readAfterWriteLagMs", options.readAfterWriteLagMs ?? DEFAULTS.readAfterWriteLagMs, 0),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    ...(options.onUploadPart ? { onUploadPart: options.onUploadPart } : {}),
    ...(options.latencyTimers ? { latencyTimers: options.latencyTimers } : {}),
    log: options.log ?? ((message) => process.stderr.write(`${message}\n`)),
  };
}
