import type { LocaleFile } from "../contracts/files.js";
import type { FieldSources } from "../contracts/resource.js";

/** The value positions of the given top-level fields of a locale file. */
export function fieldSources(localeFile: LocaleFile, fields: readonly string[]): FieldSources {
  const positions: FieldSources["positions"] = {};
  for (const field of fields) {
    const location = localeFile.document.locations.get(`/${field}`);
    if (location) positions[field] = location.value;
  }
  return { file: localeFile.file, positions };
}
