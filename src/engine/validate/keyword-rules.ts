/**
 * Keyword rules beyond the schema: the 100-character budget of the joined
 * string (code points, after trimming), empty and duplicate items, separators
 * that are not commas, words the name or subtitle already index, and notes on
 * an unused budget or terms that waste it.
 */
import { characterCount, FIELDS } from "../../model/fields.js";
import { joinKeywords } from "../../model/keywords.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";
import { locationOf, type YamlDocument } from "../load/yaml.js";
import { fieldLabel } from "./schema-check.js";

const LIMIT = FIELDS.keywords.maxLength;
/** A budget left this far unused is worth a note. */
const UNUSED_BUDGET_NOTE = 25;
/** A line break is an error of its own (characters.ts). */
const OTHER_SEPARATORS = /[，、;；|]/;
/** Words App Store search matches anyway, or that Apple's guidelines discourage in keywords. */
const WASTED_TERMS = new Set(["app", "apps", "free", "iphone", "ipad", "ios", "apple", "best", "#1"]);

export interface KeywordContext {
  file: string;
  document: YamlDocument;
  /** JSON pointer of the keywords value: /keywords or /rotations/0/keywords. */
  pointer: string;
  items: string[];
  /** Words of the app name and subtitle, lower case. */
  indexedWords: Map<string, "name" | "subtitle">;
}

export function wordsOf(text: string | undefined): string[] {
  return (text ?? "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function checkKeywords(context: KeywordContext): Diagnostic[] {
  const { file, document, pointer, items } = context;
  const label = fieldLabel(pointer);
  const isList = document.locations.has(`${pointer}/0`);
  const at = (index?: number) => {
    const location = (isList && index !== undefined ? document.locations.get(`${pointer}/${index}`) : undefined) ?? locationOf(document, pointer);
    return { line: location?.value.line, column: location?.value.column };
  };
  const diagnostics: Diagnostic[] = [];
  const push = (severity: Diagnostic["severity"], rule: string, message: string, index?: number) =>
    diagnostics.push({ severity, rule, file, field: label, message, ...at(index) });

  const joined = joinKeywords(items);
  const length = characterCount(joined);
  if (length > LIMIT) push("error", "keywords.length", `${label} is ${length} characters; the App Store allows ${LIMIT}`);

  const firstSeen = new Map<string, number>();
  items.forEach((item, index) => {
    if (item === "") {
      push("error", "keywords.empty-item", `${label} has an empty item (item ${index + 1}); remove it, or the stray comma`, index);
      return;
    }
    if (isList && item.includes(",")) {
      // Sent joined with commas, one list item would become several keywords.
      const parts = item
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
      const readAs = parts.length > 1 ? `${parts.length} keywords` : "a keyword and an empty one";
      push(
        "error",
        "keywords.comma-in-item",
        `${label} item ${index + 1} ("${item}") holds a comma; App Store Connect would read it as ${readAs}: make each keyword its own item`,
        index,
      );
    }
    const key = item.toLocaleLowerCase();
    const earlier = firstSeen.get(key);
    if (earlier !== undefined) {
      push(
        "error",
        "keywords.duplicate",
        `${label} lists "${item}" twice (items ${earlier + 1} and ${index + 1}); the App Store indexes a keyword once`,
        index,
      );
    } else firstSeen.set(key, index);
    const separator = OTHER_SEPARATORS.exec(item);
    if (separator)
      push("warning", "keywords.separator", `${label} item "${item}" contains "${separator[0]}"; App Store Connect separates keywords with commas only`, index);
    for (const word of wordsOf(item)) {
      const source = context.indexedWords.get(word);
      if (source) {
        push(
          "warning",
          "keywords.repeats-name",
          `${label} item "${item}" repeats "${word}" of the ${source}; the App Store indexes the ${source} already`,
          index,
        );
        break;
      }
    }
    if (WASTED_TERMS.has(key)) push("notice", "keywords.wasted-term", `${label} item "${item}" spends budget on a term App Store search does not need`, index);
  });

  const clean = !diagnostics.some((diagnostic) => diagnostic.severity === "error");
  if (clean && LIMIT - length > UNUSED_BUDGET_NOTE && items.length > 0)
    push("notice", "keywords.unused-budget", `${label} uses ${length} of ${LIMIT} characters; ${LIMIT - length} are left for more keywords`);
  return diagnostics;
}
