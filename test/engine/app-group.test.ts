/** One rule for app-level changes: whichever way a resource names the group ("app", or "" as App Review information does), they stand together. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { groupByLocale, localeHeading } from "../../src/engine/render/describe.js";

test('App Review information (locale "") and the categories ("app") render under ONE app heading; locales keep their own', () => {
  const changes = [
    { kind: "review-detail-update", locale: "" },
    { kind: "categories-update", locale: "app" },
    { kind: "field-update", locale: "de-DE" },
    { kind: "app-detail-update", locale: "app" },
  ];
  const groups = groupByLocale({ changes });
  assert.deepEqual([...groups.keys()].map(localeHeading), ["app", "de-DE"]);
  assert.deepEqual(
    groups.get("app")!.map((change) => change.kind),
    ["review-detail-update", "categories-update", "app-detail-update"],
  );
});

test('the age rating stands under "app" too, and a plan saved when it had its own "age rating" heading renders the same', () => {
  const changes = [
    { kind: "age-rating-update", locale: "app" },
    { kind: "age-rating-update", locale: "age rating" },
    { kind: "categories-update", locale: "app" },
  ];
  const groups = groupByLocale({ changes });
  assert.deepEqual([...groups.keys()], ["app"]);
  assert.equal(groups.get("app")!.length, 3);
});
