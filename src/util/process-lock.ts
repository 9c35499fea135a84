/**
 * A lock file held by a process: created atomically (`wx`), holding the
 * holder's pid, host, start time and what it does. A lock whose process no
 * longer runs on this host (it was killed) is taken over; one of another host
 * (a shared folder) cannot be checked, so it counts as held.
 */
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What the holder does, for messages: "apply of com.acme.fitness on App Store Connect". */
  what: string;
}

export type LockAttempt = { acquired: true; release: () => Promise<void>; tookOver?: LockHolder } | { acquired: false; holder: LockHolder | undefined };

/** A file half written (its holder was stopped between create and write) counts as held for this long. */
const FRESH_MS = 5_000;

export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(value.pid) || typeof value.host !== "string" || typeof value.since !== "string") return undefined;
    return { pid: value.pid!, host: value.host, since: value.since, what: typeof value.what === "string" ? value.what : "" };
  } catch {
    return undefined;
  }
}

/** Whether the lock's holder may still be at work. */
async function stillHeld(file: string, holder: LockHolder | undefined): Promise<boolean> {
  if (holder) return holder.host !== hostname() || processRunning(holder.pid);
  const written = await stat(file).then(
    (info) => info.mtimeMs,
    () => 0,
  );
  return Date.now() - written < FRESH_MS;
}

/** Takes the lock if it is free or its holder is gone; else says who holds it. */
export async function tryLock(file: string, what: string): Promise<LockAttempt> {
  await mkdir(path.dirname(file), { recursive: true });
  const mine: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), what };
  const text = JSON.stringify(mine);
  let tookOver: LockHolder | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, "wx");
      try {
        await handle.writeFile(text);
      } finally {
        await handle.close();
      }
      const release = async () => {
        // Only our own: a lock taken over by mistake is not removed from under its new holder.
        if ((await readFile(file, "utf8").catch(() => undefined)) === text) await rm(file, { force: true });
      };
      return { acquired: true, release, ...(tookOver ? { tookOver } : {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const found = await readFile(file, "utf8").catch(() => undefined);
    if (found === undefined) continue; // released meanwhile
    const holder = parseHolder(found);
    if (await stillHeld(file, holder)) return { acquired: false, holder };
    // Its holder is gone. Remove it only if it is still that one (another process may have taken it over first).
    if ((await readFile(file, "utf8").catch(() => undefined)) === found) await rm(file, { force: true });
    tookOver = holder;
  }
  return { acquired: false, holder: parseHolder(await readFile(file, "utf8").catch(() => "")) };
}
