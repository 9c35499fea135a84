/**
 * Merges pulled values into an existing locale file, as text: a changed field
 * has its value replaced where it stands, a missing one is added after the
 * field before it; comments, key order, blank lines, rotations and keys pull
 * does not own stay byte for byte. Two rules keep what only the repository
 * holds: a rotating field whose rotation is in force today is never written
 * (the live value is the rotation's, not the base's), and a value is never
 * replaced by nothing (live may simply not have it yet).
 */
import { isDeepStrictEqual } from "node:util";
import { FIELD_NAMES, ROTATING_FIELDS, type FieldName, type RotatingField } from "../../model/fields.js";
import { joinKeywords, keywordItems } from "../../model/keywords.js";
import type { AppStoreLocale } from "../../model/locales.js";
import { comparableValue, normalizeText } from "../../model/text.js";
import { normalizeTextTree, toLocaleFields } from "../load/metadata.js";
import { parseYamlDocument } from "../load/yaml.js";
import { valueInForce } from "../../resources/index.js";
import { PullError } from "./errors.js";
import { shown, type PulledValues } from "./listing.js";
import { applyEdits, columnOf, insertEntry, renderBlockList, renderFlowList, renderString, replaceValue, type Edit } from "./yaml-edit.js";
import { yamlSpans, type MappingEntry } from "./yaml-spans.js";

export interface LocaleMerge {
  text: string;
  /** Fields whose value changed or was added, in schema order. */
  updated: FieldName[];
  /** What was left as it is, and why. */
  notes: string[];
}

export interface MergeContext {
  locale: AppStoreLocale;
  /** Display path, for messages. */
  file: string;
  /** YYYY-MM-DD (UTC): which rotation is in force. */
  today: string;
  /** Where the values come from: "App Store Connect". */
  source: string;
}

const isRotating = (field: FieldName): field is RotatingField => (ROTATING_FIELDS as readonly string[]).includes(field);
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** The file's value of a field as text (a keyword list joined), or undefined when it holds none or no string. */
function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return joinKeywords(keywordItems(value));
  return undefined;
}

/** The value as it should be written where `entry` stands, in the form the file already uses. */
function render(field: FieldName, value: string, text: string, entry: MappingEntry | undefined, raw: unknown): string {
  if (field !== "keywords") return renderString(normalizeText(value));
  const items = keywordItems(value).filter(Boolean);
  if (entry?.value.kind === "block-collection") return renderBlockList(items, columnOf(text, entry.value.start));
  if (typeof raw === "string") return renderString(items.join(", "));
  return renderFlowList(items);
}

export function mergeLocaleText(original: string, pulled: PulledValues, context: MergeContext): LocaleMerge {
  const { file } = context;
  const document = parseYamlDocument(original, file);
  const text = document.text;
  const bom = original.length !== text.length ? original.slice(0, original.length - text.length) : "";
  const value = document.value;
  if (value !== null && !isRecord(value)) throw new PullError(`${file} holds no mapping of fields (key: value lines); fix it, then pull again`);
  const root = yamlSpans(text).mappings.get("");
  if (root?.style === "flow")
    throw new PullError(`${file} is written as one { … } mapping; pull merges into key: value lines only: rewrite it so, then pull again`);
  const values = value ?? {};
  const entries = new Map((root?.entries ?? []).map((entry) => [entry.key, entry]));
  const column = root?.entries[0] ? columnOf(text, root.entries[0].keyStart) : 0;
  const fields = toLocaleFields(normalizeTextTree(values));
  const rotations = {
    locale: context.locale,
    fields: {},
    rotations: fields.rotations.map(({ index, from, until, keywords, promotionalText }) => ({
      index,
      from,
      until,
      ...(keywords ? { keywords: joinKeywords(keywords) } : {}),
      ...(promotionalText !== undefined ? { promotionalText } : {}),
    })),
    sources: { file, positions: {} },
  };

  const edits: Edit[] = [];
  const updated: FieldName[] = [];
  const notes: string[] = [];
  for (const field of FIELD_NAMES) {
    const incoming = pulled[field];
    if (incoming === undefined) continue;
    const incomingText = incoming ?? "";
    if (isRotating(field)) {
      const inForce = valueInForce(rotations, field, context.today);
      if (inForce.rotation) {
        if (comparableValue(field, incomingText) !== comparableValue(field, inForce.value))
          notes.push(
            `${file}: ${field} is ${shown(incomingText)} on ${context.source}, ` +
              `but rotations[${inForce.rotation.index}] (${inForce.rotation.from} to ${inForce.rotation.until}) is in force today ` +
              `and says ${shown(inForce.value ?? "")}; ` +
              `the file is left as it is, and the next apply sets the rotation's value (edit rotations[${inForce.rotation.index}] to keep the other)`,
          );
        continue;
      }
    }
    const entry = entries.get(field);
    const current = textOf(values[field]);
    if (comparableValue(field, incomingText) === "") {
      if (current !== undefined && comparableValue(field, current) !== "")
        notes.push(`${file}: ${context.source} has no ${field}; the file's value is kept (pull never replaces text with nothing), so the next apply sets it`);
      continue;
    }
    if (entry && current !== undefined && comparableValue(field, current) === comparableValue(field, incomingText)) continue;
    if (entry?.value.anchored)
      throw new PullError(
        `${file}: ${field} carries an anchor (&…) that other values may stand for; pull would change them too: write the value out in full, then pull again`,
      );
    const rendered = render(field, incomingText, text, entry, values[field]);
    if (entry) edits.push(replaceValue(text, entry.value, rendered, column));
    else {
      // After the nearest field before it in the schema's order, so that new fields sit with the others.
      const before = FIELD_NAMES.slice(0, FIELD_NAMES.indexOf(field))
        .reverse()
        .map((name) => entries.get(name))
        .find(Boolean);
      edits.push(insertEntry(text, root, before, field, rendered, column));
    }
    updated.push(field);
  }
  if (!edits.length) return { text: original, updated, notes };
  const merged = applyEdits(text, edits);
  verifyMerge(file, values, merged, pulled, updated);
  return { text: bom + merged, updated, notes };
}

/** The merged text must say what the file said, except the updated fields, which say the pulled values. */
function verifyMerge(file: string, before: Record<string, unknown>, merged: string, pulled: PulledValues, updated: readonly FieldName[]): void {
  let after: unknown;
  try {
    after = parseYamlDocument(merged, file).value;
  } catch (error) {
    throw new PullError(`could not merge into ${file} without breaking it (${(error as Error).message}); nothing was written: please report this`);
  }
  const result = isRecord(after) ? after : {};
  const changedKeys = new Set<string>(updated);
  const unchanged = Object.keys(before).filter((key) => !changedKeys.has(key));
  const lost = unchanged.find((key) => !isDeepStrictEqual(result[key], before[key]));
  const wrong = updated.find((field) => comparableValue(field, textOf(result[field]) ?? "") !== comparableValue(field, pulled[field] ?? ""));
  const extra = Object.keys(result).find((key) => !(key in before) && !changedKeys.has(key));
  const problem = lost ?? wrong ?? extra;
  if (problem !== undefined)
    throw new PullError(`could not merge into ${file} without changing ${problem} unexpectedly; nothing was written: please report this`);
}
