/**
 * Apple may mark a screenshot COMPLETE before it publishes sourceFileChecksum
 * (fastlane issue 30094, asc CLI issue 2097). A screenshot this run committed
 * is the file this run sent, so it is known by the checksum it sent: converged,
 * not pending. One from an earlier run stays pending (its bytes are unknown).
 */
import type { LiveScreenshot, LiveScreenshots } from "./live.js";

/** The checksum of a live screenshot as far as this run knows it. */
export function knownChecksum(shot: Pick<LiveScreenshot, "id" | "checksum" | "state">, committed: ReadonlyMap<string, string>): string | null {
  if (shot.checksum !== null) return shot.checksum;
  return shot.state === "COMPLETE" ? (committed.get(shot.id) ?? null) : null;
}

/** Live state with the checksums this run sent filled in where Apple has not published them yet. */
export function withCommittedChecksums<L extends LiveScreenshots>(live: L, committed: ReadonlyMap<string, string>): L {
  if (committed.size === 0) return live;
  return {
    ...live,
    screenshotSets: live.screenshotSets.map((set) => ({
      ...set,
      screenshots: set.screenshots.map((shot) => ({ ...shot, checksum: knownChecksum(shot, committed) })),
    })),
  };
}
