/**
 * The values a resource pulls for an app-level file (Resource.pull), merged
 * into the file's text in place: a value that differs is replaced where it
 * stands, a missing key is added after its siblings, a key of an `exact`
 * mapping that live lacks is removed. Comments, order and keys pull does not
 * know stay byte for byte; a file that does not exist starts from its header.
 */
import { isDeepStrictEqual } from "node:util";
import { dump } from "js-yaml";
import type { PulledFilePart, PulledValue } from "../../contracts/resource.js";
import { parseYamlDocument, escapePointerToken } from "../load/yaml.js";
import { applyEdits, columnOf, insertEntry, renderFlowList, renderString, replaceValue, type Edit } from "./yaml-edit.js";
import { yamlSpans, type MappingEntry, type MappingSpan, type YamlSpans } from "./yaml-spans.js";

type Mapping = { readonly [key: string]: PulledValue };
const isMapping = (value: unknown): value is Mapping => value !== null && typeof value === "object" && !Array.isArray(value);

function renderScalar(value: Exclude<PulledValue, Mapping | null>): string {
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return renderString(value);
  return renderFlowList(value);
}

/** A mapping on one line, where a mapping of another form stood: `{usesThirdPartyContent: false}`. */
const renderFlowMapping = (value: Mapping): string =>
  dump(Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null)), { flowLevel: 0, lineWidth: -1 }).replace(/\n$/, "");

/** A mapping as the lines under its key, two spaces deeper each level; lists on one line. */
function renderBlock(value: Mapping, indent: number): string {
  return Object.entries(value)
    .filter(([, item]) => item !== null)
    .map(([key, item]) => {
      const lead = `\n${" ".repeat(indent)}${key}:`;
      return isMapping(item) ? `${lead}${renderBlock(item, indent + 2)}` : `${lead} ${renderScalar(item as Exclude<PulledValue, Mapping | null>)}`;
    })
    .join("");
}

/** Removes an entry of a block mapping: its lines, from the key's line to the value's last. */
function removal(text: string, entry: MappingEntry): Edit {
  const start = text.lastIndexOf("\n", entry.keyStart - 1) + 1;
  const newline = text.indexOf("\n", entry.value.end);
  return { start, end: newline < 0 ? text.length : newline + 1, text: "" };
}

interface Context {
  text: string;
  spans: YamlSpans;
  edits: Edit[];
  updated: string[];
  /** onlyNew values the file already says otherwise ("release.type"): kept as written. */
  kept: string[];
  onlyNew: ReadonlySet<string>;
  exact: ReadonlySet<string>;
}

function mergeMapping(context: Context, pointer: string, mapping: MappingSpan | undefined, current: unknown, wanted: Mapping, column: number): void {
  const { text } = context;
  const values = isMapping(current) ? current : {};
  const keyColumn = mapping?.entries[0] ? columnOf(text, mapping.entries[0].keyStart) : column;
  const last = mapping?.entries.at(-1);
  for (const [key, value] of Object.entries(wanted)) {
    const at = `${pointer}/${escapePointerToken(key)}`;
    const label = at.slice(1).replaceAll("/", ".");
    const entry = mapping?.entries.find((item) => item.key === key);
    if (entry && context.onlyNew.has(at)) {
      if (!isDeepStrictEqual(values[key], value)) context.kept.push(label);
      continue;
    }
    if (value === null) {
      if (entry) {
        context.edits.push(removal(text, entry));
        context.updated.push(label);
      }
      continue;
    }
    if (isDeepStrictEqual(values[key], value)) continue;
    const inner = context.spans.mappings.get(at);
    if (isMapping(value) && entry && inner?.style === "block" && inner.entries.length) {
      mergeMapping(context, at, inner, values[key], value, keyColumn + 2);
      if (context.exact.has(at))
        for (const item of inner.entries)
          if (!Object.hasOwn(value, item.key)) {
            context.edits.push(removal(text, item));
            context.updated.push(`${label}.${item.key}`);
          }
      continue;
    }
    if (entry) context.edits.push(replaceValue(text, entry.value, isMapping(value) ? renderFlowMapping(value) : renderScalar(value), keyColumn));
    else if (mapping?.style !== "flow")
      context.edits.push(insertEntry(text, mapping, last, key, isMapping(value) ? renderBlock(value, 2) : renderScalar(value), keyColumn));
    else continue;
    context.updated.push(label);
  }
}

/** The file's text with the parts' values merged in, and what changed ("categories.secondary"). */
export function mergeValuesText(original: string, parts: readonly PulledFilePart[], file: string): { text: string; updated: string[]; kept: string[] } {
  const document = parseYamlDocument(original, file);
  const text = document.text;
  const bom = original.slice(0, original.length - text.length);
  const spans = yamlSpans(text);
  const context: Context = {
    text,
    spans,
    edits: [],
    updated: [],
    kept: [],
    onlyNew: new Set(parts.flatMap((part) => part.onlyNew ?? [])),
    exact: new Set(parts.flatMap((part) => (part.exact ?? []).map((key) => `/${escapePointerToken(key)}`))),
  };
  const wanted = Object.assign({}, ...parts.map((part) => part.values)) as Mapping;
  const root = spans.mappings.get("");
  if (root?.style === "flow") return { text: original, updated: [], kept: [] };
  mergeMapping(context, "", root, document.value, wanted, 0);
  return { text: bom + applyEdits(text, context.edits), updated: context.updated, kept: context.kept };
}

/** A new file: its header lines, then the parts' values. */
export function freshValuesText(parts: readonly PulledFilePart[], file: string): string {
  const header = parts.flatMap((part) => part.header ?? []).map((line) => `# ${line}\n`);
  return mergeValuesText([...new Set(header)].join(""), parts, file).text;
}
