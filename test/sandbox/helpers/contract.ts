/**
 * Checks an exchange against the committed spec subset, independently of the
 * sandbox's own router: the path and method name an operation; every query
 * parameter is one the operation lists (or the `cursor` of `links.next`), with
 * allowed values; the request body matches the request schema; the status is
 * one the operation documents; the answer matches that status's schema,
 * closed (no property the schema lacks) and with formats checked (empty
 * attributes may be null, as in Apple's answers). Error items
 * must also carry `id` and `detail`, as Apple's original file requires.
 */
import { readFileSync } from "node:fs";
import { schemaValidators } from "../../../src/sandbox/spec/json-schema.js";
import type { OpenApiDocument, SchemaObject } from "../../../src/sandbox/spec/openapi.js";
import type { Exchange } from "./sandbox.js";

export const spec = JSON.parse(readFileSync(new URL("../../../spec/app-store-connect-openapi.subset.json", import.meta.url), "utf8")) as OpenApiDocument;

interface SpecOperation {
  operationId: string;
  method: string;
  template: string;
  parameters: Array<{ name: string; in: string; required?: boolean; schema?: SchemaObject }>;
  requestBody?: { content: Record<string, { schema: SchemaObject }> };
  responses: Record<string, { content?: Record<string, { schema: SchemaObject }> }>;
}

export const specOperations: SpecOperation[] = Object.entries(spec.paths).flatMap(([template, item]) =>
  Object.entries(item)
    .filter(([method]) => ["get", "post", "patch", "delete"].includes(method))
    .map(([method, operation]) => {
      const value = operation as Omit<SpecOperation, "method" | "template">;
      return {
        ...value,
        method: method.toUpperCase(),
        template,
        parameters: [...((item.parameters as SpecOperation["parameters"]) ?? []), ...(value.parameters ?? [])],
      };
    }),
);

const validators = schemaValidators(spec, { closed: true, formats: true });
const refName = (schema: SchemaObject | undefined) => schema?.$ref?.split("/").pop();

export function findOperation(method: string, pathname: string): SpecOperation | undefined {
  return specOperations.find((operation) => {
    if (operation.method !== method) return false;
    const pattern = new RegExp(`^${operation.template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    return pattern.test(pathname);
  });
}

/**
 * The one documented departure from the spec's schemas: real App Store Connect
 * answers every empty attribute of a resource as null (shared asc/README.md),
 * which the schemas do not allow. A copy of the document without those nulls
 * is checked; a null anywhere else still breaks the contract.
 */
function withoutAttributeNulls(body: any): any {
  if (typeof body !== "object" || body === null) return body;
  const resource = (item: any) =>
    item && typeof item === "object" && item.attributes && typeof item.attributes === "object"
      ? { ...item, attributes: Object.fromEntries(Object.entries(item.attributes).filter(([, value]) => value !== null)) }
      : item;
  return {
    ...body,
    ...(body.data !== undefined ? { data: Array.isArray(body.data) ? body.data.map(resource) : resource(body.data) } : {}),
    ...(Array.isArray(body.included) ? { included: body.included.map(resource) } : {}),
  };
}

/** Problems of one exchange with the spec; empty when it conforms. */
export function contractProblems(exchange: Exchange): string[] {
  const problems: string[] = [];
  const url = new URL(exchange.path, "http://sandbox");
  const operation = findOperation(exchange.method, url.pathname);
  if (!operation) return [`${exchange.method} ${url.pathname} is no operation of the spec`];
  const where = `${operation.operationId} (${exchange.method} ${exchange.path})`;
  const queryProblems: string[] = [];
  for (const [name, value] of url.searchParams) {
    const parameter = operation.parameters.find((candidate) => candidate.in === "query" && candidate.name === name);
    if (!parameter) {
      if (!(name === "cursor" && operation.parameters.some((candidate) => candidate.name === "limit")))
        queryProblems.push(`${where}: query parameter ${name} is not in the spec`);
      continue;
    }
    const allowed = (parameter.schema?.items?.enum ?? parameter.schema?.enum) as string[] | undefined;
    if (allowed) for (const item of value.split(",")) if (!allowed.includes(item)) queryProblems.push(`${where}: ${name}=${item} is not an allowed value`);
    if (typeof parameter.schema?.maximum === "number" && Number(value) > parameter.schema.maximum)
      queryProblems.push(`${where}: ${name}=${value} exceeds ${parameter.schema.maximum}`);
  }
  // A request outside the spec must be refused with 400; one inside it must not be.
  if (queryProblems.length > 0 && exchange.status !== 400)
    problems.push(...queryProblems.map((problem) => `${problem}, yet the answer was ${exchange.status}`));
  if (queryProblems.length === 0 && exchange.status === 400 && exchange.body?.errors?.[0]?.source?.parameter) {
    problems.push(`${where}: a request within the spec was refused: ${JSON.stringify(exchange.body.errors)}`);
  }
  const requestSchema = refName(operation.requestBody?.content["application/json"]?.schema);
  if (requestSchema && exchange.requestBody !== undefined && exchange.status < 500) {
    const validate = validators.get(requestSchema);
    // Requests the test sends on purpose to be refused are allowed to break the schema.
    if (!validate(exchange.requestBody) && exchange.status < 400)
      problems.push(`${where}: request body breaks ${requestSchema}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
  const response = operation.responses[String(exchange.status)];
  if (!response) {
    problems.push(`${where}: status ${exchange.status} is not documented (${Object.keys(operation.responses).join(", ")})`);
    return problems;
  }
  const responseSchema = refName(response.content?.["application/json"]?.schema);
  if (!responseSchema) {
    if (exchange.body !== undefined) problems.push(`${where}: status ${exchange.status} has no body in the spec, but one came`);
    return problems;
  }
  if (!exchange.headers.get("content-type")?.startsWith("application/json")) problems.push(`${where}: content-type is ${exchange.headers.get("content-type")}`);
  const validate = validators.get(responseSchema);
  if (!validate(withoutAttributeNulls(exchange.body)))
    problems.push(`${where}: answer breaks ${responseSchema}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  if (responseSchema === "ErrorResponse") {
    for (const item of exchange.body?.errors ?? []) if (!item.id || !item.detail) problems.push(`${where}: error item without id or detail`);
  }
  return problems;
}
