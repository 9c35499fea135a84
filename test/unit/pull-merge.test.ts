import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PullError } from "../../src/engine/pull/errors.js";
import { pulledFileName } from "../../src/engine/pull/listing.js";
import { mergeAppText } from "../../src/engine/pull/merge-app.js";
import { mergeLocaleText, type MergeContext } from "../../src/engine/pull/merge-locale.js";

const context: MergeContext = { locale: "en-US", file: "metadata/en-US.yml", today: "2026-11-28", source: "App Store Connect" };

const FILE = `# yaml-language-server: $schema=../schema/locale.schema.json
# Marketing owns this file.

name: Acme Fitness   # the brand, never translated
subtitle: 'Workouts that stick'

description: |
  Line one.

  Line two.

keywords:
  - gym
  - yoga
promotionalText: New in 2.4.
supportUrl: https://acme.example/support
rotations:
  - from: 2026-11-27
    until: 2026-11-30
    promotionalText: "Black Friday: 50% off."
  - from: 2027-01-01
    until: 2027-01-31
    keywords: [new year, gym]
`;

describe("pull merges live values into a locale file", () => {
  test("only the values that differ change; comments, blank lines, quoting, order and rotations stay byte for byte", () => {
    const merged = mergeLocaleText(
      FILE,
      {
        name: "Acme Fitness",
        subtitle: "Train smarter",
        description: "Line one.\n\nLine 2.",
        keywords: "gym,yoga,hiit",
        supportUrl: "https://acme.example/support",
      },
      context,
    );
    assert.deepEqual(merged.updated, ["subtitle", "description", "keywords"]);
    assert.equal(
      merged.text,
      FILE.replace("'Workouts that stick'", "Train smarter")
        .replace("description: |\n  Line one.\n\n  Line two.", "description: |-\n  Line one.\n\n  Line 2.")
        .replace("  - gym\n  - yoga\n", "  - gym\n  - yoga\n  - hiit\n"),
    );
  });

  test("a field the file lacks is added after the field before it; a value that equals live in another form is left as written", () => {
    const text = "name: Acme\nkeywords: gym, yoga\nsupportUrl: https://acme.example\n";
    const merged = mergeLocaleText(text, { name: "Acme", subtitle: "Workouts", keywords: "gym,yoga", whatsNew: "Faster sync." }, context);
    assert.deepEqual(merged.updated, ["subtitle", "whatsNew"]);
    assert.equal(merged.text, "name: Acme\nsubtitle: Workouts\nkeywords: gym, yoga\nwhatsNew: Faster sync.\nsupportUrl: https://acme.example\n");
  });

  test("while a rotation is in force, its field is the rotation's: live never becomes the base value", () => {
    // The scheduled run put the Black Friday text live: the base value stays the one to return to on 2026-12-01.
    const inForce = mergeLocaleText(FILE, { promotionalText: "Black Friday: 50% off." }, context);
    assert.deepEqual([inForce.text, inForce.updated, inForce.notes], [FILE, [], []]);

    // Live holds something else during the window: the file stays, and the user is told what and where.
    const edited = mergeLocaleText(FILE, { promotionalText: "Edited in the web UI" }, context);
    assert.equal(edited.text, FILE);
    assert.deepEqual(edited.notes, [
      'metadata/en-US.yml: promotionalText is "Edited in the web UI" on App Store Connect, ' +
        'but rotations[0] (2026-11-27 to 2026-11-30) is in force today and says "Black Friday: 50% off."; ' +
        "the file is left as it is, and the next apply sets the rotation's value (edit rotations[0] to keep the other)",
    ]);

    // Outside every window, live goes into the base field.
    const after = mergeLocaleText(FILE, { promotionalText: "Edited in the web UI" }, { ...context, today: "2026-12-01" });
    assert.match(after.text, /^promotionalText: Edited in the web UI$/m);
    assert.ok(after.text.endsWith(FILE.slice(FILE.indexOf("supportUrl:"))));
  });

  test("a value is never replaced by nothing: live without it leaves the file's text, with a note", () => {
    const merged = mergeLocaleText(FILE, { subtitle: null, supportUrl: "" }, context);
    assert.equal(merged.text, FILE);
    assert.deepEqual(merged.notes, [
      "metadata/en-US.yml: App Store Connect has no subtitle; the file's value is kept (pull never replaces text with nothing), so the next apply sets it",
      "metadata/en-US.yml: App Store Connect has no supportUrl; the file's value is kept (pull never replaces text with nothing), so the next apply sets it",
    ]);
  });

  test("a comment after a value that becomes several lines moves to the block's first line; Windows line ends stay", () => {
    const merged = mergeLocaleText(
      "name: Acme\r\nwhatsNew: Fixes.  # for 2.4\r\nsupportUrl: https://a.example\r\n",
      { whatsNew: "Faster sync.\nFixes." },
      context,
    );
    assert.equal(merged.text, "name: Acme\r\nwhatsNew: |- # for 2.4\r\n  Faster sync.\r\n  Fixes.\r\nsupportUrl: https://a.example\r\n");
  });

  test("a value that carries an anchor is refused: changing it would change what its aliases say", () => {
    assert.throws(
      () =>
        mergeLocaleText(
          "promotionalText: &promo Hello\nrotations:\n  - from: 2027-01-01\n    until: 2027-01-02\n    promotionalText: *promo\n",
          { promotionalText: "Other" },
          { ...context, today: "2026-01-01" },
        ),
      (error: unknown) => error instanceof PullError && /promotionalText carries an anchor/.test(error.message),
    );
  });
});

describe("pull keeps app.yml", () => {
  const APP = '# The team\'s app.\napp:\n  bundleId: com.acme.fitness\n  platform: IOS\nversion: "2.4.0"   # the release in preparation\nprune: true\n';

  test("an app.yml that names the app stays byte for byte: version, prune and comments are the user's", () => {
    assert.deepEqual(mergeAppText(APP, { id: "6469599485", bundleId: "com.acme.fitness", platform: "IOS" }, "metadata/app.yml"), { text: APP, updated: [] });
  });

  test("an app.yml without app: gets it, above what it holds", () => {
    const merged = mergeAppText('# Options.\nversion: "2.4.0"\n', { id: "1", bundleId: "com.acme.fitness", platform: "IOS" }, "metadata/app.yml");
    assert.equal(merged.text, '# Options.\napp:\n  bundleId: com.acme.fitness\n  platform: IOS\nversion: "2.4.0"\n');
  });

  test("another app or platform is refused, never written over the repository's", () => {
    for (const app of [
      { bundleId: "com.other.app", platform: "IOS" as const },
      { bundleId: "com.acme.fitness", platform: "MAC_OS" as const },
    ])
      assert.throws(
        () => mergeAppText(APP, app, "metadata/app.yml"),
        (error: unknown) => error instanceof PullError && /metadata\/app\.yml manages com\.acme\.fitness \(IOS\), but the pull brings in/.test(error.message),
      );
  });
});

describe("pull names files only from safe names", () => {
  test("a live file name with separators, dots or control characters becomes one plain file name", () => {
    for (const [live, expected] of [
      ["../../x.png", "01-x.png"],
      ["..\\..\\x.png", "01-x.png"],
      ["04-x\n::error title=injected::\u202e.png", "01-x-error-title-injected.png"],
      ["..", "01-screenshot.png"],
    ] as const)
      assert.equal(pulledFileName(1, live), expected);
  });
});
