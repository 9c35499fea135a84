/**
 * Where each value of a YAML file starts and ends in its text, so that pull
 * can replace one value (or add one key) and leave every other byte as the
 * user wrote it: comments, key order, blank lines, quoting. js-yaml's events
 * carry the offsets of scalars and where collections open; the ends of
 * collections and block scalars are worked out here.
 */
import { CHOMPING_MODE, COLLECTION_STYLE, EVENT_ID, parseEvents, SCALAR_STYLE, type Event } from "js-yaml";
import { escapePointerToken } from "../load/yaml.js";

export type NodeKind = "scalar" | "block-scalar" | "flow-collection" | "block-collection" | "alias" | "empty";

export interface NodeSpan {
  kind: NodeKind;
  /** First character of the value (quote, `|`, `[`, `- `, `*`); for an empty value, just after the colon. */
  start: number;
  /** Just after the value's last character; a block value ends with its last non-blank line (newline excluded). */
  end: number;
  /** The value carries an anchor (`&name`): other values may stand for it. */
  anchored: boolean;
  /** A `|+` or `>+` block: its trailing blank lines are part of the value. */
  keepsTrailingLines: boolean;
}

export interface MappingEntry {
  key: string;
  /** Where the key's text starts (its quote, if quoted). */
  keyStart: number;
  value: NodeSpan;
}

export interface MappingSpan {
  style: "block" | "flow";
  start: number;
  entries: MappingEntry[];
}

export interface YamlSpans {
  /** JSON pointer ("" for the root) -> the value's span. */
  nodes: Map<string, NodeSpan>;
  /** JSON pointer -> the mapping's entries in file order. */
  mappings: Map<string, MappingSpan>;
}

interface Frame {
  kind: "mapping" | "sequence";
  pointer: string;
  style: "block" | "flow";
  start: number;
  end: number;
  anchored: boolean;
  index: number;
  pendingKey?: { name: string; start: number; end: number };
  entries: MappingEntry[];
}

/** Just after the last non-blank line between `from` and `to` (its line end, \r or \n, excluded), or undefined. */
function lastContentEnd(text: string, from: number, to: number): number | undefined {
  let last: number | undefined;
  let lineStart = from;
  for (const line of text.slice(from, to).split("\n")) {
    if (line.trim() !== "") last = lineStart + line.replace(/\r$/, "").length;
    lineStart += line.length + 1;
  }
  return last;
}

/** After the last child of a flow collection: skip commas, colons, spaces and comments to the closing bracket. */
function closingBracket(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    const char = text[at]!;
    if (char === "]" || char === "}") return at + 1;
    if (char === "#") {
      const newline = text.indexOf("\n", at);
      at = newline < 0 ? text.length : newline;
      continue;
    }
    at++;
  }
  return text.length;
}

/** The colon after a mapping key (a key with an empty value has its span just after it). */
function colonAfter(text: string, keyEnd: number): number {
  const colon = text.indexOf(":", keyEnd);
  return colon < 0 ? keyEnd : colon;
}

export function yamlSpans(text: string): YamlSpans {
  const nodes = new Map<string, NodeSpan>();
  const mappings = new Map<string, MappingSpan>();
  const stack: Frame[] = [];
  const events: Event[] = parseEvents(text, {});

  const stretch = (end: number) => {
    for (const frame of stack) frame.end = Math.max(frame.end, end);
  };

  // The pointer of a node about to be placed, or undefined for a mapping key (which it records).
  const pointerFor = (keyStart: number, keyEnd: number, keyName: () => string): string | undefined => {
    const parent = stack[stack.length - 1];
    if (!parent) return "";
    if (parent.kind === "sequence") return `${parent.pointer}/${parent.index++}`;
    if (!parent.pendingKey) {
      parent.pendingKey = { name: keyName(), start: keyStart, end: keyEnd };
      stretch(keyEnd);
      return undefined;
    }
    return `${parent.pointer}/${escapePointerToken(parent.pendingKey.name)}`;
  };

  const record = (pointer: string, span: NodeSpan) => {
    nodes.set(pointer, span);
    const parent = stack[stack.length - 1];
    if (parent?.kind === "mapping" && parent.pendingKey) {
      parent.entries.push({ key: parent.pendingKey.name, keyStart: parent.pendingKey.start, value: span });
      parent.pendingKey = undefined;
    }
    stretch(span.end);
  };

  // Where a value that follows `- ` or `key:` on the current line may start.
  const valueSearchStart = (lineStart: number) => {
    const parent = stack[stack.length - 1];
    return parent?.kind === "mapping" && parent.pendingKey ? Math.max(lineStart, parent.pendingKey.end) : lineStart;
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.SCALAR: {
        const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
        const block = event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK;
        const anchored = event.anchorStart >= 0;
        const parent = stack[stack.length - 1];
        const isKey = parent?.kind === "mapping" && !parent.pendingKey;
        if (isKey) {
          pointerFor(quoted ? event.valueStart - 1 : event.valueStart, quoted ? event.valueEnd + 1 : event.valueEnd, () =>
            text.slice(event.valueStart, event.valueEnd),
          );
          break;
        }
        let span: NodeSpan;
        if (block) {
          // valueStart is the first content line; the header (`|`, `>-`, a comment) is on the line before.
          const headerEnd = event.valueStart - 1;
          const headerStart = text.lastIndexOf("\n", headerEnd - 1) + 1;
          const searchFrom = valueSearchStart(headerStart);
          const indicator = text.slice(searchFrom, headerEnd).search(/[|>]/);
          const keep = event.chomping === CHOMPING_MODE.KEEP;
          const end = keep ? event.valueEnd : (lastContentEnd(text, event.valueStart, event.valueEnd) ?? headerEnd);
          span = { kind: "block-scalar", start: indicator < 0 ? searchFrom : searchFrom + indicator, end, anchored, keepsTrailingLines: keep };
        } else if (event.valueStart < 0) {
          const from = parent?.kind === "mapping" && parent.pendingKey ? colonAfter(text, parent.pendingKey.end) + 1 : 0;
          span = { kind: "empty", start: from, end: from, anchored, keepsTrailingLines: false };
        } else {
          const valueStart = quoted ? event.valueStart - 1 : event.valueStart;
          const start = anchored ? Math.min(event.anchorStart - 1, valueStart) : valueStart;
          span = { kind: "scalar", start, end: quoted ? event.valueEnd + 1 : event.valueEnd, anchored, keepsTrailingLines: false };
        }
        const pointer = pointerFor(span.start, span.end, () => "");
        if (pointer !== undefined) record(pointer, span);
        break;
      }
      case EVENT_ID.ALIAS: {
        const span: NodeSpan = { kind: "alias", start: event.anchorStart - 1, end: event.anchorEnd, anchored: false, keepsTrailingLines: false };
        const pointer = pointerFor(span.start, span.end, () => text.slice(event.anchorStart, event.anchorEnd));
        if (pointer !== undefined) record(pointer, span);
        break;
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const pointer = pointerFor(event.start, event.start, () => "") ?? "/?";
        stack.push({
          kind: event.type === EVENT_ID.MAPPING ? "mapping" : "sequence",
          pointer,
          style: event.style === COLLECTION_STYLE.FLOW ? "flow" : "block",
          start: event.start,
          end: event.start,
          anchored: event.anchorStart >= 0,
          index: 0,
          entries: [],
        });
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame) break;
        const end = frame.style === "flow" ? closingBracket(text, Math.max(frame.end, frame.start + 1)) : frame.end;
        if (frame.kind === "mapping") mappings.set(frame.pointer, { style: frame.style, start: frame.start, entries: frame.entries });
        record(frame.pointer, {
          kind: frame.style === "flow" ? "flow-collection" : "block-collection",
          start: frame.start,
          end,
          anchored: frame.anchored,
          keepsTrailingLines: false,
        });
        break;
      }
      default:
        break;
    }
  }
  return { nodes, mappings };
}
