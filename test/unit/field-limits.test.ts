import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { linesForLocale } from "../helpers/fixture-repo.js";

const quote = (text: string) => JSON.stringify(text);

describe("field limits, counted in characters as App Store Connect counts them", () => {
  test("a 30-character name passes and a 31-character name fails with its measure", async () => {
    assert.deepEqual(await linesForLocale(`name: ${quote("N".repeat(30))}\n`), []);
    assert.deepEqual(await linesForLocale(`name: ${quote("N".repeat(31))}\n`), ["metadata/en-US.yml:1:7: name is 31 characters; the App Store allows 30"]);
  });

  test("an emoji counts once, so 30 of them still fit a name", async () => {
    assert.deepEqual(await linesForLocale(`name: ${"🏋".repeat(30)}\n`), []);
    assert.deepEqual(await linesForLocale(`name: ${"🏋".repeat(31)}\n`), ["metadata/en-US.yml:1:7: name is 31 characters; the App Store allows 30"]);
  });

  test("a one-character name is too short", async () => {
    assert.deepEqual(await linesForLocale("name: A\n"), ["metadata/en-US.yml:1:7: name is 1 character; the App Store needs at least 2"]);
  });

  test("subtitle allows 30 characters", async () => {
    assert.deepEqual(await linesForLocale(`subtitle: ${"s".repeat(30)}\n`), []);
    assert.deepEqual(await linesForLocale(`subtitle: ${"s".repeat(31)}\n`), ["metadata/en-US.yml:1:11: subtitle is 31 characters; the App Store allows 30"]);
  });

  test("promotional text allows 170 characters and refuses 171", async () => {
    assert.deepEqual(await linesForLocale(`promotionalText: ${"p".repeat(170)}\n`), []);
    assert.deepEqual(await linesForLocale(`promotionalText: ${"p".repeat(171)}\n`), [
      "metadata/en-US.yml:1:18: promotionalText is 171 characters; the App Store allows 170",
    ]);
  });

  test("description needs 10 to 4,000 characters; a block scalar error points at its `|`", async () => {
    assert.deepEqual(await linesForLocale(`description: ${"d".repeat(10)}\n`), []);
    assert.deepEqual(await linesForLocale(`description: ${"d".repeat(9)}\n`), [
      "metadata/en-US.yml:1:14: description is 9 characters; the App Store needs at least 10",
    ]);
    const long = "TrainHard.".repeat(8);
    const lines = Array.from({ length: 50 }, () => `  ${long}`).join("\n");
    // 50 lines of 80 characters joined by newlines: 4,049 characters (the final newline is not part of the text).
    assert.deepEqual(await linesForLocale(`name: Acme\ndescription: |\n${lines}\n`), [
      "metadata/en-US.yml:2:14: description is 4049 characters; the App Store allows 4000",
    ]);
  });

  test("whatsNew allows 4,000 characters", async () => {
    assert.deepEqual(await linesForLocale(`whatsNew: ${"w".repeat(4000)}\n`), []);
    assert.deepEqual(await linesForLocale(`whatsNew: ${"w".repeat(4001)}\n`), [
      "metadata/en-US.yml:1:11: whatsNew is 4001 characters; the App Store allows 4000",
    ]);
  });

  test("URLs must be http or https, at most 255 characters; optional ones may be cleared with an empty string", async () => {
    assert.deepEqual(await linesForLocale(`marketingUrl: ""\nprivacyChoicesUrl: ""\nsupportUrl: https://acme.example/help\n`), []);
    assert.deepEqual(await linesForLocale(`supportUrl: ftp://acme.example\n`), [
      'metadata/en-US.yml:1:13: supportUrl must be an http or https URL, not "ftp://acme.example"',
    ]);
    assert.deepEqual(await linesForLocale(`privacyPolicyUrl: ""\n`), ['metadata/en-US.yml:1:19: privacyPolicyUrl must be an http or https URL, not ""']);
    assert.deepEqual(await linesForLocale(`marketingUrl: acme.example\n`), [
      'metadata/en-US.yml:1:15: marketingUrl must be an http or https URL (or "" to clear it), not "acme.example"; start it with https://',
    ]);
    const url = `https://acme.example/${"a".repeat(235)}`;
    assert.equal(url.length, 256);
    assert.deepEqual(await linesForLocale(`marketingUrl: ${url.slice(0, 255)}\n`), []);
    assert.deepEqual(await linesForLocale(`marketingUrl: ${url}\n`), ["metadata/en-US.yml:1:15: marketingUrl is 256 characters; the App Store allows 255"]);
  });

  test("URLs must open for App Store users: localhost, private addresses and bare host names are errors, a bad port too", async () => {
    const lines = async (url: string) => linesForLocale(`marketingUrl: ${JSON.stringify(url)}\n`);
    assert.deepEqual(await lines("http://localhost/x"), [
      "metadata/en-US.yml:1:15: marketingUrl points at this machine's own name (localhost), which App Store users cannot open; use the page's public address",
    ]);
    assert.deepEqual(await lines("https://192.168.1.20/support"), [
      "metadata/en-US.yml:1:15: marketingUrl points at a private or loopback address (192.168.1.20), which App Store users cannot open; " +
        "use the page's public address",
    ]);
    assert.deepEqual(await lines("https://[::1]:8080/"), [
      "metadata/en-US.yml:1:15: marketingUrl points at a private or loopback address (::1), which App Store users cannot open; use the page's public address",
    ]);
    assert.deepEqual(await lines("https://intranet/help"), [
      "metadata/en-US.yml:1:15: marketingUrl points at a host name without a domain (intranet), which App Store users cannot open; " +
        "use the page's public address",
    ]);
    assert.deepEqual(await lines("https://acme.example:99999/"), ["metadata/en-US.yml:1:15: marketingUrl has port 99999; a port is a number from 1 to 65535"]);
    assert.deepEqual(await lines("https://user:secret@acme.example/"), [
      'metadata/en-US.yml:1:15: marketingUrl holds a user name or password (before "@"); everyone who reads the App Store page would see it: remove it',
    ]);
    assert.deepEqual(await lines("https://acme.example/a page"), [
      'metadata/en-US.yml:1:15: marketingUrl must be an http or https URL (or "" to clear it), not "https://acme.example/a page"; ' +
        "a URL holds no spaces or line breaks (write a space as %20)",
    ]);
    assert.deepEqual(await lines("https://acme.example:8443/help"), []);
    assert.deepEqual(await lines("http://8.8.8.8/"), []);
  });

  test("a scheme in capitals is accepted with a warning to write it in lower case", async () => {
    assert.deepEqual(await linesForLocale("supportUrl: HTTPS://acme.example/help\n"), [
      "metadata/en-US.yml:1:13: warning: supportUrl writes its scheme as HTTPS://; write https:// " +
        "(App Store Connect may store it in lower case, and every plan would then show the URL as changed)",
    ]);
  });

  test("an empty value gets advice at its own key, not at the end of the file, and a number gets quotes", async () => {
    assert.deepEqual(await linesForLocale(`name: Acme\nsubtitle:\ndescription: ${"Plans that adapt. ".repeat(20)}\n`), [
      'metadata/en-US.yml:2:1: subtitle has no value; write "" to clear it, or remove the line to leave the live value alone',
    ]);
    assert.deepEqual(await linesForLocale("name: 2048\n"), ['metadata/en-US.yml:1:7: name must be text, not a number (2048) (put it in quotes: "2048")']);
  });

  test('"" is offered only where it clears: required fields, dates and app.yml keys get what to write', async () => {
    assert.deepEqual(
      await linesForLocale("name:\nsupportUrl:\nrotations:\n  - from:\n    until: 2027-01-31\n    promotionalText: Sale\npromotionalText: Hi\n"),
      [
        "metadata/en-US.yml:1:1: name has no value; write one of at least 2 characters, or remove the line to leave the live value alone",
        "metadata/en-US.yml:2:1: supportUrl has no value; write a URL such as https://example.com/, or remove the line to leave the live value alone",
        "metadata/en-US.yml:4:5: rotations[0].from has no value; write a date such as 2027-01-01",
      ],
    );
    assert.deepEqual(await linesForLocale("name: Acme\n", "en-US.yml", "app:\n  bundleId:\nversion:\n"), [
      "metadata/app.yml:2:3: app.bundleId has no value; write the app's bundle identifier, such as com.acme.fitness",
      'metadata/app.yml:3:1: version has no value; write a version such as "2.4.0", or remove the line to manage the version in an editable state',
    ]);
  });

  test("an unknown key gets a did-you-mean hint at the key's own position", async () => {
    assert.deepEqual(await linesForLocale("name: Acme\nkeyword: [a]\n"), ['metadata/en-US.yml:2:1: unknown key "keyword"; did you mean "keywords"?']);
    assert.deepEqual(await linesForLocale("release_notes: Faster.\n"), ['metadata/en-US.yml:1:1: unknown key "release_notes"; did you mean "whatsNew"?']);
    assert.deepEqual(await linesForLocale("promotional_text: Hi\n"), [
      'metadata/en-US.yml:1:1: unknown key "promotional_text"; did you mean "promotionalText"?',
    ]);
    const [line] = await linesForLocale("colour: red\n");
    assert.match(line!, /^metadata\/en-US\.yml:1:1: unknown key "colour"; allowed keys are name, subtitle, .*rotations$/);
  });

  test("privacyPolicyText is refused outside tvOS", async () => {
    assert.deepEqual(await linesForLocale("privacyPolicyText: We collect nothing.\n"), [
      "metadata/en-US.yml:1:20: privacyPolicyText is for tvOS apps only, and app.platform is IOS; use privacyPolicyUrl",
    ]);
    assert.deepEqual(await linesForLocale("privacyPolicyText: We collect nothing.\n", "en-US.yml", "app:\n  id: '1'\n  platform: TV_OS\n"), []);
  });

  test("a YAML syntax error names its line and column", async () => {
    assert.deepEqual(await linesForLocale("name: Acme\nkeywords: [a, b\nsubtitle: x\n"), [
      "metadata/en-US.yml:2:11: YAML syntax error: the list opened here is never closed; add the closing ] (YAML: deficient indentation)",
    ]);
    const [duplicate] = await linesForLocale("name: Acme\nname: Other\n");
    assert.match(
      duplicate!,
      /^metadata\/en-US\.yml:2:1: YAML syntax error: name appears twice \(first on line 1\); keep one \(YAML: duplicated mapping key\)$/,
    );
  });

  test("every error of a file is reported in one run", async () => {
    const lines = await linesForLocale(`name: ${"n".repeat(31)}\nsubtitle: ${"s".repeat(31)}\nkeyword: x\npromotionalText: ${"p".repeat(171)}\n`);
    assert.equal(lines.length, 4);
  });
});

describe("text as it is sent", () => {
  test("the newline a block scalar ends with is not counted nor sent", async () => {
    const { makeRepo } = await import("../helpers/fixture-repo.js");
    const { buildDesiredState } = await import("../../src/engine/desired-state.js");
    const body = `${"TrainHard.".repeat(8)}\n`.repeat(49) + "TrainHard.".repeat(8).slice(0, 31);
    assert.equal(body.length, 4000);
    const indented = body
      .split("\n")
      .map((line) => `  ${line}`)
      .join("\n");
    const repo = await makeRepo({ metadata: { "en-US.yml": `description: |\r\n${indented.replace(/\n/g, "\r\n")}\r\n` } });
    try {
      const result = await repo.validate();
      assert.deepEqual(result.diagnostics, []);
      const description = buildDesiredState(result.files).versionLocalizations[0]!.fields.description!;
      assert.equal(description.length, 4000);
      assert.ok(!description.includes("\r") && !description.endsWith("\n"));
    } finally {
      await repo.cleanup();
    }
  });
});
