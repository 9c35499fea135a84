/**
 * Text from outside (file names, YAML keys and values, Apple's answers) made
 * safe for a log or a terminal (DESIGN.md §20). Control characters are shown,
 * never sent: a raw ESC could drive the terminal, a CR or LF would start a new
 * line in the GitHub runner's log (where a line beginning `::` is a workflow
 * command), and bidi overrides make a name read differently from what it is.
 * They are written as `\n`, `\r`, `\t` or `\u001b`: also valid inside a JSON
 * string, so a JSON document stays valid and means the same.
 */

/**
 * C0 controls, DEL, C1 controls, the Arabic letter mark, LRM/RLM, the line and
 * paragraph separators, the bidi embeddings, overrides and isolates, and the BOM.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
/** The same, without tab and line feed: what a block of lines may hold. */
const CONTROL_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
const IS_CONTROL_IN_LINES = new RegExp(CONTROL_IN_LINES.source);
/** The colour codes `paint` writes (util/output.ts); no other escape sequence passes. */
const OWN_COLOUR = /\u001b\[(?:3[1236]|39)m/y;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function shown(character: string): string {
  return NAMED[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** One value on one line: every control character shown, line breaks and tabs too. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, shown);
}

/**
 * A block of lines for a log: control characters shown (line feeds and tabs
 * kept), and no line that the GitHub runner would take for a workflow command:
 * `::` at the start of a line (after spaces, as the runner trims them) and the
 * legacy `##[` anywhere. Commands the program means are written by
 * @actions/core, never through this.
 */
export function logSafe(text: string, options: { colour?: boolean } = {}): string {
  const escaped = options.colour ? keepOwnColours(text) : text.replace(CONTROL_IN_LINES, shown);
  return escaped
    .split("\n")
    .map((line) => line.replace(/^(\s*):(?=:)/, "$1\\u003a").replace(/##\[/g, "#\\u0023["))
    .join("\n");
}

/** Like the escaping in `logSafe`, but the exact colour codes of `paint` pass. */
function keepOwnColours(text: string): string {
  let result = "";
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (character === "\u001b") {
      OWN_COLOUR.lastIndex = index;
      const own = OWN_COLOUR.exec(text);
      if (own) {
        result += own[0];
        index += own[0].length - 1;
        continue;
      }
    }
    result += IS_CONTROL_IN_LINES.test(character) ? shown(character) : character;
  }
  return result;
}
