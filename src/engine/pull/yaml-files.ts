/**
 * The YAML text of a new locale file, as `pull` and the fastlane import
 * write it: fields in the schema's order, multi-line text as a
 * literal block, keywords as a list; absent values left out (unmanaged).
 */
import { dump } from "js-yaml";
import { FIELD_NAMES } from "../../model/fields.js";
import { keywordItems } from "../../model/keywords.js";
import { normalizeText } from "../../model/text.js";

/** A field's value; null, "" or absent leave it out of a new file. */
export type LocaleValues = Partial<Record<(typeof FIELD_NAMES)[number], string | null>>;

const HEADER = "# Written by asc-gitops pull. A field that is absent is unmanaged: its live value is left alone.\n";

export function localeYaml(values: LocaleValues): string {
  const document: Record<string, unknown> = {};
  for (const field of FIELD_NAMES) {
    const value = values[field];
    if (value === undefined || value === null || value === "") continue;
    document[field] = field === "keywords" ? keywordItems(value).filter(Boolean) : normalizeText(value);
  }
  return HEADER + dump(document, { lineWidth: -1, flowLevel: 1, noRefs: true });
}
