/** What every operation handler receives and answers, and the helpers they share. */
import { errors } from "../errors.js";
import type { UploadFaults } from "../faults.js";
import { collectionDocument, linkagesDocument, singleDocument, type DocumentContext } from "../json-api/document.js";
import type { ResourceType } from "../json-api/resources.js";
import type { Operation } from "../spec/openapi.js";
import type { ResourceBody, LinkagesBody } from "../spec/bodies.js";
import type { AssetFiles } from "../store/assets.js";
import type { RecordOf, TableName } from "../store/records.js";

export interface HandlerSettings {
  processingMs: number;
  partSize: number;
  /** How long after COMPLETE a screenshot's sourceFileChecksum is published. */
  checksumDelayMs: number;
  /** How long a new version stays out of the app's versions list. */
  readAfterWriteLagMs: number;
  /** Decides which commits never finish processing. */
  uploadFaults: UploadFaults;
  /** The sandbox's clock for analytics (epoch milliseconds): tests move it to see instances arrive and expire. */
  clock: () => number;
  /** The role of the key the sandbox plays: only ADMIN may create analytics report requests. */
  keyRole: KeyRole;
  /** Responses to customer reviews are refused 403 (the key's role may not reply). */
  repliesForbidden: boolean;
}

export type KeyRole = "ADMIN" | "SALES";

export interface HandlerContext extends DocumentContext {
  operation: Operation;
  /** The `{id}` of the path, when it has one. */
  id?: string;
  /** The request document, already checked against the operation's request schema. */
  body?: unknown;
  assets: AssetFiles;
  settings: HandlerSettings;
}

export interface HandlerResult {
  status: number;
  body?: object;
}

export type Handler = (context: HandlerContext) => Promise<HandlerResult> | HandlerResult;

export function pathId(context: HandlerContext): string {
  if (context.id === undefined) throw new Error(`${context.operation.id} has no {id} in its path`);
  return context.id;
}

export function mustFind<T extends TableName>(context: HandlerContext, type: T, id: string): RecordOf<T> {
  const record = context.store.tables[type].get(id) as RecordOf<T> | undefined;
  if (!record) throw errors.notFound(type, id);
  return record;
}

export function resourceBody(context: HandlerContext): ResourceBody {
  const data = (context.body as { data: ResourceBody }).data;
  return { ...data, attributes: data.attributes ?? {}, relationships: data.relationships ?? {} };
}

export function linkagesBody(context: HandlerContext): LinkagesBody {
  return context.body as LinkagesBody;
}

/** The id a create request's relationship names, or undefined. */
export function relatedId(body: ResourceBody, relationship: string): string | undefined {
  const data = body.relationships[relationship]?.data;
  return data && typeof data.id === "string" ? data.id : undefined;
}

export const ok = (context: HandlerContext, type: ResourceType, record: { id: string }, status = 200): HandlerResult => ({
  status,
  body: singleDocument(context, type, record),
});

export const list = (context: HandlerContext, type: ResourceType, records: ReadonlyArray<{ id: string }>): HandlerResult => ({
  status: 200,
  body: collectionDocument(context, type, records),
});

export const linkages = (context: HandlerContext, type: ResourceType, ids: readonly string[]): HandlerResult => ({
  status: 200,
  body: linkagesDocument(context, type, ids),
});

export const noContent: HandlerResult = { status: 204 };

type Predicate<R> = (record: R, values: readonly string[]) => boolean;

/**
 * Keeps the records every `filter[…]` of the request matches. A filter the
 * spec allows but this table lacks is a sandbox bug, reported as one.
 */
export function applyFilters<R>(context: HandlerContext, records: readonly R[], predicates: Record<string, Predicate<R>>): R[] {
  let result = [...records];
  for (const [field, values] of context.query.filters()) {
    const predicate = predicates[field];
    if (!predicate) throw new Error(`the sandbox does not implement filter[${field}] of ${context.operation.id}`);
    result = result.filter((record) => predicate(record, values));
  }
  return result;
}

export const matchesAny = (value: string | undefined, values: readonly string[]): boolean => value !== undefined && values.includes(value);
