import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseYamlDocument, YamlSyntaxError } from "../../src/engine/load/yaml.js";

/** `line:column: message` of the syntax error parsing `text` throws. */
function explained(text: string): string {
  try {
    parseYamlDocument(text, "en-US.yml");
  } catch (error) {
    assert.ok(error instanceof YamlSyntaxError, String(error));
    return `${error.position?.line}:${error.position?.column}: ${error.reason}`;
  }
  assert.fail("the text parsed");
}

describe("YAML syntax errors in words a metadata editor can act on", () => {
  test("a value with ': ' in it: quote it (the line and the value's column)", () => {
    assert.equal(
      explained("name: Fitness: the app\n"),
      '1:7: the value of name holds ": ", which YAML reads as another key; ' +
        'put it in quotes: name: "Fitness: the app" (YAML: bad indentation of a mapping entry)',
    );
    assert.match(explained('subtitle: Run "fast": now\n'), /^1:11: the value of subtitle holds ": ".*put it in quotes: subtitle: "Run \\"fast\\": now"/);
  });

  test("a quote left open points at the quote, not at the line where the parser gave up", () => {
    assert.equal(
      explained('name: "Acme\nsubtitle: Run\n'),
      '1:7: the text in double quotes opened here is never closed; add the closing " (YAML: deficient indentation)',
    );
    assert.equal(
      explained("name: Acme\nsubtitle: 'Run\nkeywords: a\n"),
      "2:11: the text in single quotes opened here is never closed; add the closing ' (YAML: deficient indentation)",
    );
  });

  test("an apostrophe inside plain text, escaped quotes and block text open nothing", () => {
    assert.equal(
      explained('name: Don\'t stop\nsubtitle: "say \\"hi\\""\ndescription: |\n  "unbalanced\n  it\'s fine\nkeywords: [a, b\nwhatsNew: x\n'),
      "6:11: the list opened here is never closed; add the closing ] (YAML: deficient indentation)",
    );
  });

  test("a list or mapping left open", () => {
    assert.equal(
      explained("name: Acme\nkeywords: [a, b\nsubtitle: x\n"),
      "2:11: the list opened here is never closed; add the closing ] (YAML: deficient indentation)",
    );
    assert.match(
      explained("rotations:\n  - { from: 2027-01-01, until: 2027-01-31\nname: x\n"),
      /^2:5: the mapping opened here is never closed; add the closing \}/,
    );
  });

  test("a key twice names the line of the first", () => {
    assert.equal(explained("name: Acme\nsubtitle: Run\nname: Other\n"), "3:1: name appears twice (first on line 1); keep one (YAML: duplicated mapping key)");
  });

  test("tabs and lines that do not line up", () => {
    assert.equal(explained("name: Acme\n\tsubtitle: x\n"), "2:1: indent with spaces, not tabs (YAML: tab characters must not be used in indentation)");
    assert.match(
      explained("app:\n  bundleId: com.acme.fitness\n   platform: IOS\n"),
      new RegExp(
        /^3:\d+: this line does not line up with the lines above it; /.source +
          /indent keys of one level with the same number of spaces \(YAML: bad indentation of a mapping entry\)$/.source,
      ),
    );
  });
});

describe("anchors and aliases", () => {
  test("sharing a value with an alias is fine", () => {
    const document = parseYamlDocument(
      'keywords: &base "fitness,run"\nrotations:\n  - from: 2027-01-01\n    until: 2027-01-31\n    keywords: *base\n',
      "en-US.yml",
    );
    assert.deepEqual(document.value, { keywords: "fitness,run", rotations: [{ from: "2027-01-01", until: "2027-01-31", keywords: "fitness,run" }] });
  });

  test("aliases of aliases that stand for more than 100,000 values stop at once, at the alias that crosses the line", () => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 12; level++)
      lines.push(
        `a${level}: &a${level} [${Array(9)
          .fill(`*a${level - 1}`)
          .join(",")}]`,
      );
    const message = explained(`${lines.join("\n")}\nkeywords: *a11\n`);
    assert.match(message, /^\d+:\d+: the aliases \(\*a\d+\) in this file stand for more than 100,000 values; write the values out instead of nesting aliases$/);
  });
});
