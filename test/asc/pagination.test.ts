import assert from "node:assert/strict";
import { test } from "node:test";
import { collectPages, PaginationError, type CollectionDocument } from "../../src/asc/pagination.js";
import { encodeQuery } from "../../src/asc/client.js";

const res = (type: string, id: string) => ({ type, id, attributes: { n: id } });

test("pages are merged in order and included resources kept once", async () => {
  const pages: Record<string, CollectionDocument> = {
    p2: { data: [res("apps", "3"), res("apps", "4")], included: [res("appInfos", "i1"), res("appInfos", "i2")], links: { self: "p2", next: "p3" } },
    p3: { data: [res("apps", "5")], included: [res("appInfos", "i2")], links: { self: "p3" } },
  };
  const first: CollectionDocument = {
    data: [res("apps", "1"), res("apps", "2")],
    included: [res("appInfos", "i1")],
    links: { self: "p1", next: "p2" },
    meta: { paging: { total: 5, limit: 2 } },
  };
  const asked: string[] = [];
  const merged = await collectPages(first, async (next) => {
    asked.push(next);
    return pages[next]!;
  });
  assert.deepEqual(asked, ["p2", "p3"]);
  assert.deepEqual(
    merged.data.map((item) => (item as { id: string }).id),
    ["1", "2", "3", "4", "5"],
  );
  assert.deepEqual(
    merged.included!.map((item) => (item as { id: string }).id),
    ["i1", "i2"],
  );
  assert.deepEqual(merged.links, { self: "p1" });
  assert.deepEqual(merged.meta, { paging: { total: 5, limit: 2 } });
});

test("a next link that points back to a page already read is an error, not an endless loop", async () => {
  const first: CollectionDocument = { data: [], links: { self: "a", next: "b" } };
  await assert.rejects(
    collectPages<CollectionDocument>(first, async () => ({ data: [], links: { self: "b", next: "b" } })),
    (error: unknown) => error instanceof PaginationError && /loops/.test(error.message),
  );
});

test("queries are written as Apple writes them: brackets kept, lists joined by commas", () => {
  assert.equal(
    encodeQuery({ "filter[platform]": "IOS", include: ["appStoreVersionLocalizations", "build"], "limit[appScreenshots]": 10, limit: 200, skip: undefined }),
    "?filter[platform]=IOS&include=appStoreVersionLocalizations,build&limit[appScreenshots]=10&limit=200",
  );
  assert.equal(encodeQuery({ "filter[versionString]": "2.4 beta&x" }), "?filter[versionString]=2.4%20beta%26x");
  assert.equal(encodeQuery({}), "");
});
