import { VERSION_FIELDS, type VersionField } from "../../model/fields.js";
import { joinKeywords } from "../../model/keywords.js";
import type { AppStoreLocale } from "../../model/locales.js";
import { fieldSources } from "../field-sources.js";
import type { FieldSources, ResourceDesired } from "../resource.js";

export interface DesiredRotation {
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

export const versionLocalizationsDesired: ResourceDesired<DesiredVersionLocalization[]> = {
  name: "versionLocalizations",
  desired(files) {
    return files.locales.map((localeFile) => {
      const fields: DesiredVersionLocalization["fields"] = {};
      for (const field of VERSION_FIELDS) {
        const value = localeFile.fields[field];
        if (value === undefined) continue;
        fields[field] = Array.isArray(value) ? joinKeywords(value) : (value as string);
      }
      const rotations = localeFile.fields.rotations.map(({ from, until, keywords, promotionalText }) => ({
        from,
        until,
        ...(keywords ? { keywords: joinKeywords(keywords) } : {}),
        ...(promotionalText !== undefined ? { promotionalText } : {}),
      }));
      return { locale: localeFile.locale, fields, rotations, sources: fieldSources(localeFile, [...VERSION_FIELDS, "rotations"]) };
    });
  },
};
