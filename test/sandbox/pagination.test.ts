/** Pagination (limit, links.next, meta.paging) and include (limit[…], included, fields[…]). */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { demoIds, startTestSandbox, type TestSandbox } from "./helpers/sandbox.js";

const EXTRA_LOCALES = ["fr-FR", "es-ES", "it", "nl-NL", "pt-BR", "sv", "da", "fi", "no", "pl", "tr", "ko"];

describe("pages and included resources", () => {
  let run: TestSandbox;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  before(async () => {
    run = await startTestSandbox();
    ids = await demoIds(run.api);
    for (const locale of EXTRA_LOCALES) {
      const answer = await run.api.post("/v1/appStoreVersionLocalizations", {
        data: {
          type: "appStoreVersionLocalizations",
          attributes: { locale, keywords: `k-${locale}` },
          relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: ids.editableVersionId } } },
        },
      });
      assert.equal(answer.status, 201);
    }
  });
  after(() => run.dispose());

  test("a collection over three pages: links.next until it is absent, every item once", async () => {
    const seen: string[] = [];
    let path: string | undefined =
      `/v1/appStoreVersions/${ids.editableVersionId}/appStoreVersionLocalizations?limit=5&filter[locale]=${["en-US", "de-DE", ...EXTRA_LOCALES].join(",")}`;
    const pageSizes: number[] = [];
    while (path) {
      const page = await run.api.get(path);
      assert.equal(page.status, 200);
      assert.deepEqual(page.body.meta.paging.total, 14);
      assert.equal(page.body.meta.paging.limit, 5);
      assert.equal(page.body.links.self, `${run.sandbox.url}${path.replace(/\[/g, "%5B").replace(/\]/g, "%5D")}`);
      pageSizes.push(page.body.data.length);
      seen.push(...page.body.data.map((item: any) => item.id));
      const next: string | undefined = page.body.links.next;
      if (next) {
        assert.ok(next.startsWith(`${run.sandbox.url}/v1/`), "links.next is absolute, on the sandbox's origin");
        assert.match(next, /filter%5Blocale%5D=/, "links.next keeps the filter");
        assert.equal(page.body.meta.paging.nextCursor, new URL(next).searchParams.get("cursor"));
      }
      path = next ? next.slice(run.sandbox.url.length) : undefined;
    }
    assert.deepEqual(pageSizes, [5, 5, 4]);
    assert.equal(new Set(seen).size, 14);
  });

  test("without limit a page holds 50; the relationship linkages page the same way", async () => {
    const all = await run.api.get(`/v1/appStoreVersions/${ids.editableVersionId}/appStoreVersionLocalizations`);
    assert.equal(all.body.data.length, 14);
    assert.equal(all.body.meta.paging.limit, 50);
    assert.equal(all.body.links.next, undefined);
    const first = await run.api.get(`/v1/appStoreVersions/${ids.editableVersionId}/relationships/appStoreVersionLocalizations?limit=10`);
    assert.equal(first.body.data.length, 10);
    const second = await run.api.get(first.body.links.next.slice(run.sandbox.url.length));
    assert.equal(second.body.data.length, 4);
    assert.deepEqual(
      [...first.body.data, ...second.body.data].map((item: any) => item.id),
      all.body.data.map((item: any) => item.id),
    );
  });

  test("include honours limit[…] and says how many there are in meta.paging", async () => {
    const answer = await run.api.get(`/v1/apps/${ids.appId}/appStoreVersions?include=appStoreVersionLocalizations&limit[appStoreVersionLocalizations]=3`);
    const editable = answer.body.data.find((item: any) => item.id === ids.editableVersionId);
    const relationship = editable.relationships.appStoreVersionLocalizations;
    assert.deepEqual(relationship.meta.paging, { total: 14, limit: 3 });
    assert.equal(relationship.data.length, 3);
    const includedIds = new Set(answer.body.included.map((item: any) => item.id));
    for (const linkage of relationship.data) assert.ok(includedIds.has(linkage.id), "each linkage is in included");
    assert.ok(
      relationship.links.related.endsWith(`/v1/appStoreVersions/${ids.editableVersionId}/appStoreVersionLocalizations`),
      "the related link leads to the full list",
    );
  });

  test("include without limit[…] includes 10 per relationship", async () => {
    const answer = await run.api.get(`/v1/appStoreVersions/${ids.editableVersionId}?include=appStoreVersionLocalizations`);
    assert.deepEqual(answer.body.data.relationships.appStoreVersionLocalizations.meta.paging, { total: 14, limit: 10 });
    assert.equal(answer.body.included.length, 10);
  });

  test("an included resource appears once, and fields[…] shapes included resources too", async () => {
    const answer = await run.api.get(
      `/v1/apps/${ids.appId}/appInfos?include=app,appInfoLocalizations&fields[apps]=bundleId&fields[appInfoLocalizations]=locale,name`,
    );
    const apps = answer.body.included.filter((item: any) => item.type === "apps");
    assert.equal(apps.length, 1, "both app infos name the same app; it is included once");
    assert.deepEqual(apps[0].attributes, { bundleId: "com.acme.fitness" });
    for (const localization of answer.body.included.filter((item: any) => item.type === "appInfoLocalizations")) {
      assert.deepEqual(Object.keys(localization.attributes).sort(), ["locale", "name"]);
    }
  });

  test("without include there is no included member and no relationship data, only links", async () => {
    const answer = await run.api.get(`/v1/appStoreVersions/${ids.editableVersionId}`);
    assert.equal(answer.body.included, undefined);
    assert.equal(answer.body.data.relationships.appStoreVersionLocalizations.data, undefined);
    assert.ok(answer.body.data.relationships.appStoreVersionLocalizations.links.self);
    assert.equal(answer.body.data.links.self, `${run.sandbox.url}/v1/appStoreVersions/${ids.editableVersionId}`);
  });
});
