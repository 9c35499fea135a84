/**
 * OpenAPI 3.0 schemas as JSON Schema for ajv: `nullable` becomes a null type,
 * `discriminator` (an OpenAPI hint; each `oneOf` branch already pins `type`)
 * is dropped. With `closed`, objects that list their properties refuse any
 * other: the contract tests use it so that a misspelt attribute in an answer
 * fails instead of passing unseen.
 */
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { OpenApiDocument, SchemaObject } from "./openapi.js";

const ROOT_ID = "asc-openapi";

export interface ConvertOptions {
  closed?: boolean;
}

export function toJsonSchema(schema: SchemaObject, options: ConvertOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key === "discriminator") continue;
    if (key === "format" && typeof value !== "string") continue; // Apple's file has one `"format": null`
    if (key === "properties" && value && typeof value === "object") {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, SchemaObject>).map(([name, child]) => [name, toJsonSchema(child, options)]));
    } else if ((key === "items" || key === "additionalProperties") && value && typeof value === "object") {
      out[key] = toJsonSchema(value as SchemaObject, options);
    } else if ((key === "oneOf" || key === "anyOf" || key === "allOf") && Array.isArray(value)) {
      out[key] = value.map((child: SchemaObject) => toJsonSchema(child, options));
    } else if (key === "$ref" && typeof value === "string") {
      out.$ref = value.startsWith("#/") ? `${ROOT_ID}${value}` : value;
    } else {
      out[key] = value;
    }
  }
  if (options.closed && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (schema.nullable) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: "null" }] };
  }
  return out;
}

export interface SchemaValidators {
  /** A validator of the named components/schemas entry. */
  get(name: string): ValidateFunction;
}

/** Validators for the spec's schemas, each compiled on first use. */
export function schemaValidators(spec: OpenApiDocument, options: ConvertOptions & { formats?: boolean } = {}): SchemaValidators {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: options.formats ?? true });
  addFormats.default(ajv);
  const schemas = Object.fromEntries(Object.entries(spec.components.schemas).map(([name, schema]) => [name, toJsonSchema(schema, options)]));
  ajv.addSchema({ $id: ROOT_ID, components: { schemas } });
  const cache = new Map<string, ValidateFunction>();
  return {
    get(name) {
      let validate = cache.get(name);
      if (!validate) {
        if (!spec.components.schemas[name]) throw new Error(`no schema ${name} in the spec subset`);
        validate = ajv.compile({ $ref: `${ROOT_ID}#/components/schemas/${name}` });
        cache.set(name, validate);
      }
      return validate;
    },
  };
}
