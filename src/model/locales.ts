/**
 * App Store Connect locale codes. The one list the validator, the sandbox and
 * `pull` share; Apple adds locales from time to time, so add them here only.
 */
export const APP_STORE_LOCALES = [
  "ar-SA",
  "bn-BD",
  "ca",
  "cs",
  "da",
  "de-DE",
  "el",
  "en-AU",
  "en-CA",
  "en-GB",
  "en-US",
  "es-ES",
  "es-MX",
  "fi",
  "fr-CA",
  "fr-FR",
  "gu-IN",
  "he",
  "hi",
  "hr",
  "hu",
  "id",
  "it",
  "ja",
  "kn-IN",
  "ko",
  "ml-IN",
  "mr-IN",
  "ms",
  "nl-NL",
  "no",
  "or-IN",
  "pa-IN",
  "pl",
  "pt-BR",
  "pt-PT",
  "ro",
  "ru",
  "sk",
  "sl-SI",
  "sv",
  "ta-IN",
  "te-IN",
  "th",
  "tr",
  "uk",
  "ur-PK",
  "vi",
  "zh-Hans",
  "zh-Hant",
] as const;

export type AppStoreLocale = (typeof APP_STORE_LOCALES)[number];

const byLowerCase = new Map<string, AppStoreLocale>(APP_STORE_LOCALES.map((locale) => [locale.toLowerCase(), locale]));

export function isAppStoreLocale(code: string): code is AppStoreLocale {
  return (APP_STORE_LOCALES as readonly string[]).includes(code);
}

/** The locale a near-miss spelling meant: `en_us`, `EN-us` and `de` (when only de-DE exists). */
export function suggestLocale(code: string): AppStoreLocale | undefined {
  const normalized = code.replace(/_/g, "-").toLowerCase();
  const exact = byLowerCase.get(normalized);
  if (exact) return exact;
  const sameLanguage = APP_STORE_LOCALES.filter((locale) => locale.toLowerCase().split("-")[0] === normalized.split("-")[0]);
  return sameLanguage.length === 1 ? sameLanguage[0] : undefined;
}
