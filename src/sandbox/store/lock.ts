/**
 * One sandbox per state file: `<state>.lock` holds the owner's pid. A second
 * sandbox on the same file (say `asc-gitops sandbox` still running while
 * `plan --sandbox` starts its own) would overwrite the first one's changes, so
 * it is refused with a clear message. A lock left by a killed process (its pid
 * no longer runs) is taken over.
 */
import { open, readFile, rm } from "node:fs/promises";
import { processRunning as running } from "../../util/process-lock.js";

export async function lockState(stateFile: string): Promise<() => Promise<void>> {
  const lockFile = `${stateFile}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number((await readFile(lockFile, "utf8").catch(() => "")).trim());
      if (Number.isInteger(owner) && owner > 0 && running(owner)) {
        throw new Error(`another sandbox (pid ${owner}) is using ${stateFile}; stop it, or give this one another --state`);
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`cannot lock ${stateFile}`);
}
