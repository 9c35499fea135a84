/**
 * Characters that steer whatever reads them instead of being read: C0 and C1
 * controls and DEL (a newline starts a new workflow command in an Actions log,
 * ESC starts a terminal sequence, NUL ends a C string), the line and paragraph
 * separators, and the bidirectional controls that reorder what a reader sees
 * (U+202E shows "gnp.exe" as "exe.png"). Names and keys have no use for any of
 * them; text values get the line breaks (and tabs) that their field allows.
 */
import { escapeControls } from "./control-chars.js";

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

const ESCAPES: Record<number, string> = { 0x09: "\\t", 0x0a: "\\n", 0x0d: "\\r" };

/** The text with every character of isUnsafeInName written as an escape (\n, \u001B), so it can be shown anywhere. */
export function showControlCharacters(text: string): string {
  return escapeControls(text);
}
