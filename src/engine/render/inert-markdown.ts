/**
 * Text from outside (the repository's files and names, App Store Connect's
 * answers) as GitHub Markdown that shows exactly that text and does nothing
 * else (DESIGN.md §20): no image that calls a tracker, no link, no HTML, no
 * @mention that notifies someone, no #123 that links an issue, no heading,
 * table cell break, code span, emphasis or math, and one line (the callers
 * never put it at the start of a line). For text outside code blocks; code
 * blocks use `fence` (markdown.ts), which nothing in them can close.
 */
import { escapeControls } from "../../util/control-characters.js";

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * Markdown punctuation as numeric character references: CommonMark reads a
 * reference as literal text, never as markup (links, images, emphasis, code
 * spans, headings, tables, strikethrough, GitHub's $math$, escapes).
 */
const MARKUP = /[\\`*[\]!#|~$]/g;
/** `_` emphasises only at a word's edge (GFM): PREPARE_FOR_SUBMISSION stays readable. */
const EDGE_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

const LINE_END = /\r\n|[\r\n\u2028\u2029]/g;

/** Zero-width space: breaks what GitHub links after rendering (mentions, issue references), invisibly. */
const BREAK = "\u200b";

export interface InertOptions {
  /** What a line break becomes: a space (default; list items, headings) or `<br>` (table cells). */
  lineBreak?: " " | "<br>";
}

export function inertMarkdown(text: string, options: InertOptions = {}): string {
  const lines = text.split(LINE_END).map((line) =>
    escapeControls(line)
      .replace(/[&<>"]/g, (character) => HTML[character]!)
      .replace(MARKUP, (character) => `&#${character.charCodeAt(0)};`)
      .replace(EDGE_UNDERSCORE, "&#95;")
      // Bare URLs and e-mail addresses are linked by GitHub's autolink extension.
      .replace(/:\/\//g, ":&#47;&#47;")
      .replace(/\b(www)\./gi, "$1&#46;")
      // @name and #123 (GH-123) are linked from the rendered text, where references are plain characters again.
      .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${BREAK}`)
      .replace(/&#35;(?=\d)/g, `&#35;${BREAK}`)
      .replace(/\b(gh)-(?=\d)/gi, `$1-${BREAK}`),
  );
  return lines.join(options.lineBreak ?? " ");
}
