import { APP_INFO_FIELDS, type AppInfoField } from "../../model/fields.js";
import type { AppStoreLocale } from "../../model/locales.js";
import type { LoadedFiles } from "../../contracts/files.js";
import type { FieldSources } from "../../contracts/resource.js";
import { fieldSources } from "../field-sources.js";

/** The appInfoLocalization of one locale as the repository wants it: only the fields it manages. */
export interface DesiredAppInfoLocalization {
  locale: AppStoreLocale;
  fields: Partial<Record<AppInfoField, string>>;
  sources: FieldSources;
}

/** The app info localizations resource's slice of the DesiredState. */
export interface DesiredAppInfoLocalizations {
  appInfoLocalizations: DesiredAppInfoLocalization[];
}

export function appInfoLocalizationsDesired(files: LoadedFiles): DesiredAppInfoLocalizations {
  return {
    appInfoLocalizations: files.locales.map((localeFile) => {
      const fields: DesiredAppInfoLocalization["fields"] = {};
      for (const field of APP_INFO_FIELDS) {
        const value = localeFile.fields[field];
        if (value !== undefined) fields[field] = value;
      }
      return { locale: localeFile.locale, fields, sources: fieldSources(localeFile, APP_INFO_FIELDS) };
    }),
  };
}
