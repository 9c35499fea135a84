/**
 * metadata/age-rating.yml from App Store Connect's answers: a new file with
 * every answered question, or the live answers merged into the file in place
 * (comments and order kept; an answer live lacks is left as written).
 */
import { AGE_RATING_ATTRIBUTE_NAMES, type AgeRatingAttribute, type AgeRatingValue } from "../../model/age-rating.js";
import { parseYamlDocument } from "../load/yaml.js";
import { applyEdits, insertEntry, renderString, replaceValue, type Edit } from "./yaml-edit.js";
import { yamlSpans } from "./yaml-spans.js";

export type PulledAgeRating = Partial<Record<AgeRatingAttribute, AgeRatingValue>>;

const render = (value: AgeRatingValue): string => (typeof value === "boolean" ? String(value) : renderString(value));

export function freshAgeRatingYaml(answers: PulledAgeRating): string {
  const lines = AGE_RATING_ATTRIBUTE_NAMES.filter((name) => answers[name] !== undefined).map((name) => `${name}: ${render(answers[name]!)}`);
  return [
    "# yaml-language-server: $schema=../schema/age-rating.schema.json",
    "# The age rating questionnaire (written by asc-gitops pull). An answer left out is unmanaged.",
    ...lines,
    "",
  ].join("\n");
}

export function mergeAgeRatingText(original: string, answers: PulledAgeRating, file: string): { text: string; updated: string[] } {
  const current = parseYamlDocument(original, file).value;
  const values = current !== null && typeof current === "object" && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
  const spans = yamlSpans(original);
  const root = spans.mappings.get("");
  const edits: Edit[] = [];
  const updated: string[] = [];
  for (const name of AGE_RATING_ATTRIBUTE_NAMES) {
    const value = answers[name];
    if (value === undefined || values[name] === value) continue;
    const entry = root?.entries.find((item) => item.key === name);
    if (entry) edits.push(replaceValue(original, entry.value, render(value), 0));
    else edits.push(insertEntry(original, root, root?.entries.at(-1), name, render(value), 0));
    updated.push(name);
  }
  return { text: applyEdits(original, edits), updated };
}
