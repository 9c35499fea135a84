import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseYamlDocument, YamlSyntaxError } from "../../src/engine/load/yaml.js";

describe("YAML positions", () => {
  const text = [
    "# comment",
    "name: Acme",
    'subtitle: "Quoted"',
    "keywords:",
    "  - gym",
    "  - yoga",
    "description: |",
    "  Line one",
    "rotations:",
    "  - from: 2027-01-01",
    "    until: '2027-01-31'",
  ].join("\n");
  const document = parseYamlDocument(text, "en-US.yml");
  const at = (pointer: string) => document.locations.get(pointer);

  test("keys and values map to 1-based lines and columns", () => {
    assert.deepEqual(at("/name"), { key: { line: 2, column: 1 }, value: { line: 2, column: 7 }, valueStart: 16, valueEnd: 20 });
    assert.deepEqual(at("/subtitle")?.value, { line: 3, column: 11 }, "a quoted value points at its opening quote");
    assert.deepEqual(at("/keywords/1")?.value, { line: 6, column: 5 });
    assert.deepEqual(at("/description")?.value, { line: 7, column: 14 }, "a block scalar points at its indicator");
    assert.deepEqual(at("/rotations/0/until")?.value, { line: 11, column: 12 });
  });

  test("values keep YAML 1.2 core types: dates stay text", () => {
    assert.deepEqual(document.value, {
      name: "Acme",
      subtitle: "Quoted",
      keywords: ["gym", "yoga"],
      description: "Line one\n",
      rotations: [{ from: "2027-01-01", until: "2027-01-31" }],
    });
  });

  test("columns count characters, not bytes or UTF-16 units", () => {
    const japanese = parseYamlDocument("name: 筋トレ🏋\nkeywords: [ジム, ヨガ]\n", "ja.yml");
    assert.deepEqual(japanese.locations.get("/keywords/1")?.value, { line: 2, column: 16 });
    assert.deepEqual(japanese.positionAt("name: 筋トレ🏋".length), { line: 1, column: 11 });
  });

  test("a syntax error carries its position; a byte-order mark is ignored", () => {
    assert.throws(
      () => parseYamlDocument("a: 1\n\tb: 2\n", "x.yml"),
      (error: unknown) => error instanceof YamlSyntaxError && error.position?.line === 2,
    );
    assert.deepEqual(parseYamlDocument("\uFEFFname: Acme\n", "x.yml").locations.get("/name")?.value, { line: 1, column: 7 });
    assert.throws(() => parseYamlDocument("a: 1\n---\nb: 2\n", "x.yml"), /more than one YAML document/);
  });
});
