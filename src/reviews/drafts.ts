/**
 * A reply draft, reviews/replies/<territory>/<reviewId>.yml: the review quoted
 * under `review:` with its digest (validation refuses an edit of it), and
 * `reply:` from the template. The customer's text is YAML data (js-yaml quotes
 * what needs it), never markup.
 */
import { dump } from "js-yaml";
import { quoteDigest, type CustomerReviewQuote } from "../model/review-replies.js";
import { normalizeText } from "../model/text.js";

const HEADER = [
  "# yaml-language-server: $schema=../../../schema/review-reply.schema.json",
  "# A reply to a customer review, drafted by asc-gitops reviews. review: is the customer's review and is read-only;",
  "# edit reply: and merge to post it. An empty reply: is nothing to do; removing reply: deletes the live response.",
];

/** Text a literal block (`|`) holds as written: printable characters, tabs and line feeds, no leading space or trailing blanks. */
const BLOCK_SAFE = /^[^\s\p{C}](?:[^\p{C}]|[\t\n])*$/u;

/** The reply as a literal block, so a person edits plain lines; anything a block cannot hold as written is quoted instead. */
function replyYaml(reply: string): string {
  if (reply === "" || !BLOCK_SAFE.test(reply) || /[ \t]$/m.test(reply)) return dump({ reply }, { lineWidth: -1 });
  return `reply: |\n${reply
    .split("\n")
    .map((line) => (line === "" ? "" : `  ${line}`))
    .join("\n")}\n`;
}

export function renderDraft(review: CustomerReviewQuote, reply: string): string {
  // Normalized as loading normalizes, so the digest checked on load is the one written.
  const quote = { ...review, title: normalizeText(review.title), body: normalizeText(review.body), nickname: normalizeText(review.nickname) };
  const quoted = dump({ review: { ...quote, digest: quoteDigest(quote) } }, { lineWidth: -1, noRefs: true });
  return `${HEADER.join("\n")}\n${quoted}${replyYaml(normalizeText(reply))}`;
}
