import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildDesiredState } from "../../src/engine/desired-state.js";
import { valueInForce } from "../../src/resources/version-localizations/rotations.js";
import { linesForLocale, makeRepo } from "../helpers/fixture-repo.js";

const rotation = (from: string, until: string, field = "promotionalText: Sale") => `  - from: ${from}\n    until: ${until}\n    ${field}\n`;
/** Base values for the rotated fields to return to, after the rotations so line numbers stay put. */
const BASE = "keywords: [gym]\npromotionalText: Every day counts.\n";

describe("rotations", () => {
  test("valid windows of different fields may overlap", async () => {
    const text = `rotations:\n${rotation("2027-01-01", "2027-01-31")}${rotation("2027-01-15", "2027-02-15", "keywords: [gym]")}`;
    assert.deepEqual(await linesForLocale(text + BASE), []);
  });

  test("a date that does not exist is an error at the date", async () => {
    assert.deepEqual(await linesForLocale(`rotations:\n${rotation("2027-02-30", "2027-03-01")}${BASE}`), [
      'metadata/en-US.yml:2:11: rotations[0].from must be a date written YYYY-MM-DD, not "2027-02-30"',
    ]);
    assert.deepEqual(await linesForLocale(`rotations:\n${rotation("2027-1-5", "2027-03-01")}${BASE}`), [
      'metadata/en-US.yml:2:11: rotations[0].from must be a date written YYYY-MM-DD, not "2027-1-5"',
    ]);
  });

  test("a window that ends before it starts is an error at until", async () => {
    assert.deepEqual(await linesForLocale(`rotations:\n${rotation("2027-02-01", "2027-01-31")}${BASE}`), [
      "metadata/en-US.yml:3:12: rotations[0] ends on 2027-01-31, before it starts on 2027-02-01; until must be on or after from",
    ]);
  });

  test("a one-day window (from = until) is fine", async () => {
    assert.deepEqual(await linesForLocale(`rotations:\n${rotation("2027-02-14", "2027-02-14")}${BASE}`), []);
  });

  test("two windows of one field that share a day overlap", async () => {
    const text = `rotations:\n${rotation("2027-01-01", "2027-01-31")}${rotation("2027-01-31", "2027-02-10")}`;
    assert.deepEqual(await linesForLocale(text + BASE), [
      "metadata/en-US.yml:7:22: rotations[1] (2027-01-31 to 2027-02-10) overlaps rotations[0] (2027-01-01 to 2027-01-31) for promotionalText; " +
        "windows of one field must not overlap",
    ]);
  });

  test("a window that changes nothing, or lacks a date, is an error", async () => {
    assert.deepEqual(await linesForLocale(`rotations:\n  - from: 2027-01-01\n    until: 2027-01-02\n${BASE}`), [
      "metadata/en-US.yml:2:5: rotations[0] changes nothing: give it keywords, promotionalText, or both",
    ]);
    assert.deepEqual(await linesForLocale(`rotations:\n  - from: 2027-01-01\n    keywords: [gym]\n${BASE}`), [
      'metadata/en-US.yml:2:5: rotations[0] needs "until"',
    ]);
    assert.deepEqual(await linesForLocale(`rotations:\n  - from: 2027-01-01\n    until: 2027-01-02\n    description: Hi there you\n${BASE}`), [
      "metadata/en-US.yml:2:5: rotations[0] changes nothing: give it keywords, promotionalText, or both",
      'metadata/en-US.yml:4:5: unknown key "description" in rotations[0]; allowed keys are from, until, keywords, promotionalText',
    ]);
  });

  test("rotation promotional text keeps the 170-character limit", async () => {
    assert.deepEqual(await linesForLocale(`rotations:\n${rotation("2027-01-01", "2027-01-02", `promotionalText: ${"p".repeat(171)}`)}${BASE}`), [
      "metadata/en-US.yml:4:22: rotations[0].promotionalText is 171 characters; the App Store allows 170",
    ]);
  });
});

describe("lint in the spirit of fastlane precheck: warnings that never fail", () => {
  test("mentions of other platforms point at the word, every one of them", async () => {
    assert.deepEqual(await linesForLocale(`description: |\n  Plan your week.\n  Also on Google Play and Android.\n`), [
      'metadata/en-US.yml:3:11: warning: description mentions "Google Play": App Review rejects mentions of other platforms (guideline 2.3.10)',
      'metadata/en-US.yml:3:27: warning: description mentions "Android": App Review rejects mentions of other platforms (guideline 2.3.10)',
    ]);
  });

  test("keywords are linted too, each hit at its own item", async () => {
    assert.deepEqual(
      await linesForLocale(`keywords: [gym, android, beta]\nrotations:\n  - from: 2027-01-01\n    until: 2027-01-02\n    keywords: "yoga,android"\n`),
      [
        'metadata/en-US.yml:1:17: warning: keywords mentions "android": App Review rejects mentions of other platforms (guideline 2.3.10)',
        'metadata/en-US.yml:1:26: warning: keywords mentions "beta": App Review rejects listings that advertise unfinished features (guideline 2.3)',
        'metadata/en-US.yml:5:21: warning: rotations[0].keywords mentions "android": App Review rejects mentions of other platforms (guideline 2.3.10)',
      ],
    );
  });

  test("a file full of hits shows the first 20 and says how many more there are", async () => {
    const lines = await linesForLocale(`description: ${"Android and TODO. ".repeat(15)}\n`);
    assert.equal(lines.length, 21);
    assert.equal(lines[20], "metadata/en-US.yml:1:194: warning: 10 more lint warnings from here on are not shown (30 in this file)");
  });

  test("placeholder text and beta wording", async () => {
    assert.deepEqual(await linesForLocale(`promotionalText: Lorem ipsum dolor sit amet\nwhatsNew: Dark mode is coming soon.\n`), [
      'metadata/en-US.yml:1:18: warning: promotionalText mentions "Lorem ipsum": it looks like placeholder text',
      'metadata/en-US.yml:2:24: warning: whatsNew mentions "coming soon": App Review rejects listings that advertise unfinished features (guideline 2.3)',
    ]);
  });
});

describe("app.yml", () => {
  const appLines = (app: string) => linesForLocale("name: Acme\n", "en-US.yml", app);

  test("needs an id or a bundleId, not both", async () => {
    assert.deepEqual(await appLines("app:\n  platform: IOS\n"), ["metadata/app.yml:2:3: app needs id (the App Store Connect app id) or bundleId"]);
    assert.deepEqual(await appLines("app:\n  id: '123'\n  bundleId: com.acme.x\n"), [
      "metadata/app.yml:2:3: app names both id and bundleId; keep one of the two",
    ]);
    assert.deepEqual(await appLines("app:\n  id: 1234567890\n"), []);
  });

  test("a platform typo gets a suggestion", async () => {
    assert.deepEqual(await appLines("app:\n  bundleId: com.acme.x\n  platform: iOS\n"), [
      'metadata/app.yml:3:13: app.platform must be one of IOS, MAC_OS, TV_OS, VISION_OS, not "iOS"; did you mean IOS?',
    ]);
  });

  test("an unquoted version that YAML reads as a number is refused with the quotes around the text as written", async () => {
    assert.deepEqual(await appLines("app:\n  bundleId: com.acme.x\nversion: 2.10\n"), [
      'metadata/app.yml:3:10: version must be text, not a number (2.10) (put it in quotes: "2.10")',
    ]);
  });

  test("a missing app.yml is an error that says what to write", async () => {
    assert.deepEqual(await linesForLocale("name: Acme\n", "en-US.yml", undefined).then(() => "ok"), "ok");
    const lines = await (await import("../helpers/fixture-repo.js")).makeRepo({ app: null, metadata: { "en-US.yml": "name: Acme\n" } }).then(async (repo) => {
      try {
        return await repo.lines();
      } finally {
        await repo.cleanup();
      }
    });
    assert.deepEqual(lines, ["metadata/app.yml: not found; create it with app.bundleId (or app.id) and app.platform"]);
  });

  test("a locale file with an unknown name is an error with a suggestion", async () => {
    assert.deepEqual(await linesForLocale("name: Acme\n", "en_us.yml"), ['metadata/en_us.yml: "en_us" is not an App Store locale; did you mean en-US.yml?']);
    assert.deepEqual(await linesForLocale("name: Acme\n", "klingon.yml"), [
      'metadata/klingon.yml: "klingon" is not an App Store locale; name locale files after App Store Connect\'s codes, such as en-US.yml, de-DE.yml or ja.yml',
    ]);
  });
});

describe("a rotation needs a base value to return to", () => {
  test("rotating a field the file does not set is an error at the rotation's field, naming the day it would end", async () => {
    const text =
      "name: Acme\nkeywords: [gym]\nrotations:\n" +
      "  - from: 2027-01-01\n    until: 2027-01-31\n    keywords: [new year]\n    promotionalText: Start strong.\n";
    assert.deepEqual(await linesForLocale(text), [
      "metadata/en-US.yml:7:5: rotations[0] sets promotionalText, but the file has no promotionalText to return to after 2027-01-31; " +
        'add a base promotionalText value ("" to return to none)',
    ]);
  });

  test("an empty base is a value: the field returns to empty", async () => {
    const windows = `rotations:\n  - from: 2027-01-01\n    until: 2027-01-31\n    keywords: [new year]\n    promotionalText: Start strong.\n`;
    assert.deepEqual(await linesForLocale(`promotionalText: ""\nkeywords: []\n${windows}`), []);
    const repo = await makeRepo({ metadata: { "en-US.yml": `promotionalText: ""\nkeywords: ""\n${windows}` } });
    try {
      const result = await repo.validate();
      assert.deepEqual(
        result.diagnostics.filter((diagnostic) => diagnostic.severity !== "notice"),
        [],
      );
      const [localization] = buildDesiredState(result.files).versionLocalizations;
      assert.equal(valueInForce(localization!, "keywords", "2027-02-01").value, "");
      assert.equal(valueInForce(localization!, "promotionalText", "2027-02-01").value, "");
    } finally {
      await repo.cleanup();
    }
  });
});
