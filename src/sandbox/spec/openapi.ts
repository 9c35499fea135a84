/**
 * The committed subset of Apple's OpenAPI file (spec/, written by
 * scripts/trim-openapi.ts), read once, and the operation table derived from it:
 * which method and path template is which operation, its query parameters and
 * its request schema. The router, the parameter checks and the request body
 * checks all read this table, so the sandbox accepts what the spec accepts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../package-root.js";
import { SERVED_OPERATIONS, type OperationId } from "./served-operations.js";

export interface SchemaObject {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  maximum?: number;
  nullable?: boolean;
  oneOf?: SchemaObject[];
  [key: string]: unknown;
}

export interface ParameterObject {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema?: SchemaObject;
}

interface OperationObject {
  operationId: string;
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  responses: Record<string, { content?: Record<string, { schema?: SchemaObject }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, SchemaObject> };
}

export interface Operation {
  id: OperationId;
  method: string;
  template: string;
  /** Query parameters by name. */
  query: Map<string, ParameterObject>;
  /** Name of the request body schema (components/schemas), if the operation takes one. */
  requestSchema?: string;
  /** Documented response statuses and the schema name of each JSON body. */
  responses: Map<number, string | undefined>;
}

const SUBSET_PATH = ["spec", "app-store-connect-openapi.subset.json"];
const SCHEMA_PREFIX = "#/components/schemas/";

let document: OpenApiDocument | undefined;

export function loadSpec(): OpenApiDocument {
  document ??= JSON.parse(readFileSync(path.join(packageRoot(), ...SUBSET_PATH), "utf8")) as OpenApiDocument;
  return document;
}

export function schemaName(schema: SchemaObject | undefined): string | undefined {
  return schema?.$ref?.startsWith(SCHEMA_PREFIX) ? schema.$ref.slice(SCHEMA_PREFIX.length) : undefined;
}

export function resolveSchema(spec: OpenApiDocument, schema: SchemaObject): SchemaObject {
  const name = schemaName(schema);
  if (!name) return schema;
  const target = spec.components.schemas[name];
  if (!target) throw new Error(`schema ${name} is missing from the spec subset`);
  return resolveSchema(spec, target);
}

interface CompiledOperation extends Operation {
  pattern: RegExp;
}

export interface OperationTable {
  operations: ReadonlyMap<OperationId, Operation>;
  /** The operation for a method and path, or why there is none. */
  match(method: string, pathname: string): { operation: Operation; id?: string } | { methodNotAllowed: true } | undefined;
  /** Whether the spec (and so the sandbox) serves GET on this concrete path template. */
  servesGet(template: string): boolean;
}

function templatePattern(template: string): RegExp {
  const escaped = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join("([^/]+)")}$`);
}

export function buildOperationTable(spec: OpenApiDocument = loadSpec()): OperationTable {
  const served = new Set<string>(SERVED_OPERATIONS);
  const compiled: CompiledOperation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters as ParameterObject[] | undefined) ?? [];
    for (const [method, value] of Object.entries(item)) {
      const operation = value as OperationObject;
      if (!operation || typeof operation !== "object" || !operation.operationId || !served.has(operation.operationId)) continue;
      const query = new Map<string, ParameterObject>();
      for (const parameter of [...shared, ...(operation.parameters ?? [])]) if (parameter.in === "query") query.set(parameter.name, parameter);
      const responses = new Map<number, string | undefined>();
      for (const [status, response] of Object.entries(operation.responses)) {
        responses.set(Number(status), schemaName(response.content?.["application/json"]?.schema));
      }
      const requestSchema = schemaName(operation.requestBody?.content?.["application/json"]?.schema);
      compiled.push({
        id: operation.operationId as OperationId,
        method: method.toUpperCase(),
        template,
        query,
        responses,
        ...(requestSchema ? { requestSchema } : {}),
        pattern: templatePattern(template),
      });
    }
  }
  const missing = SERVED_OPERATIONS.filter((id) => !compiled.some((operation) => operation.id === id));
  if (missing.length > 0) throw new Error(`the spec subset lacks ${missing.join(", ")}; run npm run spec:trim`);
  const getTemplates = new Set(compiled.filter((operation) => operation.method === "GET").map((operation) => operation.template));

  return {
    operations: new Map(compiled.map((operation) => [operation.id, operation])),
    match(method, pathname) {
      let pathMatched = false;
      for (const operation of compiled) {
        const found = operation.pattern.exec(pathname);
        if (!found) continue;
        pathMatched = true;
        if (operation.method !== method) continue;
        return found[1] === undefined ? { operation } : { operation, id: decodeURIComponent(found[1]) };
      }
      return pathMatched ? { methodNotAllowed: true } : undefined;
    },
    servesGet: (template) => getTemplates.has(template),
  };
}
