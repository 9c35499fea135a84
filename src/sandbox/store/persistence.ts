/**
 * The state file, written atomically: the JSON goes to a temporary file beside
 * it, which is then renamed over it, so a sandbox killed at any instant leaves
 * either the old file or the new one, never a torn one.
 *
 * Group commit: a request that changed the state waits for `flush()` before it
 * answers, and one write serves every change made before it started. While a
 * write is in progress, new changes collect and go out together in the next
 * one. So an acknowledged change is always on disk (a SIGKILL cannot lose it;
 * the page cache survives a killed process, so no fsync: a power cut is out of
 * scope), yet 4,000 concurrent uploads cost a few hundred writes, not 4,000.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

interface Batch {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function batch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export async function readStateFile<T>(file: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`the sandbox state file ${file} is not valid JSON (${(error as Error).message}); delete it to start afresh`);
  }
}

export async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

export class GroupCommitter {
  private waiting: Batch | undefined;
  private running = false;
  /** Number of writes so far (the tests and the benchmark read it). */
  writes = 0;

  constructor(
    private readonly file: string,
    private readonly serialize: () => string,
  ) {}

  /** Resolves once every change made before this call is on disk. */
  flush(): Promise<void> {
    this.waiting ??= batch();
    const { promise } = this.waiting;
    if (!this.running) {
      this.running = true;
      // One turn of the event loop lets the changes of requests already read join this write.
      setImmediate(() => void this.drain());
    }
    return promise;
  }

  private async drain(): Promise<void> {
    while (this.waiting) {
      const current = this.waiting;
      this.waiting = undefined;
      try {
        await writeAtomically(this.file, this.serialize());
        this.writes++;
        current.resolve();
      } catch (error) {
        current.reject(error);
      }
    }
    this.running = false;
  }
}
