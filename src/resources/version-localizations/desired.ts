import { ROTATING_FIELDS, VERSION_FIELDS, type VersionField } from "../../model/fields.js";
import { joinKeywords } from "../../model/keywords.js";
import type { AppStoreLocale } from "../../model/locales.js";
import type { LoadedFiles } from "../../contracts/files.js";
import type { FieldSources } from "../../contracts/resource.js";
import { fieldSources } from "../field-sources.js";

export interface DesiredRotation {
  /** Index in the file's rotations list. */
  index: number;
  from: string;
  until: string;
  /** Joined as App Store Connect stores them: "a,b,c". */
  keywords?: string;
  promotionalText?: string;
}

/**
 * The appStoreVersionLocalization of one locale as the repository wants it:
 * only the fields it manages, keywords joined, and the dated rotations that
 * decide the value in force on a given day.
 */
export interface DesiredVersionLocalization {
  locale: AppStoreLocale;
  fields: Partial<Record<VersionField, string>>;
  rotations: DesiredRotation[];
  sources: FieldSources;
}

/** `rotations/0/keywords`, `rotations/0/promotionalText`, …: where each rotated value is written. */
function rotationPointers(count: number): string[] {
  return Array.from({ length: count }, (_, index) => ROTATING_FIELDS.map((field) => `rotations/${index}/${field}`)).flat();
}

/** The version localizations resource's slice of the DesiredState. */
export interface DesiredVersionLocalizations {
  versionLocalizations: DesiredVersionLocalization[];
}

export function versionLocalizationsDesired(files: LoadedFiles): DesiredVersionLocalizations {
  return {
    versionLocalizations: files.locales.map((localeFile) => {
      const fields: DesiredVersionLocalization["fields"] = {};
      for (const field of VERSION_FIELDS) {
        const value = localeFile.fields[field];
        if (value === undefined) continue;
        fields[field] = Array.isArray(value) ? joinKeywords(value) : (value as string);
      }
      const rotations = localeFile.fields.rotations.map(({ index, from, until, keywords, promotionalText }) => ({
        index,
        from,
        until,
        ...(keywords ? { keywords: joinKeywords(keywords) } : {}),
        ...(promotionalText !== undefined ? { promotionalText } : {}),
      }));
      return {
        locale: localeFile.locale,
        fields,
        rotations,
        sources: fieldSources(localeFile, [...VERSION_FIELDS, ...rotationPointers(localeFile.fields.rotations.length)]),
      };
    }),
  };
}
