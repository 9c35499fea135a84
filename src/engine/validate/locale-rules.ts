/**
 * Rules of a locale file that JSON Schema cannot say: keywords (see
 * keyword-rules.ts), rotation windows, tvOS-only fields, and lint in the
 * spirit of fastlane precheck (other platforms, placeholders, "beta").
 */
import { FIELD_NAMES, FIELDS, ROTATING_FIELDS } from "../../model/fields.js";
import type { Platform } from "../../model/platforms.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";
import { isUtcDate } from "../../util/utc-dates.js";
import type { LocaleFields } from "../load/files.js";
import { locationOf, type YamlDocument } from "../load/yaml.js";
import { checkKeywords, wordsOf } from "./keyword-rules.js";
import { fieldLabel } from "./schema-check.js";
import { URL_PATTERN } from "./schemas.js";
import { checkUrl } from "./url-rules.js";

export interface LocaleRuleInput {
  file: string;
  document: YamlDocument;
  fields: LocaleFields;
  platform: Platform;
}

/** Every text a user reads on the App Store page or searches by. */
const LINT_FIELDS = ["name", "subtitle", "description", "keywords", "promotionalText", "whatsNew"] as const;
/** Lint findings shown per file; one line says how many more there are. */
export const LINT_SHOWN_PER_FILE = 20;

const LINT_RULES: { rule: string; pattern: RegExp; why: string }[] = [
  {
    rule: "lint.other-platform",
    pattern: /\b(android|google play|play store|windows phone|huawei appgallery|galaxy store|amazon appstore)\b/gi,
    why: "App Review rejects mentions of other platforms (guideline 2.3.10)",
  },
  { rule: "lint.placeholder", pattern: /\b(lorem ipsum|todo|tbd|fixme|placeholder|xxx)\b/gi, why: "it looks like placeholder text" },
  {
    rule: "lint.beta",
    pattern: /\b(beta|coming soon|pre-release|test ?flight)\b/gi,
    why: "App Review rejects listings that advertise unfinished features (guideline 2.3)",
  },
];

function positionOf(document: YamlDocument, pointer: string): { line?: number; column?: number } {
  const location = locationOf(document, pointer);
  return { line: location?.value.line, column: location?.value.column };
}

/** The position of a mapping entry's key (`keywords:` in a rotation), or of its value. */
function keyPositionOf(document: YamlDocument, pointer: string): { line?: number; column?: number } {
  const location = locationOf(document, pointer);
  const position = location?.key ?? location?.value;
  return { line: position?.line, column: position?.column };
}

/**
 * Positions of words inside a value's source text, found in order: each
 * search starts past the previous hit, so a word used twice gets two places.
 * A word the source splits (a folded line) falls back to the value's start.
 */
function textPositions(document: YamlDocument, pointer: string): (needle: string) => { line?: number; column?: number } {
  const location = document.locations.get(pointer);
  const source = location && location.valueStart >= 0 ? document.text.slice(location.valueStart, location.valueEnd).toLowerCase() : "";
  let from = 0;
  return (needle) => {
    const offset = source.indexOf(needle.toLowerCase(), from);
    if (offset < 0 || !location) return positionOf(document, pointer);
    from = offset + needle.length;
    return document.positionAt(location.valueStart + offset);
  };
}

/**
 * A window ends by returning its field to the base value; with no base (the
 * field unmanaged), the rotation's value would stay live for good. An empty
 * base ("" or []) is a value: the field returns to empty, which both rotating
 * fields allow (neither is required by the App Store).
 */
function checkRotationBases(input: LocaleRuleInput): Diagnostic[] {
  const { file, document, fields } = input;
  const diagnostics: Diagnostic[] = [];
  for (const window of fields.rotations)
    for (const field of ROTATING_FIELDS) {
      if (window[field] === undefined || fields[field] !== undefined) continue;
      const pointer = `/rotations/${window.index}/${field}`;
      const end = isUtcDate(window.until) ? `after ${window.until}` : "after the window";
      diagnostics.push({
        severity: "error",
        rule: "rotations.no-base",
        file,
        field: fieldLabel(pointer),
        ...keyPositionOf(document, pointer),
        message:
          `rotations[${window.index}] sets ${field}, but the file has no ${field} to return to ${end}; ` +
          `add a base ${field} value (${field === "keywords" ? "[]" : '""'} to return to none)`,
      });
    }
  return diagnostics;
}

const URL_FIELDS = FIELD_NAMES.filter((name) => "url" in FIELDS[name]);
const urlShape = new RegExp(URL_PATTERN);

/** Hosts, ports and credentials of URLs whose shape the schema accepted (the schema reports the others). */
function checkUrls(input: LocaleRuleInput): Diagnostic[] {
  const { file, document, fields } = input;
  const diagnostics: Diagnostic[] = [];
  for (const field of URL_FIELDS) {
    const url = fields[field];
    if (typeof url !== "string" || !urlShape.test(url)) continue;
    const problem = checkUrl(field, url);
    if (problem) diagnostics.push({ ...problem, file, field, ...positionOf(document, `/${field}`) });
  }
  return diagnostics;
}

function checkRotations(input: LocaleRuleInput): Diagnostic[] {
  const { file, document, fields } = input;
  const diagnostics: Diagnostic[] = [];
  const valid = fields.rotations.filter((window) => isUtcDate(window.from) && isUtcDate(window.until));
  for (const window of valid) {
    if (window.from > window.until) {
      const pointer = `/rotations/${window.index}/until`;
      diagnostics.push({
        severity: "error",
        rule: "rotations.order",
        file,
        field: fieldLabel(pointer),
        ...positionOf(document, pointer),
        message: `rotations[${window.index}] ends on ${window.until}, before it starts on ${window.from}; until must be on or after from`,
      });
    }
  }
  diagnostics.push(...checkRotationBases(input));
  for (const field of ROTATING_FIELDS) {
    const windows = valid
      .filter((window) => window[field] !== undefined && window.from <= window.until)
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.index - b.index));
    for (let i = 1; i < windows.length; i++) {
      const earlier = windows.slice(0, i).find((other) => other.until >= windows[i]!.from);
      if (!earlier) continue;
      const later = windows[i]!;
      const pointer = `/rotations/${later.index}/${field}`;
      const overlapped = `rotations[${earlier.index}] (${earlier.from} to ${earlier.until})`;
      diagnostics.push({
        severity: "error",
        rule: "rotations.overlap",
        file,
        field: fieldLabel(pointer),
        ...positionOf(document, pointer),
        message: `rotations[${later.index}] (${later.from} to ${later.until}) overlaps ${overlapped} for ${field}; windows of one field must not overlap`,
      });
    }
  }
  return diagnostics;
}

/** The texts to lint, by pointer: a keyword list item by item, so each hit points at its own item. */
function lintTexts(input: LocaleRuleInput): { pointer: string; text: string }[] {
  const { document, fields } = input;
  const texts: { pointer: string; text: string }[] = [];
  const addKeywords = (pointer: string, items: string[]) => {
    if (document.locations.has(`${pointer}/0`)) items.forEach((item, index) => texts.push({ pointer: `${pointer}/${index}`, text: item }));
    else texts.push({ pointer, text: items.join(",") });
  };
  for (const field of LINT_FIELDS) {
    if (field === "keywords") {
      if (fields.keywords) addKeywords("/keywords", fields.keywords);
      continue;
    }
    const text = fields[field];
    if (text) texts.push({ pointer: `/${field}`, text });
  }
  for (const window of fields.rotations) {
    if (window.keywords) addKeywords(`/rotations/${window.index}/keywords`, window.keywords);
    if (window.promotionalText) texts.push({ pointer: `/rotations/${window.index}/promotionalText`, text: window.promotionalText });
  }
  return texts;
}

function lint(input: LocaleRuleInput): Diagnostic[] {
  const { file, document } = input;
  const diagnostics: Diagnostic[] = [];
  let found = 0;
  let firstHidden: { line?: number; column?: number } = {};
  for (const { pointer, text } of lintTexts(input)) {
    // A keyword item is reported as its list: `keywords`, not `keywords[3]`.
    const field = fieldLabel(pointer.replace(/(\/keywords)\/\d+$/, "$1"));
    const hits = LINT_RULES.flatMap(({ rule, pattern, why }) =>
      [...text.matchAll(pattern)].map((match) => ({ rule, why, word: match[0], index: match.index ?? 0 })),
    );
    const positions = textPositions(document, pointer);
    for (const hit of hits.sort((a, b) => a.index - b.index)) {
      found++;
      const position = positions(hit.word);
      if (found === LINT_SHOWN_PER_FILE + 1) firstHidden = position;
      if (found > LINT_SHOWN_PER_FILE) continue;
      diagnostics.push({
        severity: "warning",
        rule: hit.rule,
        file,
        field,
        ...position,
        message: `${field} mentions "${hit.word}": ${hit.why}`,
      });
    }
  }
  if (found > LINT_SHOWN_PER_FILE)
    diagnostics.push({
      severity: "warning",
      rule: "lint.more",
      file,
      ...firstHidden,
      message: `${found - LINT_SHOWN_PER_FILE} more lint warnings from here on are not shown (${found} in this file)`,
    });
  return diagnostics;
}

export function checkLocaleRules(input: LocaleRuleInput): Diagnostic[] {
  const { file, document, fields, platform } = input;
  const diagnostics: Diagnostic[] = [];
  const indexedWords = new Map<string, "name" | "subtitle">();
  for (const word of wordsOf(fields.subtitle)) indexedWords.set(word, "subtitle");
  for (const word of wordsOf(fields.name)) indexedWords.set(word, "name");

  if (fields.keywords) diagnostics.push(...checkKeywords({ file, document, pointer: "/keywords", items: fields.keywords, indexedWords }));
  for (const window of fields.rotations)
    if (window.keywords)
      diagnostics.push(...checkKeywords({ file, document, pointer: `/rotations/${window.index}/keywords`, items: window.keywords, indexedWords }));

  if (fields.privacyPolicyText !== undefined && platform !== "TV_OS")
    diagnostics.push({
      severity: "error",
      rule: "privacyPolicyText.platform",
      file,
      field: "privacyPolicyText",
      ...positionOf(document, "/privacyPolicyText"),
      message: `privacyPolicyText is for tvOS apps only, and app.platform is ${platform}; use privacyPolicyUrl`,
    });

  diagnostics.push(...checkUrls(input), ...checkRotations(input), ...lint(input));
  return diagnostics;
}
