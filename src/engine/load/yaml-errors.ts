/**
 * js-yaml's syntax errors in words an ASO person can act on. Its reason
 * ("deficient indentation", "bad indentation of a mapping entry") names the
 * place the parser gave up, which is often a line after the mistake: a quote
 * or bracket left open, or a value with ": " that YAML reads as a second key.
 * The explanation points at the mistake itself where it can be found, and the
 * parser's own words follow in parentheses.
 */
import type { SourcePosition } from "../../contracts/diagnostics.js";

export interface ExplainedYamlError {
  message: string;
  position: SourcePosition | undefined;
}

interface Opening {
  /** `"`, `'`, `[` or `{`. */
  character: string;
  line: number;
  column: number;
}

/** The quote or flow bracket still open when the text ends at line `untilLine` (1-based, exclusive), if any. */
function unclosedOpening(lines: readonly string[], untilLine: number): Opening | undefined {
  let quote: Opening | undefined;
  const brackets: Opening[] = [];
  // A block scalar's lines (after `key: |` or `key: >`, indented deeper) are text: quotes there open nothing.
  let blockIndent: number | undefined;
  for (let index = 0; index < Math.min(untilLine - 1, lines.length); index++) {
    const line = lines[index]!;
    const indent = /^\s*/.exec(line)![0].length;
    if (blockIndent !== undefined) {
      if (line.trim() === "" || indent > blockIndent) continue;
      blockIndent = undefined;
    }
    if (!quote && brackets.length === 0 && /:\s+[|>][-+0-9]*\s*(#.*)?$/.test(line)) {
      blockIndent = indent;
      continue;
    }
    const atValueStart = quote === undefined && brackets.length === 0 ? valueStarts(line) : new Set<number>();
    for (let column = 0; column < line.length; column++) {
      const character = line[column]!;
      if (quote) {
        if (quote.character === '"' && character === "\\") column += 1;
        else if (quote.character === "'" && character === "'" && line[column + 1] === "'") column += 1;
        else if (character === quote.character) quote = undefined;
        continue;
      }
      const inFlow = brackets.length > 0;
      if (character === "#" && (column === 0 || /\s/.test(line[column - 1]!))) break;
      const startsScalar = atValueStart.has(column) || (inFlow && /[[{,]\s*$/.test(line.slice(0, column)));
      if ((character === '"' || character === "'") && startsScalar) quote = { character, line: index + 1, column: column + 1 };
      else if ((character === "[" || character === "{") && (startsScalar || inFlow)) brackets.push({ character, line: index + 1, column: column + 1 });
      else if ((character === "]" || character === "}") && inFlow) brackets.pop();
    }
  }
  return quote ?? brackets[brackets.length - 1];
}

/** Columns (0-based) where a value may start on a block line: after `key: `, after `- `, or the line's first character. */
function valueStarts(line: string): Set<number> {
  const starts = new Set<number>();
  const indent = /^\s*(?:-\s+)*/.exec(line)![0].length;
  starts.add(indent);
  const key = /^(\s*(?:-\s+)*)([^"'#:\s][^:#]*?|"[^"]*"|'[^']*'):(\s+|$)/.exec(line);
  if (key) starts.add(key[0].length);
  return starts;
}

const CLOSERS: Record<string, string> = { '"': '"', "'": "'", "[": "]", "{": "}" };
const NAMES: Record<string, string> = { '"': "text in double quotes", "'": "text in single quotes", "[": "list", "{": "mapping" };

export function explainYamlError(source: string, reason: string, position: SourcePosition | undefined): ExplainedYamlError {
  const lines = source.split(/\r?\n/);
  const original = `(YAML: ${reason})`;
  const lineText = position ? (lines[position.line - 1] ?? "") : "";

  if (/duplicated mapping key/.test(reason) && position) {
    const key = /^\s*(?:-\s+)*([^:#]+?)\s*:/.exec(lineText)?.[1];
    if (key) {
      const first = lines.findIndex((line, index) => index < position.line - 1 && new RegExp(`^\\s*${escape(key)}\\s*:`).test(line));
      const where = first >= 0 ? ` (first on line ${first + 1})` : "";
      return { message: `${key} appears twice${where}; keep one ${original}`, position };
    }
  }

  if (/deficient indentation|unexpected end of the stream|end of the stream or a document separator/.test(reason) && position) {
    const open = unclosedOpening(lines, position.line + 1);
    if (open) {
      return {
        message: `the ${NAMES[open.character]} opened here is never closed; add the closing ${CLOSERS[open.character]} ${original}`,
        position: { line: open.line, column: open.column },
      };
    }
  }

  if (/bad indentation of a mapping entry/.test(reason) && position) {
    // `name: Fitness: the app` — YAML reads the second ": " as another key.
    const entry = /^(\s*(?:-\s+)*)([^:#\s][^:#]*?):\s+([^"'[{|>\s].*:\s.*)$/.exec(lineText);
    if (entry) {
      const quoted = `"${entry[3]!.trim().replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
      return {
        message: `the value of ${entry[2]} holds ": ", which YAML reads as another key; put it in quotes: ${entry[2]}: ${quoted} ${original}`,
        position: { line: position.line, column: entry[1]!.length + entry[2]!.length + 3 },
      };
    }
    return { message: `this line does not line up with the lines above it; indent keys of one level with the same number of spaces ${original}`, position };
  }

  if (/tab characters must not be used/.test(reason)) return { message: `indent with spaces, not tabs ${original}`, position };

  return { message: reason, position };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
