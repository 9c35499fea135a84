/** How the plan, the PR comment and the reports say a reply: the review (rating, territory, title), the reply's length against the limit. */
import type { MarkdownPart, MarkdownPen, ResourceDescribe, TextPen } from "../../contracts/resource.js";
import { escapeControls } from "../../util/control-characters.js";
import { stars } from "../../model/review-replies.js";
import { plural } from "../../util/plural.js";
import { textDiffLines } from "../localization-describe.js";
import type { ReviewReplyChange } from "./changes.js";

/** The review in a few words; its title is the reviewer's text, shown inert. */
const review = (change: Pick<ReviewReplyChange, "rating" | "territory" | "title">) =>
  `${stars(change.rating)} ${change.territory} "${escapeControls(change.title)}"`;
/** The limit is a third-party figure (capabilities §4): the plan says so. */
const budget = (change: ReviewReplyChange) => `${change.length}/${change.limit} characters, limit unconfirmed`;

/** A first reply is all added lines; a changed one is a line diff. */
const replyDiff = (change: ReviewReplyChange) =>
  change.before === null ? (change.after ?? "").split("\n").map((line) => `+${line}`) : textDiffLines(change.before, change.after ?? "");

function text(change: ReviewReplyChange, pen: TextPen): string[] {
  if (change.kind === "review-reply-delete") return [pen.style("red", `  - delete the reply to ${review(change)}`) + pen.at(change)];
  const head = `  ${change.before === null ? "+" : "~"} reply to ${review(change)} (${budget(change)})`;
  const lines = replyDiff(change).map((line) => escapeControls(line));
  const paint = (line: string) => (line.startsWith("+") ? pen.style("green", line) : line.startsWith("-") ? pen.style("red", line) : line);
  const shown = lines.slice(0, pen.maxDiffLines).map((line) => `      ${paint(line)}`);
  if (lines.length > pen.maxDiffLines) shown.push(pen.style("dim", `      … ${lines.length - pen.maxDiffLines} more lines (see --json)`));
  return [pen.style(change.before === null ? "green" : "yellow", head) + pen.at(change), ...shown];
}

const SECTION = { id: "review-replies", rank: 60, spaced: true };

function markdown(change: ReviewReplyChange, pen: MarkdownPen): MarkdownPart {
  const what = change.kind === "review-reply-delete" ? "delete the reply to" : change.before === null ? "reply to" : "change the reply to";
  const head = `- ${what} ${pen.plain(`${stars(change.rating)} ${change.territory} "${change.title}"`)} · ${pen.where(change)}`;
  if (change.kind === "review-reply-delete") return { section: SECTION, lines: [head] };
  return { section: SECTION, lines: [`${head} · ${pen.plain(budget(change))}`, "", pen.fence("diff", replyDiff(change))] };
}

export const repliesDescribe: ResourceDescribe<ReviewReplyChange> = {
  what: (change) => (change.kind === "review-reply-delete" ? "delete a reply to a customer review" : "reply to a customer review"),
  count: (kind, changes) =>
    kind === "review-reply-delete"
      ? plural(changes.length, "review reply to delete", "review replies to delete")
      : plural(changes.length, "review reply to post", "review replies to post"),
  text,
  markdown,
};
