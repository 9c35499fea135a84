/**
 * JSON Schema validation (ajv, draft 2020-12, allErrors) of one YAML document,
 * with ajv's errors rewritten as messages a person acts on, at the line and
 * column of the key or value concerned.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { characterCount, FIELDS, type FieldName, type FieldSpec } from "../../model/fields.js";
import { PLATFORMS } from "../../model/platforms.js";
import { plural } from "../../util/plural.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";
import { escapePointerToken, locationOf, type YamlDocument } from "../load/yaml.js";
import { REMOVED_AGE_RATING_ATTRIBUTES } from "../../model/age-rating.js";
import {
  ageRatingSchema,
  reviewReplySchema,
  reviewsConfigSchema,
  appSchema,
  EMAIL_PATTERN,
  ENV_NAME_PATTERN,
  localeSchema,
  PHONE_PATTERN,
  REQUIRED_URLS,
  reviewSchema,
  VERSION_PATTERN,
} from "./schemas.js";
import { closestMatch } from "./suggest.js";
import { parentOf } from "../../model/categories.js";

export type SchemaKind = "app" | "locale" | "ageRating" | "review" | "reviewsConfig" | "reviewReply";

let compiled: Record<SchemaKind, ValidateFunction> | undefined;

function validators(): Record<SchemaKind, ValidateFunction> {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false, verbose: true });
    addFormats.default(ajv, ["date"]);
    compiled = {
      app: ajv.compile(appSchema()),
      locale: ajv.compile(localeSchema()),
      ageRating: ajv.compile(ageRatingSchema()),
      reviewsConfig: ajv.compile(reviewsConfigSchema()),
      reviewReply: ajv.compile(reviewReplySchema()),
      review: ajv.compile(reviewSchema()),
    };
  }
  return compiled;
}

/** `/rotations/0/keywords` -> `rotations[0].keywords`. */
export function fieldLabel(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((label, token) => (/^\d+$/.test(token) ? `${label}[${token}]` : label ? `${label}.${token}` : token), "");
}

function valueAt(root: unknown, pointer: string): unknown {
  let current: unknown = root;
  for (const token of pointer.split("/").slice(1)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[token.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return current;
}

/** `written`: the value's text as in the file (`2.10`, which YAML reads as the number 2.1). */
function describeType(value: unknown, written: string): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "text";
  return `a ${typeof value} (${written})`;
}

/** What to write for a key left empty (`subtitle:`): "" only where "" clears the field. */
function emptyValueAdvice(pointer: string, label: string): string {
  const tokens = pointer.split("/").slice(1);
  const leave = "or remove the line to leave the live value alone";
  if (tokens[0] === "rotations" && tokens.length === 3) {
    if (tokens[2] === "from" || tokens[2] === "until") return `${label} has no value; write a date such as 2027-01-01`;
    return `${label} has no value; write its value in this window ("" for none), or remove the line`;
  }
  if (tokens.length === 1 && Object.hasOwn(FIELDS, tokens[0]!)) {
    const spec: FieldSpec = FIELDS[tokens[0] as FieldName];
    if (spec.url && REQUIRED_URLS.includes(tokens[0] as FieldName)) return `${label} has no value; write a URL such as https://example.com/, ${leave}`;
    if (spec.minLength) return `${label} has no value; write one of at least ${spec.minLength} characters, ${leave}`;
    return `${label} has no value; write "" to clear it, ${leave}`;
  }
  switch (pointer) {
    case "/app/bundleId":
      return `${label} has no value; write the app's bundle identifier, such as com.acme.fitness`;
    case "/app/id":
      return `${label} has no value; write the app's numeric Apple ID, such as "1234567890"`;
    case "/app/platform":
      return `${label} has no value; write one of ${PLATFORMS.join(", ")}, or remove the line for IOS`;
    case "/version":
      return `${label} has no value; write a version such as "2.4.0", or remove the line to manage the version in an editable state`;
    case "/prune":
      return `${label} has no value; write true or false`;
    default:
      return `${label} has no value; give it one, or remove the line`;
  }
}

const EXPECTED: Record<string, string> = {
  string: "text",
  array: "a list",
  object: "a mapping of keys to values",
  boolean: "true or false",
  integer: "a whole number",
};

function expectedTypes(type: unknown): string {
  const list = Array.isArray(type) ? type : [type];
  return list.map((item) => EXPECTED[String(item)] ?? String(item)).join(" or ");
}

function urlPatternMessage(label: string, text: string, clearable: boolean): string {
  const base = `${label} must be an http or https URL${clearable ? ' (or "" to clear it)' : ""}, not "${text}"`;
  if (/\s/.test(text)) return `${base}; a URL holds no spaces or line breaks (write a space as %20)`;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text) && text !== "") return `${base}; start it with https://`;
  return base;
}

function message(error: ErrorObject, root: unknown, document: YamlDocument): string {
  const label = fieldLabel(error.instancePath) || "the file";
  const value = valueAt(root, error.instancePath);
  const params = error.params as Record<string, unknown>;
  const location = document.locations.get(error.instancePath);
  const written = location && location.valueEnd > location.valueStart ? document.text.slice(location.valueStart, location.valueEnd) : String(value);
  switch (error.keyword) {
    case "maxLength":
      return `${label} is ${plural(characterCount(String(value)), "character", "characters")}; the App Store allows ${params.limit}`;
    case "minLength":
      return `${label} is ${plural(characterCount(String(value)), "character", "characters")}; the App Store needs at least ${params.limit}`;
    case "type": {
      if (error.instancePath === "/demoAccount/password" && value !== null)
        return (
          "demoAccount.password must not be written in the repository; write password: { env: ASC_DEMO_PASSWORD } " +
          "and set that variable (a secret) where plan and apply run"
        );
      if (error.instancePath === "") return `the file must hold a mapping of keys to values, but it is ${describeType(value, written)}`;
      if (value === null) return emptyValueAdvice(error.instancePath, label);
      const hint = typeof value === "number" || typeof value === "boolean" ? ` (put it in quotes: "${written}")` : "";
      return `${label} must be ${expectedTypes(params.type)}, not ${describeType(value, written)}${hint}`;
    }
    case "pattern":
      if (params.pattern === EMAIL_PATTERN) return `${label} must be an email address such as app-review@example.com, not "${String(value)}"`;
      if (params.pattern === PHONE_PATTERN)
        return `${label} must be a phone number with + and the country code, such as "+1 408 555 0123", not "${String(value)}"`;
      if (params.pattern === ENV_NAME_PATTERN) return `${label} must name an environment variable, such as ASC_DEMO_PASSWORD, not "${String(value)}"`;
      if (params.pattern === VERSION_PATTERN) return `${label} must be a version string such as "2.4.0", not "${String(value)}"`;
      if (label === "app.id") return `${label} must be the numeric Apple ID of the app, such as "1234567890", not "${String(value)}"`;
      if (label === "app.bundleId") return `${label} must be a bundle identifier such as com.acme.fitness, not "${String(value)}"`;
      if (label === "developerAgeRatingInfoUrl") return urlPatternMessage(label, String(value), false);
      return urlPatternMessage(label, String(value), String(params.pattern).startsWith("^$"));
    case "format":
      return `${label} must be a date written YYYY-MM-DD, not "${String(value)}"`;
    case "enum": {
      if (value === null) return emptyValueAdvice(error.instancePath, label);
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggestion = closestMatch(String(value), allowed);
      // Category ids are too many to list in a line: the schema (editor completion) and README list them.
      const parent = parentOf(String(value));
      if (/^\/categories\/(primary|secondary)$/.test(error.instancePath) && parent)
        return `${label} "${String(value)}" is a subcategory of ${parent}: write ${parent} here and ${String(value)} in ${label}Subcategories`;
      if (error.instancePath.startsWith("/categories/")) {
        const what = /Subcategories/.test(error.instancePath) ? "subcategory" : "category";
        const hint = suggestion ? `; did you mean ${suggestion}?` : " (schema/app.schema.json lists them)";
        return `${label} "${String(value)}" is not an App Store ${what} id${hint}`;
      }
      return `${label} must be one of ${allowed.join(", ")}, not "${String(value)}"${suggestion ? `; did you mean ${suggestion}?` : ""}`;
    }
    case "maxItems":
      return `${label} lists ${Array.isArray(value) ? value.length : "more"}; App Store Connect allows at most ${params.limit}`;
    case "uniqueItems":
      return `${label} lists ${JSON.stringify((value as unknown[])[Number(params.j)])} twice; name each once`;
    case "required":
      return `${label} needs "${String(params.missingProperty)}"`;
    case "oneOf":
      return params.passingSchemas
        ? `${label} names both id and bundleId; keep one of the two`
        : `${label} needs id (the App Store Connect app id) or bundleId`;
    case "anyOf":
      return `${label} changes nothing: give it keywords, promotionalText, or both`;
    default:
      return `${label}: ${error.message ?? "is not valid"}`;
  }
}

function unknownKeyMessage(error: ErrorObject, allowed: string[], kind: SchemaKind): string {
  const key = String((error.params as { additionalProperty: string }).additionalProperty);
  const where = fieldLabel(error.instancePath);
  if (kind === "ageRating" && error.instancePath === "" && Object.hasOwn(REMOVED_AGE_RATING_ATTRIBUTES, key))
    return `"${key}" was removed by Apple and App Store Connect refuses it; answer ${REMOVED_AGE_RATING_ATTRIBUTES[key]} instead`;
  if (kind === "ageRating" && error.instancePath === "") {
    const suggestion = closestMatch(key, allowed);
    const hint = suggestion ? `did you mean "${suggestion}"?` : "the attributes are those of ageRatingDeclarations (see schema/age-rating.schema.json)";
    return `unknown age rating attribute "${key}": App Store Connect refuses it; ${hint}`;
  }
  const suggestion = closestMatch(key, allowed);
  const hint = suggestion ? `; did you mean "${suggestion}"?` : `; allowed keys are ${allowed.join(", ")}`;
  return `unknown key "${key}"${where ? ` in ${where}` : ""}${hint}`;
}

function allowedKeys(error: ErrorObject): string[] {
  const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(parent?.properties ?? {});
}

/** Drops the per-branch errors of a failing oneOf/anyOf: its own message says it better. */
function withoutBranchNoise(errors: ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((error) => error.keyword === "oneOf" || error.keyword === "anyOf").map((error) => `${error.schemaPath}/`);
  return errors.filter((error) => !combinators.some((prefix) => error.schemaPath.startsWith(prefix)));
}

/** Validates `value` (the document's value, or a normalized copy of it) and places errors in `document`. */
export function checkSchema(document: YamlDocument, kind: SchemaKind, file: string, value: unknown = document.value): Diagnostic[] {
  const validate = validators()[kind];
  if (validate(value)) return [];
  return withoutBranchNoise(validate.errors ?? []).map((error) => {
    const isUnknownKey = error.keyword === "additionalProperties";
    const pointer = isUnknownKey
      ? `${error.instancePath}/${escapePointerToken(String((error.params as { additionalProperty: string }).additionalProperty))}`
      : error.instancePath;
    const location = locationOf(document, pointer);
    const position = isUnknownKey ? (location?.key ?? location?.value) : location?.value;
    return {
      severity: "error",
      rule: `schema.${error.keyword}`,
      file,
      line: position?.line,
      column: position?.column,
      field: fieldLabel(pointer) || undefined,
      message: isUnknownKey ? unknownKeyMessage(error, allowedKeys(error), kind) : message(error, value, document),
    } satisfies Diagnostic;
  });
}
