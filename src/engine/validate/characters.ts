/**
 * Characters of a YAML file that JSON Schema cannot judge. A key holding a
 * control or bidi character is refused (a fork's pull request could forge log
 * lines with it). A text value may hold line breaks only where its field is
 * several lines (descriptions, not names, keywords or URLs), and never a
 * control character such as NUL, BEL or ESC (written raw or as "\0", "\a", "\e"
 * in double quotes) nor a bidi control that reorders what a reader sees.
 * Spaces around a one-line value are a warning.
 */
import { FIELDS, type FieldName } from "../../model/fields.js";
import { describeCharacter, findCharacter, isUnsafeInName, isUnsafeInText } from "../../util/control-characters.js";
import type { Diagnostic, SourcePosition } from "../../contracts/diagnostics.js";
import { escapePointerToken, locationOf, type YamlDocument } from "../load/yaml.js";
import { fieldLabel } from "./schema-check.js";

const unescapeToken = (token: string) => token.replace(/~1/g, "/").replace(/~0/g, "~");

/** The field a pointer's value belongs to: /name, /keywords/2 and /rotations/0/promotionalText name theirs. */
function fieldOf(pointer: string): FieldName | undefined {
  const tokens = pointer
    .split("/")
    .slice(1)
    .map(unescapeToken)
    .filter((token) => !/^\d+$/.test(token));
  const last = tokens[tokens.length - 1];
  return last !== undefined && Object.hasOwn(FIELDS, last) ? (last as FieldName) : undefined;
}

function checkKeys(document: YamlDocument, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [pointer, location] of document.locations) {
    if (!location.key) continue;
    const key = unescapeToken(pointer.slice(pointer.lastIndexOf("/") + 1));
    const found = findCharacter(key, isUnsafeInName);
    if (!found) continue;
    diagnostics.push({
      severity: "error",
      rule: "yaml.key-characters",
      file,
      ...location.key,
      field: fieldLabel(pointer),
      message: `the key "${key}" holds ${describeCharacter(found.code)}; keys are plain names such as subtitle: retype it`,
    });
  }
  return diagnostics;
}

/** Where `character` is in the value's source text; the value's start when it was written as an escape. */
function characterPosition(document: YamlDocument, pointer: string, character: string): SourcePosition | undefined {
  const location = document.locations.get(pointer);
  if (location && location.valueStart >= 0) {
    const index = document.text.slice(location.valueStart, location.valueEnd).indexOf(character);
    if (index >= 0) return document.positionAt(location.valueStart + index);
  }
  return locationOf(document, pointer)?.value;
}

function checkText(document: YamlDocument, file: string, pointer: string, field: FieldName, text: string): Diagnostic[] {
  const label = fieldLabel(pointer);
  const multiline = "multiline" in FIELDS[field] && FIELDS[field].multiline === true;
  const isUrl = "url" in FIELDS[field];
  // A URL's whitespace is the URL rule's to name.
  const found = findCharacter(text, (code) => isUnsafeInText(code, multiline) && !(isUrl && (code === 0x0a || code === 0x09)));
  if (found) {
    const lineBreak = found.code === 0x0a;
    // A line break in a block scalar is the block's own layout: point at the value.
    const position = lineBreak ? locationOf(document, pointer)?.value : characterPosition(document, pointer, text[found.index]!);
    const message = lineBreak
      ? `${label} holds a line break; ` +
        (field === "keywords" ? "separate keywords with commas, on one line" : `the App Store shows ${field} on one line: write it on one line`)
      : `${label} holds ${describeCharacter(found.code)}; remove it${found.code === 0x09 ? " (use a space)" : ""}`;
    return [{ severity: "error", rule: lineBreak ? "text.line-break" : "text.control-character", file, field: label, ...position, message }];
  }
  // Keywords are trimmed item by item, and a URL with spaces fails its own pattern.
  if (!multiline && field !== "keywords" && !isUrl && text !== text.trim())
    return [
      {
        severity: "warning",
        rule: "text.surrounding-space",
        file,
        field: label,
        ...locationOf(document, pointer)?.value,
        message:
          `${label} ${/^\s/.test(text) ? "starts" : "ends"} with a space; ` +
          `remove it: App Store Connect may trim it, and every plan would then show ${field} as changed`,
      },
    ];
  return [];
}

function walk(value: unknown, pointer: string, visit: (pointer: string, text: string) => void): void {
  if (typeof value === "string") visit(pointer, value);
  else if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${pointer}/${index}`, visit));
  else if (value !== null && typeof value === "object")
    for (const [key, item] of Object.entries(value)) walk(item, `${pointer}/${escapePointerToken(key)}`, visit);
}

/** Keys of any file; text values of the fields in it (normalized as sent). */
export function checkCharacters(document: YamlDocument, file: string, value: unknown = document.value): Diagnostic[] {
  const diagnostics = checkKeys(document, file);
  walk(value, "", (pointer, text) => {
    const field = fieldOf(pointer);
    if (field) diagnostics.push(...checkText(document, file, pointer, field, text));
  });
  return diagnostics;
}
