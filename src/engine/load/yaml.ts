/**
 * YAML with positions. js-yaml 5 has no `listener` any more; its event stream
 * (`parseEvents`) carries source offsets, from which we map every JSON pointer
 * (`/rotations/0/keywords`) to the line and column of its key and its value.
 * The value itself is built from the same events, so the text is parsed once.
 */
import { constructFromEvents, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, YAMLException } from "js-yaml";
import type { SourcePosition } from "../../contracts/diagnostics.js";
import type { NodeLocation, YamlDocument } from "../../contracts/files.js";

export type { NodeLocation, YamlDocument };
import { explainYamlError } from "./yaml-errors.js";

export class YamlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: SourcePosition | undefined,
  ) {
    super(reason);
  }
}

interface Container {
  kind: "mapping" | "sequence";
  pointer: string;
  index: number;
  /** For a mapping: the key just read, while its value is awaited. */
  pendingKey?: { name: string; position: SourcePosition; end: number };
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Offset -> 1-based line and code-point column. */
export function positionMapper(text: string): (offset: number) => SourcePosition {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    const lineStart = lineStarts[low]!;
    return { line: low + 1, column: [...text.slice(lineStart, offset)].length + 1 };
  };
}

/** Parses one YAML document. Throws YamlSyntaxError with a position. */
export function parseYamlDocument(text: string, filename: string): YamlDocument {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const positionAt = positionMapper(source);
  let events: Event[];
  let documents: unknown[];
  try {
    events = parseEvents(source, { filename });
    documents = constructFromEvents(events, { source, filename });
  } catch (error) {
    if (error instanceof YAMLException) {
      const mark = error.mark;
      const explained = explainYamlError(source, error.reason, mark ? { line: mark.line + 1, column: mark.column + 1 } : undefined);
      throw new YamlSyntaxError(explained.message, explained.position);
    }
    throw error;
  }
  limitAliasExpansion(events, source, positionAt);
  if (documents.length > 1) {
    throw new YamlSyntaxError("holds more than one YAML document (a second `---`); keep one document per file", undefined);
  }
  return { value: documents[0] ?? null, text: source, locations: locate(events, source, positionAt), positionAt };
}

/** More values than any metadata file holds; aliases of aliases (a "billion laughs") multiply the walk with each level. */
export const MAX_EXPANDED_VALUES = 100_000;

/**
 * Anchors and aliases (`&base`, `*base`) are fine for sharing text, but each
 * alias stands for its anchor's whole value wherever it is used: count what the
 * file expands to, and stop at MAX_EXPANDED_VALUES.
 */
function limitAliasExpansion(events: Event[], source: string, positionAt: (offset: number) => SourcePosition): void {
  const anchored = new Map<string, number>();
  const stack: { size: number; anchor?: string }[] = [{ size: 0 }];
  const anchorOf = (event: { anchorStart: number; anchorEnd: number }) =>
    event.anchorStart >= 0 && event.anchorEnd > event.anchorStart ? source.slice(event.anchorStart, event.anchorEnd) : undefined;
  for (const event of events) {
    const top = stack[stack.length - 1]!;
    switch (event.type) {
      case EVENT_ID.SCALAR: {
        top.size += 1;
        const anchor = anchorOf(event);
        if (anchor) anchored.set(anchor, 1);
        break;
      }
      case EVENT_ID.ALIAS: {
        top.size += anchored.get(source.slice(event.anchorStart, event.anchorEnd)) ?? 1;
        const total = stack.reduce((sum, level) => sum + level.size, 0);
        if (total > MAX_EXPANDED_VALUES) {
          const alias = source.slice(event.anchorStart, event.anchorEnd);
          throw new YamlSyntaxError(
            `the aliases (*${alias}) in this file stand for more than ${MAX_EXPANDED_VALUES.toLocaleString("en-US")} values; ` +
              "write the values out instead of nesting aliases",
            positionAt(event.anchorStart - 1),
          );
        }
        break;
      }
      case EVENT_ID.DOCUMENT:
        stack.push({ size: 0 });
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const anchor = anchorOf(event);
        stack.push({ size: 1, ...(anchor ? { anchor } : {}) });
        break;
      }
      case EVENT_ID.POP: {
        if (stack.length === 1) break;
        const done = stack.pop()!;
        if (done.anchor) anchored.set(done.anchor, done.size);
        stack[stack.length - 1]!.size += done.size;
        break;
      }
      default:
        break;
    }
  }
}

function locate(events: Event[], source: string, positionAt: (offset: number) => SourcePosition): Map<string, NodeLocation> {
  const locations = new Map<string, NodeLocation>();
  const stack: Container[] = [];

  /** Where the last node read ends: an empty node (`subtitle:` with nothing after it) has no offsets of its own. */
  let lastEnd = 0;

  // Returns the pointer of a node about to be read, or undefined when it is a mapping key.
  const place = (start: number, end: number, keyText: () => string): string | undefined => {
    if (start < 0) {
      // An empty value stands where its key is (`subtitle:` on line 2 is reported on line 2, not at the end of the file).
      const key = stack[stack.length - 1]?.pendingKey;
      start = end = key ? key.end : lastEnd;
    }
    lastEnd = Math.max(lastEnd, end);
    const parent = stack[stack.length - 1];
    if (!parent) {
      locations.set("", { value: positionAt(start), valueStart: start, valueEnd: end });
      return "";
    }
    if (parent.kind === "sequence") {
      const pointer = `${parent.pointer}/${parent.index++}`;
      locations.set(pointer, { value: positionAt(start), valueStart: start, valueEnd: end });
      return pointer;
    }
    if (!parent.pendingKey) {
      parent.pendingKey = { name: keyText(), position: positionAt(start), end };
      return undefined;
    }
    const pointer = `${parent.pointer}/${escapePointerToken(parent.pendingKey.name)}`;
    const key = parent.pendingKey.position;
    const empty = start === parent.pendingKey.end && end === start;
    locations.set(pointer, { key, value: empty ? key : positionAt(start), valueStart: start, valueEnd: end });
    parent.pendingKey = undefined;
    return pointer;
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.SCALAR: {
        let start = event.valueStart;
        if (event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED) start -= 1;
        if (event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK) {
          // Point at the `|` or `>` on the key's line rather than the first content line.
          const indicator = Math.max(source.lastIndexOf("|", event.valueStart), source.lastIndexOf(">", event.valueStart));
          if (indicator >= 0) start = indicator;
        }
        // A key as its value reads ("sub\ntitle" in double quotes holds a newline), so pointers match the parsed mapping.
        place(start, event.valueEnd, () => getScalarValue(source, event));
        break;
      }
      case EVENT_ID.ALIAS:
        place(event.anchorStart - 1, event.anchorEnd, () => source.slice(event.anchorStart, event.anchorEnd));
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const kind = event.type === EVENT_ID.MAPPING ? "mapping" : "sequence";
        const pointer = place(event.start, event.start, () => "");
        // A collection used as a mapping key is not something our files have; track it under a placeholder.
        stack.push({ kind, pointer: pointer ?? "/?", index: 0 });
        break;
      }
      case EVENT_ID.POP:
        stack.pop();
        break;
      default:
        break;
    }
  }
  return locations;
}

/** The location of a pointer, or of its nearest ancestor that has one. */
export function locationOf(document: YamlDocument, pointer: string): NodeLocation | undefined {
  let current = pointer;
  for (;;) {
    const found = document.locations.get(current);
    if (found) return found;
    if (current === "") return undefined;
    current = current.slice(0, current.lastIndexOf("/"));
  }
}
