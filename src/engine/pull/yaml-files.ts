/**
 * The YAML text of app.yml and a locale file, as `pull` and the fastlane
 * import write them: fields in the schema's order, multi-line text as a
 * literal block, keywords as a list; absent values left out (unmanaged).
 */
import { dump } from "js-yaml";
import { FIELD_NAMES } from "../../model/fields.js";
import { keywordItems } from "../../model/keywords.js";
import { normalizeText } from "../../model/text.js";

export type LocaleValues = Partial<Record<(typeof FIELD_NAMES)[number], string>>;

const HEADER = "# Written by asc-gitops pull. A field that is absent is unmanaged: its live value is left alone.\n";

export function localeYaml(values: LocaleValues): string {
  const document: Record<string, unknown> = {};
  for (const field of FIELD_NAMES) {
    const value = values[field];
    if (value === undefined || value === "") continue;
    document[field] = field === "keywords" ? keywordItems(value).filter(Boolean) : normalizeText(value);
  }
  return HEADER + dump(document, { lineWidth: -1, flowLevel: 1, noRefs: true });
}

export interface AppYamlValues {
  id?: string;
  bundleId?: string;
  platform: string;
}

export function appYaml(values: AppYamlValues): string {
  const app = values.bundleId ? { bundleId: values.bundleId, platform: values.platform } : { id: values.id, platform: values.platform };
  return `# Which app this repository manages (written by asc-gitops pull).\n${dump({ app, prune: false }, { lineWidth: -1, noRefs: true })}`;
}
