/**
 * pull's app-level files through the resources' `pull` parts: live values
 * merged in place (comments, order and unknown keys kept byte for byte),
 * missing keys added, an exact block's missing entries removed, new files
 * started from their header, and a password only ever as a variable's name.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { freshValuesText, mergeValuesText } from "../../src/engine/pull/merge-values.js";
import { categories } from "../../src/resources/categories/index.js";
import { reviewPull } from "../../src/resources/review-detail/pull.js";
import { slotsOf } from "../../src/model/categories.js";

const APP = `# Which app.
app:
  bundleId: com.acme.fitness   # ours
  platform: IOS
version: "2.4.0"
categories:
  primary: HEALTH_AND_FITNESS  # decided in March
  secondary: LIFESTYLE
owner: growth-team
`;

const live = (value: Parameters<typeof slotsOf>[0]) => ({ categories: slotsOf(value) }) as never;

describe("pull merges the categories into app.yml", () => {
  test("a changed secondary is replaced where it stands; every other byte stays", () => {
    const parts = categories.pull!(live({ primary: "HEALTH_AND_FITNESS", secondary: "SPORTS" }));
    const merged = mergeValuesText(APP, parts, "metadata/app.yml");
    assert.equal(merged.text, APP.replace("secondary: LIFESTYLE", "secondary: SPORTS"));
    assert.deepEqual(merged.updated, ["categories.secondary"]);
  });

  test("a secondary live does not have is removed (the block is exact); subcategories are added as a list", () => {
    const parts = categories.pull!(live({ primary: "GAMES", primarySubcategories: ["GAMES_PUZZLE", "GAMES_WORD"] }));
    const merged = mergeValuesText(APP, parts, "metadata/app.yml");
    assert.equal(
      merged.text,
      APP.replace("primary: HEALTH_AND_FITNESS", "primary: GAMES").replace("  secondary: LIFESTYLE\n", "  primarySubcategories: [GAMES_PUZZLE, GAMES_WORD]\n"),
    );
  });

  test("an app.yml without categories gains the block at its end; the same live values again change nothing", () => {
    const without = APP.replace(/categories:\n( {2}.*\n)+/, "");
    const parts = categories.pull!(live({ primary: "BUSINESS", secondary: "FINANCE" }));
    const merged = mergeValuesText(without, parts, "metadata/app.yml");
    assert.equal(merged.text, `${without}categories:\n  primary: BUSINESS\n  secondary: FINANCE\n`);
    assert.deepEqual(mergeValuesText(merged.text, parts, "metadata/app.yml"), { text: merged.text, updated: [], kept: [] });
  });
});

describe("pull writes review.yml with the password as a variable, never its value", () => {
  const detail = {
    reviewDetail: {
      id: "r1",
      values: { contactFirstName: "Jane", contactEmail: "jane@acme.example", notes: "Line one.\nLine two.", demoAccountRequired: true, demoAccountName: "rev" },
      passwordFingerprint: "sha256:abc",
    },
  } as never;

  test("a new file names ASC_DEMO_PASSWORD and says to set it", () => {
    const parts = reviewPull(detail);
    const text = freshValuesText(parts, "metadata/review.yml");
    assert.equal(
      text,
      "# yaml-language-server: $schema=../schema/review.schema.json\n# App Review information (written by asc-gitops pull).\n" +
        "contact:\n  firstName: Jane\n  email: jane@acme.example\nnotes: |-\n  Line one.\n  Line two.\n" +
        "demoAccount:\n  required: true\n  name: rev\n  password:\n    env: ASC_DEMO_PASSWORD\n",
    );
    assert.match(parts[0]!.notes!.join("\n"), /set ASC_DEMO_PASSWORD/);
  });

  test("a file that names its own variable keeps it; a changed name is replaced in place", () => {
    const original =
      "contact:\n  firstName: Jane\n  email: jane@acme.example\nnotes: |-\n  Line one.\n  Line two.\n" +
      "demoAccount:\n  required: true\n  name: old\n  password: { env: REVIEW_SECRET }  # in 1Password\n";
    const merged = mergeValuesText(original, reviewPull(detail), "metadata/review.yml");
    assert.equal(merged.text, original.replace("name: old", "name: rev"));
    assert.deepEqual(merged.updated, ["demoAccount.name"]);
  });
});
