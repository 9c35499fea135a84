/** What every run of the pipeline is given, and how it tells what happens while it runs. */
import type { Diagnostic } from "../contracts/diagnostics.js";
import type { ValidateOptions } from "../engine/validate/index.js";
import type { ConnectionOptions } from "./connection.js";

export interface RunOptions {
  metadataDir: string;
  screenshotsDir: string;
  /** The reviews folder (default "reviews"). */
  reviewsDir?: string;
  /** The app previews folder (absent: no preview set is managed). */
  previewsDir?: string;
  /** How the folders were chosen: one named on the command line (or in the action's inputs) must exist. */
  folders?: ValidateOptions["folders"];
  /** The date that decides rotations (default: today in UTC). */
  today?: string;
  connection: ConnectionOptions;
  /** Prune whatever app.yml says (the GitHub Action's prune input). */
  prune?: boolean;
  /**
   * Live pictures for the comment and the HTML report: "links" asks the read
   * for the renditions' URLs (no extra request); "download" also fetches the
   * renditions the plan shows, at the report's size, before the connection closes.
   */
  pictures?: "links" | "download";
}

/**
 * What a run reports while it runs, for the caller to show as it happens.
 * The result carries everything else; nothing is read back from these.
 */
export interface RunEvents {
  /** The files were checked: every finding, before anything is read. */
  validated?(diagnostics: readonly Diagnostic[]): void;
  /** One line of progress: the sandbox made the app, waiting for another apply, each change as it is made. */
  progress?(line: string): void;
}

/** The stages' reading of the folders the options name. */
export const repositoryOf = (options: RunOptions): ValidateOptions => ({
  metadataDir: options.metadataDir,
  screenshotsDir: options.screenshotsDir,
  ...(options.previewsDir === undefined ? {} : { previewsDir: options.previewsDir }),
  ...(options.folders ? { folders: options.folders } : {}),
  ...(options.reviewsDir ? { reviewsDir: options.reviewsDir } : {}),
});
