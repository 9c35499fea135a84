/**
 * One apply at a time per app and App Store Connect (or sandbox state) on
 * this machine: two at once each upload what the other uploads, and left 30
 * duplicate screenshots in 12 sets. The lock is a file in the OS temp folder,
 * named after the API URL (or the sandbox's state file) and the app as
 * app.yml names it. A second apply waits for the first (a minute at most),
 * then refuses, naming it. Applies from other machines are not seen: the
 * example workflows' concurrency group keeps CI to one, and apply removes
 * second copies of a file before it verifies.
 */
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_API_URL } from "../asc/client.js";
import type { AppConfig } from "../engine/load/files.js";
import { tryLock, type LockAttempt, type LockHolder } from "../util/process-lock.js";
import { SANDBOX_STATE_FILE, type ConnectionOptions } from "./connection.js";

/** How long a second apply waits for the first by default. */
export const APPLY_LOCK_WAIT_MS = 60_000;

export class ApplyLockedError extends Error {}

export interface ApplyLockOptions {
  connection: ConnectionOptions;
  app: AppConfig["app"];
  waitMs?: number;
  pollMs?: number;
  progress: (line: string) => void;
  cwd?: string;
}

/** The lock file of one app on one App Store Connect (or sandbox state file). */
export function applyLockFile(options: Pick<ApplyLockOptions, "connection" | "app" | "cwd">): string {
  const where = options.connection.sandbox
    ? `sandbox ${path.resolve(options.cwd ?? process.cwd(), SANDBOX_STATE_FILE)}`
    : `api ${(options.connection.apiUrl ?? DEFAULT_API_URL).trim().replace(/\/+$/, "").toLowerCase()}`;
  const app = options.app.id ? `id ${options.app.id}` : `bundleId ${options.app.bundleId ?? ""}`;
  const key = createHash("sha256").update(`${where}\n${app}`).digest("hex").slice(0, 32);
  return path.join(tmpdir(), "asc-gitops-locks", `apply-${key}.lock`);
}

const when = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");

function holderText(holder: LockHolder | undefined): string {
  if (!holder) return "a process that is starting";
  return `pid ${holder.pid}${holder.host ? ` on ${holder.host}` : ""}, since ${when(holder.since)}`;
}

function seconds(ms: number): string {
  const whole = Math.round(ms / 1000);
  return whole >= 60 && whole % 60 === 0 ? `${whole / 60} minute${whole === 60 ? "" : "s"}` : `${whole} second${whole === 1 ? "" : "s"}`;
}

/** Takes the app's apply lock, waiting for another apply to finish; answers its release. Throws ApplyLockedError when it stays held. */
export async function lockApply(options: ApplyLockOptions): Promise<() => Promise<void>> {
  const file = applyLockFile(options);
  const app = options.app.bundleId ?? `app ${options.app.id}`;
  const target = options.connection.sandbox ? "the sandbox" : (options.connection.apiUrl ?? "App Store Connect");
  const what = `apply of ${app} on ${target}`;
  const waitMs = options.waitMs ?? APPLY_LOCK_WAIT_MS;
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    let attempt: LockAttempt;
    try {
      attempt = await tryLock(file, what);
    } catch (error) {
      // A temporary folder that cannot be written is no reason to refuse: apply still removes second copies before it verifies.
      options.progress(`! could not take the apply lock (${(error as Error).message}); going on without it`);
      return async () => undefined;
    }
    if (attempt.acquired) {
      if (attempt.tookOver) options.progress(`Taking over the apply lock of ${app}: its holder (${holderText(attempt.tookOver)}) is no longer running.`);
      return attempt.release;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new ApplyLockedError(
        `another apply of ${app} on ${target} is running (${holderText(attempt.holder)}); nothing was changed. ` +
          `Run apply again once it has finished (it completes what is left). If no such process is running, delete ${file}`,
      );
    }
    if (!told) options.progress(`Waiting for another apply of ${app} on ${target} (${holderText(attempt.holder)}) to finish, ${seconds(waitMs)} at most…`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 250, left)));
  }
}
