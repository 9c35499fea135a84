/**
 * Query parameters checked against the operation's parameters in the spec:
 * a name the operation does not list, a value outside its enum, a limit above
 * its maximum, all get Apple's 400 PARAMETER_ERROR.INVALID naming the parameter.
 * `cursor` is not in Apple's file but is what App Store Connect's `links.next`
 * carries: it is accepted wherever `limit` is.
 */
import { errors } from "../errors.js";
import type { Operation, ParameterObject } from "./openapi.js";

export type QueryValue = string[] | number | boolean | string;

export class Query {
  constructor(private readonly values: ReadonlyMap<string, QueryValue>) {}

  list(name: string): string[] | undefined {
    const value = this.values.get(name);
    return Array.isArray(value) ? value : undefined;
  }

  number(name: string): number | undefined {
    const value = this.values.get(name);
    return typeof value === "number" ? value : undefined;
  }

  flag(name: string): boolean | undefined {
    const value = this.values.get(name);
    return typeof value === "boolean" ? value : undefined;
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    return typeof value === "string" ? value : undefined;
  }

  /** Names present, in the order given. */
  names(): string[] {
    return [...this.values.keys()];
  }

  /** `filter[…]` parameters present: name inside the brackets and the values. */
  filters(): Array<[string, string[]]> {
    return [...this.values.entries()].flatMap(([name, value]) => {
      const field = /^filter\[(.+)\]$/.exec(name)?.[1];
      return field && Array.isArray(value) ? [[field, value] as [string, string[]]] : [];
    });
  }
}

function unknownParameterDetail(name: string): string {
  const bracket = /^(\w+)\[(.*)\]$/.exec(name);
  if (bracket?.[1] === "filter") return `'${bracket[2]}' is not a valid filter type`;
  if (bracket?.[1] === "fields") return `'${bracket[2]}' is not a valid field type`;
  if (bracket?.[1] === "limit") return `'${bracket[2]}' is not a valid relationship name for limit`;
  return `The parameter '${name}' can not be used with this request`;
}

function parseValue(parameter: ParameterObject, raw: string[]): QueryValue {
  const schema = parameter.schema ?? {};
  const name = parameter.name;
  if (schema.type === "array") {
    const allowed = schema.items?.enum as string[] | undefined;
    const values = raw.flatMap((item) => item.split(","));
    for (const value of values) {
      if (value === "") throw errors.parameter(name, `The parameter '${name}' has an empty value`);
      if (allowed && !allowed.includes(value)) {
        const what = name === "include" ? "relationship" : name.startsWith("fields[") ? "field name" : "value";
        throw errors.parameter(name, `'${value}' is not a valid ${what} for '${name}'. Allowed: ${allowed.join(", ")}`);
      }
    }
    return values;
  }
  if (raw.length > 1) throw errors.parameter(name, `The parameter '${name}' may be given only once`);
  const value = raw[0]!;
  if (schema.type === "integer") {
    if (!/^[0-9]+$/.test(value) || Number(value) < 1)
      throw errors.parameter(name, `'${value}' is not a valid value for '${name}': expected a positive integer`);
    const number = Number(value);
    if (typeof schema.maximum === "number" && number > schema.maximum) {
      throw errors.parameter(name, `The value '${value}' of '${name}' exceeds the maximum allowed value of '${schema.maximum}'`);
    }
    return number;
  }
  if (schema.type === "boolean") {
    if (value !== "true" && value !== "false") throw errors.parameter(name, `'${value}' is not a valid value for '${name}': expected true or false`);
    return value === "true";
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    throw errors.parameter(name, `'${value}' is not a valid value for '${name}'. Allowed: ${schema.enum.join(", ")}`);
  }
  return value;
}

const CURSOR: ParameterObject = { name: "cursor", in: "query", schema: { type: "string" } };

export function parseQuery(operation: Operation, search: URLSearchParams): Query {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of search) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  const values = new Map<string, QueryValue>();
  for (const [name, raw] of grouped) {
    const parameter = operation.query.get(name) ?? (name === "cursor" && operation.query.has("limit") ? CURSOR : undefined);
    if (!parameter) throw errors.parameter(name, unknownParameterDetail(name));
    values.set(name, parseValue(parameter, raw));
  }
  for (const parameter of operation.query.values()) {
    if (parameter.required && !values.has(parameter.name)) throw errors.parameter(parameter.name, `The parameter '${parameter.name}' is required`);
  }
  return new Query(values);
}
