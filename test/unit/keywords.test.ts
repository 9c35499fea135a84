import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { linesForLocale, makeRepo } from "../helpers/fixture-repo.js";
import { buildDesiredState } from "../../src/engine/desired-state.js";

/** Ten distinct items joined to exactly 100 characters: one of 10 letters, nine of 9, nine commas. */
function hundredCharacterItems(): string[] {
  return Array.from({ length: 10 }, (_, i) => String.fromCharCode(97 + i).repeat(i === 0 ? 10 : 9));
}

describe("keywords", () => {
  test("exactly 100 characters pass, 101 fail with the measure", async () => {
    const hundred = "a".repeat(49) + "," + "b".repeat(50);
    assert.equal(hundred.length, 100);
    assert.deepEqual(await linesForLocale(`keywords: "${hundred}"\n`), []);
    assert.deepEqual(await linesForLocale(`keywords: "${hundred}c"\n`), ["metadata/en-US.yml:1:11: keywords is 101 characters; the App Store allows 100"]);
  });

  test("a list is measured joined with commas", async () => {
    const items = hundredCharacterItems();
    assert.equal(items.join(",").length, 100);
    assert.deepEqual(await linesForLocale(`keywords: [${items.join(", ")}]\n`), []);
    assert.deepEqual(await linesForLocale(`keywords: [${[...items.slice(0, 9), `${items[9]}z`].join(", ")}]\n`), [
      "metadata/en-US.yml:1:11: keywords is 101 characters; the App Store allows 100",
    ]);
  });

  test("100 Japanese characters (300 bytes) keep the whole budget; 101 fail", async () => {
    const japanese = "筋トレ".repeat(33) + "運";
    assert.equal([...japanese].length, 100);
    assert.equal(Buffer.byteLength(japanese), 300);
    assert.deepEqual(await linesForLocale(`keywords: ${japanese}\n`, "ja.yml"), []);
    assert.deepEqual(await linesForLocale(`keywords: ${japanese}動\n`, "ja.yml"), [
      "metadata/ja.yml:1:11: keywords is 101 characters; the App Store allows 100",
    ]);
  });

  test("spaces around commas are trimmed and never spend the budget", async () => {
    const spaced = Array.from({ length: 10 }, (_, i) => `${String.fromCharCode(97 + i)}`.repeat(9)).join(" ,  ");
    assert.ok(spaced.length > 100);
    assert.deepEqual(await linesForLocale(`keywords: "${spaced}"\n`), []);
    const repo = await makeRepo({ metadata: { "en-US.yml": `keywords: "  gym , yoga,  running "\n` } });
    try {
      const result = await repo.validate();
      const [localization] = buildDesiredState(result.files).versionLocalizations;
      assert.equal(localization!.fields.keywords, "gym,yoga,running");
    } finally {
      await repo.cleanup();
    }
  });

  test("an empty item is an error at the item", async () => {
    assert.deepEqual(await linesForLocale(`keywords: "gym,,yoga"\n`), [
      "metadata/en-US.yml:1:11: keywords has an empty item (item 2); remove it, or the stray comma",
    ]);
    assert.deepEqual(await linesForLocale(`keywords: [gym, "", yoga]\n`), [
      "metadata/en-US.yml:1:17: keywords has an empty item (item 2); remove it, or the stray comma",
    ]);
  });

  test("a list item holding a comma is an error at the item: it would be sent as two keywords", async () => {
    assert.deepEqual(await linesForLocale(`keywords: ["journal,diary", notes]\n`), [
      'metadata/en-US.yml:1:12: keywords item 1 ("journal,diary") holds a comma; App Store Connect would read it as 2 keywords: make each keyword its own item',
    ]);
    // In one string, commas are the separators.
    assert.deepEqual(await linesForLocale(`keywords: "journal,diary,notes"\n`), []);
  });

  test("a duplicate, in any case, is an error", async () => {
    assert.deepEqual(await linesForLocale(`keywords: [gym, yoga, GYM]\n`), [
      'metadata/en-US.yml:1:23: keywords lists "GYM" twice (items 1 and 3); the App Store indexes a keyword once',
    ]);
  });

  test("a keyword that repeats a word of the name or subtitle is a warning, not an error", async () => {
    const lines = await linesForLocale(`name: Acme Fitness\nsubtitle: Workouts that stick\nkeywords: [fitness, workouts, yoga]\n`, "en-US.yml", undefined, {
      notices: true,
    });
    assert.deepEqual(
      lines,
      [
        'metadata/en-US.yml:3:12: warning: keywords item "fitness" repeats "fitness" of the name; the App Store indexes the name already',
        'metadata/en-US.yml:3:21: warning: keywords item "workouts" repeats "workouts" of the subtitle; the App Store indexes the subtitle already',
        "metadata/en-US.yml:3:11: notice: keywords uses 21 of 100 characters; 79 are left for more keywords",
      ].sort(byPosition),
    );
  });

  test("separators other than a comma are flagged", async () => {
    const lines = await linesForLocale(`keywords: "ジム、筋トレ,ヨガ;ピラティス"\n`, "ja.yml");
    assert.ok(
      lines.some((line) => line.includes('contains "、"; App Store Connect separates keywords with commas only')),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((line) => line.includes('contains ";"')),
      lines.join("\n"),
    );
  });

  test("rotation keywords follow the same rules", async () => {
    const lines = await linesForLocale(`keywords: [gym]\nrotations:\n  - from: 2027-01-01\n    until: 2027-01-31\n    keywords: [a, a]\n`);
    assert.ok(
      lines.includes(
        'metadata/en-US.yml:5:19: keywords lists "a" twice (items 1 and 2); the App Store indexes a keyword once'.replace(
          "keywords lists",
          "rotations[0].keywords lists",
        ),
      ),
      lines.join("\n"),
    );
  });
});

function byPosition(a: string, b: string): number {
  const [, lineA, columnA] = a.split(":").map(Number);
  const [, lineB, columnB] = b.split(":").map(Number);
  return lineA! - lineB! || columnA! - columnB!;
}
