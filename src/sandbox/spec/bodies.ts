/**
 * Request bodies checked against the operation's request schema in the spec,
 * in the order App Store Connect reports problems: an attribute or relationship
 * the resource does not have, or a required one missing, is a 409 ENTITY_ERROR
 * with a pointer; a body of the wrong shape (not JSON, wrong types) is a 422.
 * Formats are not checked here: URL attributes get their own 409 in rules/.
 */
import { entityProblems, errors, type EntityProblem } from "../errors.js";
import type { SchemaValidators } from "./json-schema.js";
import { resolveSchema, type OpenApiDocument, type Operation, type SchemaObject } from "./openapi.js";

export interface ResourceBody {
  type: string;
  id?: string;
  attributes: Record<string, unknown>;
  relationships: Record<string, { data?: { type: string; id: string } | null } | undefined>;
}

export interface LinkagesBody {
  data: Array<{ type: string; id: string }>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function part(spec: OpenApiDocument, schema: SchemaObject | undefined, key: string): SchemaObject | undefined {
  const resolved = schema ? resolveSchema(spec, schema) : undefined;
  return resolved?.properties?.[key] ? resolveSchema(spec, resolved.properties[key]!) : undefined;
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") throw errors.unprocessable("The request body is empty; this request needs a JSON document");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errors.unprocessable(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The body as the schema sees it: a to-one relationship sent with `data: null`
 * clears it, as JSON:API says and App Store Connect accepts (fastlane's
 * patch_app_info_categories sends it to remove a category), though the spec's
 * linkage schemas are not nullable.
 */
function withoutClearedLinkages(body: Record<string, unknown>): unknown {
  const data = body.data;
  if (!isRecord(data) || !isRecord(data.relationships)) return body;
  const relationships = Object.fromEntries(Object.entries(data.relationships).filter(([, value]) => !(isRecord(value) && value.data === null)));
  return { ...body, data: { ...data, relationships } };
}

export function checkRequestBody(spec: OpenApiDocument, validators: SchemaValidators, operation: Operation, body: unknown, pathId: string | undefined): void {
  const schemaName = operation.requestSchema;
  if (!schemaName) return;
  const root = spec.components.schemas[schemaName]!;
  if (!isRecord(body) || !("data" in body)) throw errors.unprocessable("The request body must be a JSON object with a 'data' member", "");
  const dataSchema = part(spec, root, "data");
  const data = body.data;
  if (dataSchema?.type === "object" && isRecord(data)) {
    const problems: EntityProblem[] = [];
    const type = String(data.type ?? "");
    const attributesSchema = part(spec, dataSchema, "attributes");
    const relationshipsSchema = part(spec, dataSchema, "relationships");
    if (pathId !== undefined && typeof data.id === "string" && data.id !== pathId) problems.push(entityProblems.idMismatch(pathId, data.id));
    const attributes = isRecord(data.attributes) ? data.attributes : {};
    const relationships = isRecord(data.relationships) ? data.relationships : {};
    for (const name of Object.keys(attributes)) {
      if (!attributesSchema?.properties?.[name]) problems.push(entityProblems.unknownAttribute(name, type));
    }
    for (const name of Object.keys(relationships)) {
      if (!relationshipsSchema?.properties?.[name]) problems.push(entityProblems.unknownRelationship(name, type));
    }
    for (const name of attributesSchema?.required ?? []) {
      if (attributes[name] === undefined || attributes[name] === null) problems.push(entityProblems.required(name));
    }
    for (const name of relationshipsSchema?.required ?? []) {
      const relationship = relationships[name];
      if (!isRecord(relationship) || !isRecord(relationship.data)) problems.push(entityProblems.relationshipRequired(name));
    }
    if (problems.length > 0) throw errors.entity(problems);
  }
  const validate = validators.get(schemaName);
  if (!validate(withoutClearedLinkages(body))) {
    const first = validate.errors?.[0];
    const where = first?.instancePath ?? "";
    throw errors.unprocessable(`The request body does not match ${schemaName}: ${where || "/"} ${first?.message ?? "is invalid"}`, where);
  }
}
