import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { renderSchema, schemaFiles } from "../../scripts/generate-schemas.js";
import { FIELD_NAMES } from "../../src/model/fields.js";

describe("published JSON Schemas", () => {
  for (const [file, build] of Object.entries(schemaFiles)) {
    test(`schema/${file} is what the field table generates (run npm run schemas after changing a limit)`, async () => {
      assert.equal(await readFile(new URL(`../../schema/${file}`, import.meta.url), "utf8"), renderSchema(build()));
    });
  }

  test("they are valid draft 2020-12 schemas", () => {
    const ajv = new Ajv2020({ strict: false });
    for (const build of Object.values(schemaFiles)) assert.ok(ajv.validateSchema(build()), JSON.stringify(ajv.errors));
  });

  test("every locale field carries a title and a description for editors", () => {
    const properties = (schemaFiles["locale.schema.json"]() as { properties: Record<string, { title?: string; description?: string }> }).properties;
    for (const name of [...FIELD_NAMES, "rotations"]) {
      assert.ok(properties[name]?.title, `${name} has a title`);
      assert.ok(properties[name]?.description, `${name} has a description`);
    }
  });
});
