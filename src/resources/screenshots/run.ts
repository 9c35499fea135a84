/** What the screenshots resource keeps on an apply run: set ids, and the checksums of what the run committed. */
import type { ApplyRun } from "../../contracts/apply-run.js";
import type { LiveLocalization, SharedLive } from "../../contracts/live-state.js";
import type { SharedDesired } from "../../contracts/resource.js";
import type { DesiredVersionLocalizations } from "../version-localizations/desired.js";
import type { DesiredScreenshots } from "./desired.js";
import type { LiveScreenshots } from "./live.js";

export type ScreenshotRun = ApplyRun<
  SharedDesired & DesiredScreenshots & Partial<DesiredVersionLocalizations>,
  SharedLive & LiveScreenshots & { versionLocalizations?: LiveLocalization<string>[] }
>;

export const setKey = (locale: string, displayType: string) => `${locale}/${displayType}`;

/** `${locale}/${displayType}` -> screenshot set id, live or created by this run. */
export const setIds = (run: ScreenshotRun): Map<string, string> =>
  run.kept("screenshots.setIds", () => new Map(run.live.screenshotSets.map((set) => [setKey(set.locale, set.displayType), set.id])));

/**
 * Screenshots this run committed: id -> the MD5 it sent. Apple may mark a
 * screenshot COMPLETE before it publishes sourceFileChecksum; one of these
 * is the file this run sent, so it is known by that checksum (committed.ts).
 */
export const committedScreenshots = (run: ScreenshotRun): Map<string, string> => run.kept("screenshots.committed", () => new Map<string, string>());
