/** The registry's list holds together: what the stages take for granted about it is checked here, once. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CHANGE_ACTIONS, isRemoval } from "../../src/contracts/resource.js";
import { kindsInOrder } from "../../src/engine/owners.js";
import { RESOURCES } from "../../src/resources/index.js";

test("every resource has a name of its own, and needs only resources before it", () => {
  const names = RESOURCES.map((resource) => resource.name);
  assert.equal(new Set(names).size, names.length, names.join(", "));
  RESOURCES.forEach((resource, index) => {
    for (const needed of resource.needs ?? []) assert.ok(names.slice(0, index).includes(needed), `${resource.name} needs ${needed}, which must come before it`);
  });
});

test("every kind has its place in apply order, and a resource that owns a removal can make it", () => {
  for (const resource of RESOURCES)
    for (const [kind, action] of Object.entries(resource.kinds)) {
      assert.ok(CHANGE_ACTIONS.includes(action), `${resource.name} ${kind}: ${action}`);
      if (isRemoval(action)) assert.ok(resource.remove, `${resource.name} owns ${kind} but has no remove`);
    }
});

test("the summary counts kinds in apply order: create, update, upload, reorder, delete last", () => {
  assert.deepEqual(kindsInOrder(RESOURCES), [
    "localization-create",
    "version-create",
    "phased-release-create",
    "review-detail-create",
    "screenshot-set-create",
    "preview-set-create",
    "field-update",
    "age-rating-update",
    "categories-update",
    "preview-poster",
    "app-detail-update",
    "app-version-update",
    "phased-release-update",
    "review-detail-update",
    "review-reply",
    "screenshot-upload",
    "preview-upload",
    "screenshot-reorder",
    "preview-reorder",
    "screenshot-delete",
    "preview-delete",
    "screenshot-set-delete",
    "localization-delete",
    "phased-release-delete",
    "review-reply-delete",
    "submit",
    "release",
  ]);
});
