/**
 * JSON:API collections across pages: follow `links.next` until it is absent,
 * concatenate `data`, and keep each `included` resource once (by type and id).
 */
export interface ResourceIdentity {
  type: string;
  id: string;
}

export interface CollectionDocument {
  data: unknown[];
  included?: unknown[];
  links?: { next?: string; [key: string]: unknown };
  meta?: unknown;
}

const identity = (value: unknown): string | undefined => {
  const resource = value as Partial<ResourceIdentity> | null;
  return typeof resource?.type === "string" && typeof resource.id === "string" ? `${resource.type}\u0000${resource.id}` : undefined;
};

/** Appends `items` to `into`, skipping resources already there. */
function appendUnique(into: unknown[], seen: Set<string>, items: readonly unknown[] | undefined): void {
  for (const item of items ?? []) {
    const key = identity(item);
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    into.push(item);
  }
}

export class PaginationError extends Error {
  override name = "PaginationError";
}

/**
 * The first page with every later page merged into it. `fetchPage` gets each
 * `links.next` as given. The result keeps the first page's links (without
 * `next`) and meta. A page that links back to one already read is an error,
 * not an endless loop.
 */
export async function collectPages<D extends CollectionDocument>(first: D, fetchPage: (next: string) => Promise<D>, maxPages = 10_000): Promise<D> {
  const data: unknown[] = [];
  const included: unknown[] = [];
  const seenData = new Set<string>();
  const seenIncluded = new Set<string>();
  const visited = new Set<string>();
  let hasIncluded = false;
  let page: D = first;
  for (let count = 1; ; count += 1) {
    if (!Array.isArray(page.data)) throw new PaginationError("a page of a collection has no data array");
    appendUnique(data, seenData, page.data);
    if (page.included) {
      hasIncluded = true;
      appendUnique(included, seenIncluded, page.included);
    }
    const next = page.links?.next;
    if (typeof next !== "string" || next === "") break;
    if (visited.has(next)) throw new PaginationError(`pagination loops: links.next repeats an earlier page (${count} pages read)`);
    if (count >= maxPages) throw new PaginationError(`more than ${maxPages} pages`);
    visited.add(next);
    page = await fetchPage(next);
  }
  const merged: D = { ...first, data };
  if (hasIncluded) merged.included = included;
  if (first.links) {
    const { next: _next, ...links } = first.links;
    merged.links = links;
  }
  return merged;
}
