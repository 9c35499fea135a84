/**
 * Text edits of a YAML file at the spans yaml-spans.ts finds: a value
 * replaced where it stands, or a key added to a block mapping. Only the
 * characters of the value change; a comment on the value's line stays with
 * it, also when a one-line value becomes a `|` block.
 */
import { dump } from "js-yaml";
import type { MappingEntry, MappingSpan, NodeSpan } from "./yaml-spans.js";

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies edits that do not overlap; edits at one position keep the order given. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.start - a.edit.start || b.index - a.index);
  let result = text;
  for (const { edit } of ordered) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** A string as YAML writes it on a key's line: plain, quoted when it must be, a `|-` block when it has several lines. */
export function renderString(value: string): string {
  return value === "" ? '""' : dump(value, { lineWidth: -1 }).replace(/\n$/, "");
}

/** A list of strings on one line: `[gym, yoga, 'a, b']`. */
export function renderFlowList(items: readonly string[]): string {
  return dump([...items], { flowLevel: 0, lineWidth: -1 }).replace(/\n$/, "");
}

/** A block list whose first `-` stands at `column`; the first line carries no indentation (it replaces a `-` in place). */
export function renderBlockList(items: readonly string[], column: number): string {
  if (!items.length) return "[]";
  return items.map((item, index) => `${index ? " ".repeat(column) : ""}- ${renderString(item)}`).join("\n");
}

const lineEnd = (text: string, from: number) => {
  const newline = text.indexOf("\n", from);
  return newline < 0 ? text.length : newline;
};
const lineStart = (text: string, at: number) => text.lastIndexOf("\n", at - 1) + 1;
export const columnOf = (text: string, at: number) => at - lineStart(text, at);

/** The newline the file uses, so that added lines match it. */
const newlineOf = (text: string) => (text.includes("\r\n") ? "\r\n" : "\n");

/** Continuation lines of a rendered value, moved right by `column` (a block under an indented key) and given the file's newline. */
function indentLines(rendered: string, column: number, newline: string): string {
  return rendered
    .split("\n")
    .map((line, index) => (index === 0 || line === "" ? line : " ".repeat(column) + line))
    .join(newline);
}

const isBlockHeader = (rendered: string) => /^[|>]/.test(rendered);

/** A comment (`# …`) standing after a value on its line, with the text between (only spaces may come before it). */
function trailingComment(text: string, from: number): { comment: string; end: number } | undefined {
  const end = lineEnd(text, from);
  const match = /^[ \t]+(#.*?)\r?$/.exec(text.slice(from, end));
  return match ? { comment: match[1]!, end: from + match[0].replace(/\r$/, "").length } : undefined;
}

/**
 * Replaces a value. `rendered` is written for a key at column 0 (its block
 * lines indented by two); `keyColumn` moves them under an indented key.
 */
export function replaceValue(text: string, span: NodeSpan, rendered: string, keyColumn: number): Edit {
  const newline = newlineOf(text);
  let start = span.start;
  let end = span.end;
  let comment: string | undefined;
  if (span.kind === "block-scalar") {
    // The header line (`| # note`) is part of the old value: keep its comment.
    const header = text.slice(span.start, lineEnd(text, span.start));
    comment = /[ \t](#.*?)\r?$/.exec(header)?.[1];
  } else if (span.kind === "empty") {
    rendered = ` ${rendered}`;
  } else if (isBlockHeader(rendered)) {
    // `key: value  # note` becoming a block: the note goes on the header line, not into the text.
    const trailing = trailingComment(text, span.end);
    if (trailing) {
      comment = trailing.comment;
      end = trailing.end;
    }
  }
  let replacement = indentLines(rendered, keyColumn, newline);
  if (comment) {
    const [first, ...rest] = replacement.split(newline);
    replacement = [`${first} ${comment}`, ...rest].join(newline);
  }
  if (span.kind === "empty") start = end = span.start;
  return { start, end, text: replacement };
}

/** Where a new entry goes: on the line after `after`'s value, or before the mapping's first entry, or at the end. */
function insertionPoint(text: string, mapping: MappingSpan | undefined, after: MappingEntry | undefined): number {
  if (after) {
    const value = after.value;
    if (value.keepsTrailingLines && text[value.end - 1] === "\n") return value.end;
    const end = lineEnd(text, value.end);
    return end < text.length ? end + 1 : end;
  }
  const first = mapping?.entries[0];
  return first ? lineStart(text, first.keyStart) : text.length;
}

/** Adds `key: rendered` to a block mapping whose keys stand at `column`. */
export function insertEntry(
  text: string,
  mapping: MappingSpan | undefined,
  after: MappingEntry | undefined,
  key: string,
  rendered: string,
  column: number,
): Edit {
  const newline = newlineOf(text);
  const at = insertionPoint(text, mapping, after);
  const separator = rendered.startsWith("\n") ? ":" : ": ";
  const line = `${" ".repeat(column)}${key}${separator}${indentLines(rendered, column, newline)}${newline}`;
  // At the end of a file that does not end with a newline, start a line of our own.
  const lead = at === text.length && text !== "" && !text.endsWith("\n") ? newline : "";
  return { start: at, end: at, text: lead + line };
}
