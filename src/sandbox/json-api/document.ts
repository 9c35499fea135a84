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

function hasAny(object: object): boolean {
  for (const _ in object) return true;
  return false;
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
  private readonly links = new Map<string, { self: boolean; related: boolean }>();

  constructor(private readonly context: DocumentContext) {
    this.shape = shaping(context.query);
  }

  private resourceUrl(type: string, id: string): string {
    return `${this.context.origin}/v1/${type}/${encodeURIComponent(id)}`;
  }

  /** Which link members a to-many relationship has: the same for every resource of a type, so asked once per document. */
  private linkKinds(type: string, name: string): { self: boolean; related: boolean } {
    const key = `${type}/${name}`;
    let kinds = this.links.get(key);
    if (!kinds) {
      kinds = {
        self: this.context.table.servesGet(`/v1/${type}/{id}/relationships/${name}`),
        related: this.context.table.servesGet(`/v1/${type}/{id}/${name}`),
      };
      this.links.set(key, kinds);
    }
    return kinds;
  }

  /** A resource object; `primary` ones get the relationship data that `include` asks for. */
  resource(type: ResourceType, record: { id: string }, primary: boolean): ResourceObject {
    const definition = RESOURCES[type];
    const wanted = this.shape.fields.get(type);
    const allAttributes = definition.attributes(record as never, this.context);
    let attributes = allAttributes;
    if (wanted) {
      attributes = {};
      for (const name in allAttributes) if (wanted.has(name)) attributes[name] = allAttributes[name];
    }
    let relationships: Record<string, unknown> | undefined;
    for (const name in definition.relationships) {
      const relationship = definition.relationships[name]!;
      const include = primary && this.shape.include.has(name) && this.context.answers.includes === "honoured";
      const shown = !wanted || wanted.has(name);
      if (!shown && !include) continue;
      const ids = relationship.ids(record as never, this.context);
      if (relationship.kind === "one") {
        if (ids[0] && shown) (relationships ??= {})[name] = { data: { type: relationship.type, id: ids[0] } };
        if (include) this.include(relationship.type, ids);
        continue;
      }
      const kinds = this.linkKinds(type, name);
      const object: Record<string, unknown> = {};
      let members = 0;
      if (kinds.self || kinds.related) {
        const base = this.resourceUrl(type, record.id);
        const links: Record<string, string> = {};
        if (kinds.self) links.self = `${base}/relationships/${name}`;
        if (kinds.related) links.related = `${base}/${name}`;
        object.links = links;
        members += 1;
      }
      if (include) {
        const limit = this.shape.limits.get(name) ?? DEFAULT_INCLUDED_LIMIT;
        const linked = ids.length > limit ? ids.slice(0, limit) : ids;
        if (this.context.answers.relationshipPaging) object.meta = { paging: { total: ids.length, limit } };
        object.data = linked.map((id) => ({ type: relationship.type, id }));
        this.include(relationship.type, linked);
        members += 2;
      }
      if (members > 0 && shown) (relationships ??= {})[name] = object;
    }
    // Members in Apple's order: type, id, attributes, relationships, links.
    const resource = { type, id: record.id } as ResourceObject;
    // A type with no attributes at all (appStoreVersionReleaseRequests) answers none.
    if (hasAny(allAttributes) && (!wanted || hasAny(attributes))) resource.attributes = attributes;
    if (relationships) resource.relationships = relationships;
    resource.links = { self: this.resourceUrl(type, record.id) };
    return resource;
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
    return this.shape.include.size > 0 && this.context.answers.includes === "honoured" ? { included: [...this.included.values()] } : {};
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
