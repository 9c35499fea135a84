/**
 * Characters that steer whatever reads them instead of being read: C0 and C1
 * controls and DEL (a newline starts a new workflow command in an Actions log,
 * ESC starts a terminal sequence, NUL ends a C string), the line and paragraph
 * separators, and the bidirectional controls that reorder what a reader sees
 * (U+202E shows "gnp.exe" as "exe.png"). Names and keys have no use for any of
 * them; text values get the line breaks (and tabs) that their field allows.
 *
 * The same characters are shown, never sent, wherever text from outside (file
 * names, YAML keys and values, Apple's answers) is printed (DESIGN.md §20): a
 * raw ESC could drive the terminal, a CR or LF would start a new line in the
 * GitHub runner's log (where a line beginning `::` is a workflow command).
 * Messages and documents hold such text as it is; the printing escapes it.
 */
import { OWN_STYLE_CODE } from "./styles.js";

const NAMES: Record<number, string> = {
  0x00: "a NUL character",
  0x07: "a bell character",
  0x08: "a backspace",
  0x09: "a tab",
  0x0a: "a newline",
  0x0b: "a vertical tab",
  0x0c: "a form feed",
  0x0d: "a carriage return",
  0x1b: "an escape character",
  0x7f: "a delete character",
  0x85: "a next-line character",
  0x061c: "an Arabic letter mark",
  0x200e: "a left-to-right mark",
  0x200f: "a right-to-left mark",
  0x2028: "a line separator",
  0x2029: "a paragraph separator",
  0x202a: "a left-to-right embedding",
  0x202b: "a right-to-left embedding",
  0x202c: "a pop directional formatting character",
  0x202d: "a left-to-right override",
  0x202e: "a right-to-left override",
  0x2066: "a left-to-right isolate",
  0x2067: "a right-to-left isolate",
  0x2068: "a first strong isolate",
  0x2069: "a pop directional isolate",
};

const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);
const isSeparator = (code: number) => code === 0x2028 || code === 0x2029;
/** Embeddings, overrides and isolates: they reorder the text around them. */
const isBidiControl = (code: number) => (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
/** Marks only steer the characters next to them; right-to-left text needs them. */
const isBidiMark = (code: number) => code === 0x200e || code === 0x200f || code === 0x061c;

/** Refused in file names and YAML keys: every character above. */
export const isUnsafeInName = (code: number) => isControl(code) || isSeparator(code) || isBidiControl(code) || isBidiMark(code);

/**
 * Refused in a text value: every control but the line breaks and tabs of a
 * multi-line field (descriptions), the separators, and the bidi controls.
 * Bidi marks stay: Arabic and Hebrew listings need them.
 */
export function isUnsafeInText(code: number, multiline: boolean): boolean {
  if (multiline && (code === 0x0a || code === 0x09)) return false;
  return isControl(code) || isSeparator(code) || isBidiControl(code);
}

export interface FoundCharacter {
  /** Index in UTF-16 units. */
  index: number;
  code: number;
}

export function findCharacter(text: string, refused: (code: number) => boolean): FoundCharacter | undefined {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (refused(code)) return { index, code };
  }
  return undefined;
}

const hex = (code: number) => code.toString(16).toUpperCase().padStart(4, "0");

/** "a newline (U+000A)". */
export const describeCharacter = (code: number) => `${NAMES[code] ?? "a control character"} (U+${hex(code)})`;

/**
 * How an escaped character is written: `\n`, `\r`, `\t`, else `\u` and four hex digits as JSON.stringify writes them,
 * so an escape is valid inside a JSON string too and an escaped JSON document means the same.
 */
const NAMED_ESCAPES: Record<number, string> = { 0x09: "\\t", 0x0a: "\\n", 0x0d: "\\r" };
const escapeOf = (code: number) => NAMED_ESCAPES[code] ?? `\\u${hex(code).toLowerCase()}`;

/** The text with every character that `escaped` picks written as its escape. */
function escapeWhere(text: string, escaped: (code: number) => boolean): string {
  let shown = "";
  let from = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (!escaped(code)) continue;
    shown += text.slice(from, index) + escapeOf(code);
    from = index + 1;
  }
  return from === 0 ? text : shown + text.slice(from);
}

/** Escaped in everything printed: each character a name may not hold, and the byte order mark. */
const isEscapedInOutput = (code: number) => isUnsafeInName(code) || code === 0xfeff;
/** The same, without tab and line feed: what a block of lines may hold. */
const isEscapedInLines = (code: number) => code !== 0x09 && code !== 0x0a && isEscapedInOutput(code);

/** One value on one line: every control character shown, line breaks and tabs too. */
export const escapeControls = (text: string) => escapeWhere(text, isEscapedInOutput);

/**
 * A block of lines for a log: control characters shown (line feeds and tabs
 * kept), and no line that the GitHub runner would take for a workflow command:
 * `::` at the start of a line (after spaces, as the runner trims them) and the
 * legacy `##[` anywhere. Commands the program means are written by
 * @actions/core, never through this.
 */
export function logSafe(text: string, options: { colour?: boolean } = {}): string {
  const escaped = options.colour ? keepOwnColours(text) : escapeWhere(text, isEscapedInLines);
  return escaped
    .split("\n")
    .map((line) => line.replace(/^(\s*):(?=:)/, "$1\\u003a").replace(/##\[/g, "#\\u0023["))
    .join("\n");
}

/** Like the escaping in `logSafe`, but the program's own style codes (styles.ts) pass; no other escape sequence does. */
function keepOwnColours(text: string): string {
  let result = "";
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x1b) {
      OWN_STYLE_CODE.lastIndex = index;
      const own = OWN_STYLE_CODE.exec(text);
      if (own) {
        result += own[0];
        index += own[0].length - 1;
        continue;
      }
    }
    result += isEscapedInLines(code) ? escapeOf(code) : text[index];
  }
  return result;
}
