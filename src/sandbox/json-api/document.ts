/**
 * JSON:API documents as App Store Connect writes them: resource objects with
 * `links.self`, relationships with `links` (only to paths the sandbox serves)
 * and, when included, `data` and `meta.paging`; `included` for `include=`;
 * `fields[type]=` sparse fieldsets; `links.self`, `links.next` and
 * `meta.paging` on collections. Every link is absolute, on the sandbox's origin.
 */
import type { OperationTable } from "../spec/openapi.js";
import type { Query } from "../spec/parameters.js";
import { paginate, withCursor, type Page } from "./paging.js";
import { RESOURCES, type RenderContext, type ResourceType } from "./resources.js";

/** Related resources included per relationship when `limit[relationship]` is absent. */
export const DEFAULT_INCLUDED_LIMIT = 10;

export interface ResourceObject {
  type: string;
  id: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, unknown>;
  links: { self: string };
}

export interface DocumentContext extends RenderContext {
  table: OperationTable;
  query: Query;
  /** The request URL, absolute: the document's links.self. */
  selfUrl: string;
}

interface Shaping {
  fields: Map<string, Set<string>>;
  include: Set<string>;
  limits: Map<string, number>;
}

function shaping(query: Query): Shaping {
  const fields = new Map<string, Set<string>>();
  const limits = new Map<string, number>();
  for (const name of query.names()) {
    const field = /^fields\[(.+)\]$/.exec(name)?.[1];
    if (field) fields.set(field, new Set(query.list(name)));
    const limit = /^limit\[(.+)\]$/.exec(name)?.[1];
    if (limit) limits.set(limit, query.number(name)!);
  }
  return { fields, include: new Set(query.list("include") ?? []), limits };
}

class Builder {
  private readonly shape: Shaping;
  private readonly included = new Map<string, ResourceObject>();

  constructor(private readonly context: DocumentContext) {
    this.shape = shaping(context.query);
  }

  private resourceUrl(type: string, id: string): string {
    return `${this.context.origin}/v1/${type}/${encodeURIComponent(id)}`;
  }

  private relationshipLinks(type: string, id: string, name: string): Record<string, string> | undefined {
    const links: Record<string, string> = {};
    if (this.context.table.servesGet(`/v1/${type}/{id}/relationships/${name}`)) links.self = `${this.resourceUrl(type, id)}/relationships/${name}`;
    if (this.context.table.servesGet(`/v1/${type}/{id}/${name}`)) links.related = `${this.resourceUrl(type, id)}/${name}`;
    return Object.keys(links).length > 0 ? links : undefined;
  }

  /** A resource object; `primary` ones get the relationship data that `include` asks for. */
  resource(type: ResourceType, record: { id: string }, primary: boolean): ResourceObject {
    const definition = RESOURCES[type];
    const wanted = this.shape.fields.get(type);
    const allAttributes = definition.attributes(record as never, this.context);
    const attributes = wanted ? Object.fromEntries(Object.entries(allAttributes).filter(([name]) => wanted.has(name))) : allAttributes;
    const relationships: Record<string, unknown> = {};
    for (const [name, relationship] of Object.entries(definition.relationships)) {
      const include = primary && this.shape.include.has(name);
      if (wanted && !wanted.has(name) && !include) continue;
      const ids = relationship.ids(record as never, this.context);
      if (relationship.kind === "one") {
        if (ids[0] && (!wanted || wanted.has(name))) relationships[name] = { data: { type: relationship.type, id: ids[0] } };
        if (include) this.include(relationship.type, ids);
        continue;
      }
      const links = this.relationshipLinks(type, record.id, name);
      const object: Record<string, unknown> = links ? { links } : {};
      if (include) {
        const limit = this.shape.limits.get(name) ?? DEFAULT_INCLUDED_LIMIT;
        const shown = ids.slice(0, limit);
        object.meta = { paging: { total: ids.length, limit } };
        object.data = shown.map((id) => ({ type: relationship.type, id }));
        this.include(relationship.type, shown);
      }
      if (Object.keys(object).length > 0 && (!wanted || wanted.has(name))) relationships[name] = object;
    }
    return {
      type,
      id: record.id,
      ...(Object.keys(attributes).length > 0 || !wanted ? { attributes } : {}),
      ...(Object.keys(relationships).length > 0 ? { relationships } : {}),
      links: { self: this.resourceUrl(type, record.id) },
    };
  }

  private include(type: ResourceType, ids: readonly string[]): void {
    for (const id of ids) {
      const key = `${type}/${id}`;
      if (this.included.has(key)) continue;
      const record = RESOURCES[type].find(this.context, id);
      if (record) this.included.set(key, this.resource(type, record, false));
    }
  }

  includedMember(): { included?: ResourceObject[] } {
    return this.shape.include.size > 0 ? { included: [...this.included.values()] } : {};
  }
}

export function singleDocument(context: DocumentContext, type: ResourceType, record: { id: string }): object {
  const builder = new Builder(context);
  const data = builder.resource(type, record, true);
  return { data, ...builder.includedMember(), links: { self: context.selfUrl } };
}

function pagedMembers(context: DocumentContext, page: Page<unknown>): { links: Record<string, string>; meta: object } {
  return {
    links: { self: context.selfUrl, ...(page.nextCursor ? { next: withCursor(context.selfUrl, page.nextCursor) } : {}) },
    meta: { paging: { total: page.total, limit: page.limit, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } },
  };
}

export function collectionDocument(context: DocumentContext, type: ResourceType, records: ReadonlyArray<{ id: string }>): object {
  const page = paginate(records, context.query);
  const builder = new Builder(context);
  const data = page.items.map((record) => builder.resource(type, record, true));
  const { links, meta } = pagedMembers(context, page);
  return { data, ...builder.includedMember(), links, meta };
}

/** A to-many relationship's linkages: `{data: [{type, id}], links, meta}`. */
export function linkagesDocument(context: DocumentContext, type: ResourceType, ids: readonly string[]): object {
  const page = paginate(ids, context.query);
  const { links, meta } = pagedMembers(context, page);
  return { data: page.items.map((id) => ({ type, id })), links, meta };
}
