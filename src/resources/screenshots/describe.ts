/** What screenshot changes look like in every rendering: a few words, terminal lines, a row of the locale's screenshot table. */
import type { ChangeIdentity, MarkdownPart, MarkdownPen, MarkdownSection, ResourceDescribe, TextPen } from "../../contracts/resource.js";
import { displayName } from "../../model/display-types.js";
import { plural } from "../../util/plural.js";
import type { ScreenshotChange } from "./changes.js";
import type { LiveScreenshots } from "./live.js";
import { screenshotMedia } from "./media.js";

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function deleteReason(reason: string): string {
  switch (reason) {
    case "replaced":
      return "replaced by the new file";
    case "removed":
      return "no longer in the repository";
    case "duplicate":
      return "a second copy of the same file";
    case "stuck-processing":
      return "App Store Connect never finished processing it; uploaded again";
    case "stale-reservation":
      return "an unfinished upload reservation";
    case "failed-processing":
      return "App Store Connect failed to process it";
    default:
      return reason;
  }
}

const KIND_WORDS: Record<ScreenshotChange["kind"], [string, string]> = {
  "screenshot-set-create": ["screenshot set to create", "screenshot sets to create"],
  "screenshot-set-delete": ["screenshot set to delete", "screenshot sets to delete"],
  "screenshot-upload": ["screenshot to upload", "screenshots to upload"],
  "screenshot-reorder": ["set to reorder", "sets to reorder"],
  "screenshot-delete": ["screenshot to delete", "screenshots to delete"],
};

function what(item: ChangeIdentity): string {
  const set = displayName(item.displayType);
  switch (item.kind) {
    case "screenshot-set-create":
      return `create the ${set} set`;
    case "screenshot-set-delete":
      return `delete the ${set} set (prune)`;
    case "screenshot-upload":
      return `upload ${item.fileName ?? "a screenshot"} to ${set}`;
    case "screenshot-delete":
      return `delete ${item.fileName ?? "a screenshot"} from ${set}`;
    default:
      return `reorder ${set}`;
  }
}

function text(change: ScreenshotChange, pen: TextPen): string[] {
  const set = displayName(change.displayType);
  switch (change.kind) {
    case "screenshot-set-create":
      return [pen.style("green", `  + create screenshot set ${set}`)];
    case "screenshot-set-delete":
      return [pen.style("red", `  - delete screenshot set ${set} (${plural(change.screenshots.length, "screenshot", "screenshots")}, prune)`)];
    case "screenshot-upload":
      return [pen.style("green", `  + upload ${set} #${change.position} ${change.fileName} (${formatBytes(change.fileSize)})`) + pen.at(change)];
    case "screenshot-reorder":
      return [`  ↕ reorder ${set}: ${change.after.join(", ")}`];
    case "screenshot-delete":
      return [pen.style("red", `  - delete ${set} ${change.fileName} (${deleteReason(change.reason)})`)];
  }
}

/** After the localizations' sections (ranks 10 to 13). */
const TABLE: MarkdownSection = { id: "screenshots", rank: 20, head: ["| set | # | file | size | action |", "|---|---|---|---|---|"] };

function row(change: ScreenshotChange, pen: MarkdownPen): string {
  const set = pen.plain(displayName(change.displayType));
  switch (change.kind) {
    case "screenshot-set-create":
      return `| ${set} | | | | create set |`;
    case "screenshot-set-delete":
      return `| ${set} | | ${plural(change.screenshots.length, "screenshot", "screenshots")} | | delete set (prune) |`;
    case "screenshot-upload":
      return (
        `| ${set} | ${change.position} | ${pen.plain(change.fileName)} | ${formatBytes(change.fileSize)} ` +
        `| upload${change.replaces ? " (replaces the live one)" : ""} |`
      );
    case "screenshot-reorder":
      return `| ${set} | | ${change.after.map(pen.plain).join(", ")} | | reorder |`;
    case "screenshot-delete":
      return `| ${set} | | ${pen.plain(change.fileName)} | | delete: ${deleteReason(change.reason)} |`;
  }
}

export const screenshotDescribe: ResourceDescribe<ScreenshotChange, LiveScreenshots> = {
  what,
  count: (kind, changes) => plural(changes.length, ...KIND_WORDS[kind as ScreenshotChange["kind"]]),
  text,
  markdown: (change, pen): MarkdownPart => ({ section: TABLE, lines: [row(change, pen)] }),
  media: screenshotMedia,
};
