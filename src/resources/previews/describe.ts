/** What preview changes look like in every rendering: a few words, terminal lines, a row of the locale's preview table (length and resolution shown). */
import type { ChangeIdentity, MarkdownPart, MarkdownPen, MarkdownSection, ResourceDescribe, TextPen } from "../../contracts/resource.js";
import { previewName } from "../../model/preview-types.js";
import { plural } from "../../util/plural.js";
import { formatBytes } from "../screenshots/describe.js";
import type { PreviewChange, PreviewUpload } from "./changes.js";

const KIND_WORDS: Record<PreviewChange["kind"], [string, string]> = {
  "preview-set-create": ["preview set to create", "preview sets to create"],
  "preview-upload": ["preview to upload", "previews to upload"],
  "preview-poster": ["poster frame to set", "poster frames to set"],
  "preview-reorder": ["preview set to reorder", "preview sets to reorder"],
  "preview-delete": ["preview to delete", "previews to delete"],
};

const REASONS: Record<string, string> = {
  removed: "no longer in the repository",
  "stale-reservation": "an unfinished upload reservation",
  "failed-processing": "App Store Connect failed to process it",
};

/** "16 s, 886x1920": what a reviewer checks of a video. */
export const videoFacts = (change: Pick<PreviewUpload, "duration" | "width" | "height">): string =>
  `${Math.round(change.duration * 10) / 10} s, ${change.width}x${change.height}`;

function what(item: ChangeIdentity): string {
  const set = `${previewName(item.displayType)} previews`;
  switch (item.kind) {
    case "preview-set-create":
      return `create the ${set} set`;
    case "preview-upload":
      return `upload ${item.fileName ?? "a preview"} to ${set}`;
    case "preview-poster":
      return `set the poster frame of ${item.fileName ?? "a preview"} in ${set}`;
    case "preview-delete":
      return `delete ${item.fileName ?? "a preview"} from ${set}`;
    default:
      return `reorder ${set}`;
  }
}

function text(change: PreviewChange, pen: TextPen): string[] {
  const set = previewName(change.displayType);
  switch (change.kind) {
    case "preview-set-create":
      return [pen.style("green", `  + create preview set ${set}`)];
    case "preview-upload":
      return [
        pen.style("green", `  + upload preview ${set} #${change.position} ${change.fileName} (${videoFacts(change)}, ${formatBytes(change.fileSize)})`) +
          pen.at(change),
      ];
    case "preview-poster":
      return [`  ~ poster frame of preview ${set} ${change.fileName}: ${change.before ?? "none"} → ${change.after}`];
    case "preview-reorder":
      return [`  ↕ reorder previews ${set}: ${change.after.join(", ")}`];
    case "preview-delete":
      return [pen.style("red", `  - delete preview ${set} ${change.fileName} (${REASONS[change.reason] ?? change.reason})`)];
  }
}

/** After the screenshots' table (rank 20). */
const TABLE: MarkdownSection = { id: "previews", rank: 21, head: ["| preview set | # | file | video | action |", "|---|---|---|---|---|"] };

function row(change: PreviewChange, pen: MarkdownPen): string {
  const set = pen.plain(previewName(change.displayType));
  switch (change.kind) {
    case "preview-set-create":
      return `| ${set} | | | | create set |`;
    case "preview-upload":
      return `| ${set} | ${change.position} | ${pen.plain(change.fileName)} | ${videoFacts(change)}, ${formatBytes(change.fileSize)} | upload |`;
    case "preview-poster":
      return `| ${set} | | ${pen.plain(change.fileName)} | | poster frame ${pen.cell(change.before)} → ${pen.cell(change.after)} |`;
    case "preview-reorder":
      return `| ${set} | | ${change.after.map(pen.plain).join(", ")} | | reorder |`;
    case "preview-delete":
      return `| ${set} | | ${pen.plain(change.fileName)} | | delete: ${REASONS[change.reason] ?? change.reason} |`;
  }
}

export const previewDescribe: ResourceDescribe<PreviewChange> = {
  what,
  count: (kind, changes) => plural(changes.length, ...KIND_WORDS[kind as PreviewChange["kind"]]),
  text,
  markdown: (change, pen): MarkdownPart => ({ section: TABLE, lines: [row(change, pen)] }),
};
