/**
 * metadata/age-rating.yml before any request: the table of attributes is the
 * spec's, and validation refuses unknown and removed attributes at their line,
 * saying what to write.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { validateRepository } from "../../src/engine/validate/index.js";
import { AGE_RATING_ATTRIBUTES, AGE_RATING_ATTRIBUTE_NAMES } from "../../src/model/age-rating.js";
import { ROOT } from "../helpers/apply-harness.js";

const spec = JSON.parse(readFileSync(path.join(ROOT, "spec", "app-store-connect-openapi.subset.json"), "utf8"));

function resolve(schema: any): any {
  return schema.$ref ? resolve(spec.components.schemas[schema.$ref.split("/").pop()]) : schema;
}

async function repositoryWith(ageRating: string): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), "asc-gitops-age-rating-"));
  await cp(path.join(ROOT, "metadata"), path.join(folder, "metadata"), { recursive: true });
  await writeFile(path.join(folder, "metadata", "age-rating.yml"), ageRating);
  return folder;
}

async function validate(ageRating: string) {
  const folder = await repositoryWith(ageRating);
  try {
    return await validateRepository({ metadataDir: path.join(folder, "metadata"), screenshotsDir: path.join(folder, "screenshots") });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe("the age rating attributes", () => {
  test("are exactly AgeRatingDeclarationUpdateRequest's attributes in the spec, with the spec's types and values", () => {
    const attributes = spec.components.schemas.AgeRatingDeclarationUpdateRequest.properties.data.properties.attributes.properties;
    assert.deepEqual([...AGE_RATING_ATTRIBUTE_NAMES].sort(), Object.keys(attributes).sort());
    for (const name of AGE_RATING_ATTRIBUTE_NAMES) {
      const schema = resolve(attributes[name]);
      const answer = AGE_RATING_ATTRIBUTES[name];
      if (answer.type === "boolean") assert.equal(schema.type, "boolean", name);
      else if (answer.type === "uri") assert.equal(schema.format, "uri", name);
      else assert.deepEqual([...answer.values], schema.enum, name);
    }
  });
});

describe("validating metadata/age-rating.yml", () => {
  test("removed, unknown and wrong answers are errors at their line and column, saying what to write", async () => {
    const result = await validate(
      ["violenceRealistic: NONE", "gamblingAndContests: false", "seventeenPlus: true", "lootbox: false", "contests: SOMETIMES", "gambling: yes", ""].join("\n"),
    );
    const found = result.diagnostics
      .filter((item) => item.file.endsWith("age-rating.yml"))
      .map((item) => `${item.line}:${item.column} ${item.severity} ${item.message}`);
    assert.deepEqual(found, [
      '2:1 error "gamblingAndContests" was removed by Apple and App Store Connect refuses it; ' +
        "answer gambling (true or false) and contests (NONE, INFREQUENT_OR_MILD or FREQUENT_OR_INTENSE) instead",
      '3:1 error "seventeenPlus" was removed by Apple and App Store Connect refuses it; ' +
        "answer ageRatingOverride (now ageRatingOverrideV2: EIGHTEEN_PLUS) instead",
      '4:1 error unknown age rating attribute "lootbox": App Store Connect refuses it; did you mean "lootBox"?',
      '5:11 error contests must be one of NONE, INFREQUENT_OR_MILD, FREQUENT_OR_INTENSE, INFREQUENT, FREQUENT, not "SOMETIMES"',
      "6:11 error gambling must be true or false, not text",
    ]);
  });
});
