/**
 * Pages of a collection, as App Store Connect pages them: `limit` (default 50,
 * the spec's maximum enforced before), an opaque `cursor` in `links.next`
 * (base64url of {"offset":"N"}, the form Apple's cursors decode to), and
 * `meta.paging` with `total` and `limit`.
 */
import { errors } from "../errors.js";
import type { Query } from "../spec/parameters.js";

export const DEFAULT_PAGE_SIZE = 50;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  nextCursor?: string;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset: String(offset) })).toString("base64url");
}

export function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { offset?: unknown };
    const offset = Number(parsed.offset);
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // reported below
  }
  throw errors.parameter("cursor", `'${cursor}' is not a valid cursor for this request`);
}

export function paginate<T>(items: readonly T[], query: Query): Page<T> {
  const limit = query.number("limit") ?? DEFAULT_PAGE_SIZE;
  const cursor = query.string("cursor");
  const offset = cursor === undefined ? 0 : decodeCursor(cursor);
  const end = offset + limit;
  return {
    items: items.slice(offset, end),
    total: items.length,
    limit,
    ...(end < items.length ? { nextCursor: encodeCursor(end) } : {}),
  };
}

/** The request URL with its cursor replaced, other parameters kept as the client wrote them. */
export function withCursor(selfUrl: string, cursor: string): string {
  const [base, search = ""] = selfUrl.split("?", 2) as [string, string?];
  const kept = search.split("&").filter((pair) => pair !== "" && !pair.startsWith("cursor="));
  return `${base}?${[...kept, `cursor=${cursor}`].join("&")}`;
}
