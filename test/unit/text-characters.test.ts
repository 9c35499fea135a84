import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { linesForLocale } from "../helpers/fixture-repo.js";

describe("characters of keys and values", () => {
  test("a key holding a newline or ESC is refused at the key, shown escaped", async () => {
    const lines = await linesForLocale(`name: Acme\n"sub\\ntitle": x\n"pro\\emo": y\n`);
    assert.ok(
      lines.includes('metadata/en-US.yml:2:1: the key "sub\\ntitle" holds a newline (U+000A); keys are plain names such as subtitle: retype it'),
      lines.join("\n"),
    );
    assert.ok(
      lines.includes('metadata/en-US.yml:3:1: the key "pro\\u001bmo" holds an escape character (U+001B); keys are plain names such as subtitle: retype it'),
      lines.join("\n"),
    );
    assert.ok(
      lines.every((line) => !/[\u0000-\u001f]/.test(line)),
      "no raw control character is printed",
    );
  });

  test("a two-line name or subtitle is an error; a description may have many lines", async () => {
    assert.deepEqual(await linesForLocale(`name: |\n  Acme\n  Fitness\nsubtitle: "Plans\\nthat adapt"\ndescription: |\n  Line one.\n  Line two.\n`), [
      "metadata/en-US.yml:1:7: name holds a line break; the App Store shows name on one line: write it on one line",
      "metadata/en-US.yml:4:11: subtitle holds a line break; the App Store shows subtitle on one line: write it on one line",
    ]);
  });

  test("NUL and BEL written as double-quoted escapes are refused in every field, rotations included", async () => {
    const text =
      `name: "Acme\\0"\ndescription: "Plans for \\a the week."\n` +
      `rotations:\n  - from: 2027-01-01\n    until: 2027-01-31\n    promotionalText: "Sale\\e[2J"\npromotionalText: Every day counts.\n`;
    assert.deepEqual(await linesForLocale(text), [
      "metadata/en-US.yml:1:7: name holds a NUL character (U+0000); remove it",
      "metadata/en-US.yml:2:14: description holds a bell character (U+0007); remove it",
      "metadata/en-US.yml:6:22: rotations[0].promotionalText holds an escape character (U+001B); remove it",
    ]);
  });

  test("a bidi override is refused where it stands; the marks right-to-left text needs are kept", async () => {
    assert.deepEqual(await linesForLocale(`name: Acme\ndescription: Safe text \u202Eevil reversed\n`), [
      "metadata/en-US.yml:2:24: description holds a right-to-left override (U+202E); remove it",
    ]);
    assert.deepEqual(await linesForLocale(`name: تطبيق\u200F Acme\ndescription: نص عربي مع Acme\u200F داخله.\n`, "ar-SA.yml"), []);
  });

  test("a keyword string with a line break is an error, not a separator warning", async () => {
    assert.deepEqual(await linesForLocale(`keywords: "gym\\nyoga"\n`), [
      "metadata/en-US.yml:1:11: keywords holds a line break; separate keywords with commas, on one line",
    ]);
  });

  test("spaces around a name or subtitle are a warning", async () => {
    assert.deepEqual(await linesForLocale(`name: "  Acme"\nsubtitle: "Plans "\n`), [
      "metadata/en-US.yml:1:7: warning: name starts with a space; " +
        "remove it: App Store Connect may trim it, and every plan would then show name as changed",
      "metadata/en-US.yml:2:11: warning: subtitle ends with a space; " +
        "remove it: App Store Connect may trim it, and every plan would then show subtitle as changed",
    ]);
  });

  test("a value quoted in any message is shown escaped, so it cannot forge a log line", async () => {
    const lines = await linesForLocale("name: Acme\n", "en-US.yml", 'app:\n  bundleId: "com.acme\\n::error title=x::forged"\nversion: "2.4\\u001b[2J"\n');
    assert.deepEqual(lines, [
      'metadata/app.yml:2:13: app.bundleId must be a bundle identifier such as com.acme.fitness, not "com.acme\\n::error title=x::forged"',
      'metadata/app.yml:3:10: version must be a version string such as "2.4.0", not "2.4\\u001b[2J"',
    ]);
  });
});
