/**
 * Attribute values App Store Connect refuses with 409 ENTITY_ERROR.ATTRIBUTE.INVALID
 * and a pointer: longer than the field's limit (src/model/fields.ts, counted
 * in Unicode code points, so 100 kanji fit in keywords), a name shorter than 2
 * characters, a URL that is not http(s) ("" too: null clears one), a locale
 * App Store Connect lacks.
 */
import { characterCount, FIELDS, type FieldName } from "../../model/fields.js";
import { isAppStoreLocale, suggestLocale } from "../../model/locales.js";
import { entityProblems, type EntityProblem } from "../errors.js";

/** Minimum lengths enforced on every edit; other minima (description) apply only at submission. */
const EDIT_TIME_MINIMUM: ReadonlySet<FieldName> = new Set(["name"]);

function isField(name: string): name is FieldName {
  return Object.hasOwn(FIELDS, name);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}

export function attributeProblems(attributes: Record<string, unknown>, locale: string): EntityProblem[] {
  const problems: EntityProblem[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (!isField(name) || typeof value !== "string") continue;
    const field = FIELDS[name];
    const length = characterCount(value);
    if (length > field.maxLength) {
      problems.push(entityProblems.tooLong(name, `${field.title} for ${locale} cannot be longer than ${field.maxLength} characters; it has ${length}.`));
    } else if (EDIT_TIME_MINIMUM.has(name) && "minLength" in field && length < field.minLength) {
      problems.push(entityProblems.invalid(name, `${field.title} for ${locale} must be at least ${field.minLength} characters; it has ${length}.`));
    } else if ("url" in field && field.url && !isHttpUrl(value)) {
      // "" included: the spec's format is uri, which "" is not; null clears a URL.
      problems.push(entityProblems.invalid(name, `${field.title} for ${locale} is not a valid http or https URL: '${value}'.`));
    }
  }
  return problems;
}

/** Attributes that may not be cleared (set to "" or null) once they exist. */
export function clearingProblems(attributes: Record<string, unknown>, required: readonly string[]): EntityProblem[] {
  return required
    .filter((name) => name in attributes && (attributes[name] === null || attributes[name] === ""))
    .map((name) => entityProblems.invalid(name, `${name} cannot be empty.`));
}

export function localeProblems(locale: string): EntityProblem[] {
  if (isAppStoreLocale(locale)) return [];
  const suggestion = suggestLocale(locale);
  return [entityProblems.invalid("locale", `'${locale}' is not a valid locale.${suggestion ? ` Check case sensitivity. May be: ${suggestion}` : ""}`)];
}
