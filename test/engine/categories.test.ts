/**
 * app.yml's `categories`: the diff as a table of cases (one PATCH's worth of
 * relationships, blocked on an app info that cannot change), how the plan
 * shows it, and validation at file:line:column before any request.
 */
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import type { SharedLive } from "../../src/contracts/live-state.js";
import { formatDiagnostic } from "../../src/contracts/diagnostics.js";
import { validateRepository } from "../../src/engine/validate/index.js";
import { slotsOf, type CategoriesValue } from "../../src/model/categories.js";
import { categoriesDescribe } from "../../src/resources/categories/describe.js";
import { diffCategories, type LiveCategories } from "../../src/resources/categories/diff.js";
import { ROOT } from "../helpers/apply-harness.js";

const sources = { file: "metadata/app.yml", positions: { primaryCategory: { line: 11, column: 12 }, secondaryCategory: { line: 12, column: 14 } } };
const desired = (value: CategoriesValue) => ({ slots: slotsOf(value), sources });
const live = (state: string, value: CategoriesValue | undefined): SharedLive & LiveCategories => ({
  app: { id: "1", bundleId: "com.acme.fitness", platform: "IOS" },
  appInfo: { id: "info-2", state, editable: state === "PREPARE_FOR_SUBMISSION" },
  isFirstVersion: false,
  ...(value ? { categories: slotsOf(value) } : {}),
});

type Row = [string, CategoriesValue, SharedLive & LiveCategories, string[], string[]];

describe("categories diff: the block is exact, one change per app info, blocked when the app info cannot change", () => {
  const rows: Row[] = [
    [
      "same categories: no change",
      { primary: "BUSINESS", secondary: "FINANCE" },
      live("PREPARE_FOR_SUBMISSION", { primary: "BUSINESS", secondary: "FINANCE" }),
      [],
      [],
    ],
    [
      "a new secondary",
      { primary: "HEALTH_AND_FITNESS", secondary: "LIFESTYLE" },
      live("PREPARE_FOR_SUBMISSION", { primary: "HEALTH_AND_FITNESS", secondary: "SPORTS" }),
      ["secondaryCategory SPORTS→LIFESTYLE"],
      [],
    ],
    [
      "a secondary left out is cleared",
      { primary: "HEALTH_AND_FITNESS" },
      live("PREPARE_FOR_SUBMISSION", { primary: "HEALTH_AND_FITNESS", secondary: "SPORTS" }),
      ["secondaryCategory SPORTS→null"],
      [],
    ],
    [
      "a game gains subcategories in order",
      { primary: "GAMES", primarySubcategories: ["GAMES_PUZZLE", "GAMES_WORD"] },
      live("PREPARE_FOR_SUBMISSION", { primary: "GAMES", primarySubcategories: ["GAMES_WORD"] }),
      ["primarySubcategoryOne GAMES_WORD→GAMES_PUZZLE", "primarySubcategoryTwo null→GAMES_WORD"],
      [],
    ],
    [
      "from a game to an app: its subcategories go",
      { primary: "EDUCATION" },
      live("PREPARE_FOR_SUBMISSION", { primary: "GAMES", primarySubcategories: ["GAMES_TRIVIA"] }),
      ["primaryCategory GAMES→EDUCATION", "primarySubcategoryOne GAMES_TRIVIA→null"],
      [],
    ],
    [
      "only the live app info: blocked, one per relationship",
      { primary: "BUSINESS", secondary: "FINANCE" },
      live("READY_FOR_DISTRIBUTION", { primary: "PRODUCTIVITY" }),
      [],
      ["primaryCategory", "secondaryCategory"],
    ],
  ];
  for (const [name, wanted, state, changes, blocked] of rows)
    test(name, () => {
      const result = diffCategories(desired(wanted), state);
      assert.deepEqual(
        result.changes.flatMap((change) => change.slots.map((slot) => `${slot.relationship} ${slot.before}→${slot.after}`)),
        changes,
      );
      assert.equal(result.changes.length, changes.length ? 1 : 0, "one change (one PATCH) for the app info");
      assert.deepEqual(
        result.blocked.map((item) => item.field),
        blocked,
      );
      if (blocked.length) assert.match(result.blocked[0]!.reason, /app info is READY_FOR_DISTRIBUTION; categories change with a new version/);
    });

  test("unmanaged (no categories in app.yml): no change, whatever live holds", () => {
    assert.deepEqual(diffCategories(undefined, live("PREPARE_FOR_SUBMISSION", { primary: "BUSINESS" })), { changes: [], blocked: [] });
  });

  test("the plan shows each relationship before and after, none as such", () => {
    const [change] = diffCategories(
      desired({ primary: "HEALTH_AND_FITNESS" }),
      live("PREPARE_FOR_SUBMISSION", { primary: "MEDICAL", secondary: "SPORTS" }),
    ).changes;
    const pen = { style: (_: string, text: string) => text, at: () => "  metadata/app.yml:11", maxDiffLines: 20, app: {} as never };
    assert.deepEqual(categoriesDescribe.text(change!, pen), [
      "  ~ categories  metadata/app.yml:11",
      "      primaryCategory: MEDICAL → HEALTH_AND_FITNESS",
      "      secondaryCategory: SPORTS → (none)",
    ]);
    assert.equal(categoriesDescribe.count("categories-update", [change!]), "2 categories to change");
  });
});

async function validate(categories: string, platform = "IOS") {
  const folder = await mkdtemp(path.join(tmpdir(), "asc-gitops-categories-"));
  try {
    await cp(path.join(ROOT, "metadata"), path.join(folder, "metadata"), { recursive: true });
    const app = (await readFile(path.join(ROOT, "metadata", "app.yml"), "utf8"))
      .replace(/^categories:\n(  .*\n)*/m, "")
      .replace("platform: IOS", `platform: ${platform}`);
    await writeFile(path.join(folder, "metadata", "app.yml"), `${app}categories:\n${categories}`);
    const result = await validateRepository({ metadataDir: path.join(folder, "metadata"), screenshotsDir: path.join(folder, "screenshots") });
    const line = app.split("\n").length; // the line of `categories:`
    return result.diagnostics
      .filter((diagnostic) => diagnostic.severity === "error")
      .map((diagnostic) => formatDiagnostic({ ...diagnostic, file: "app.yml", line: diagnostic.line! - line }));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe("categories validation: before any request, at the id's line and column, saying what to write", () => {
  const cases: [string, string, string[]][] = [
    ["valid: a category with a secondary", "  primary: HEALTH_AND_FITNESS\n  secondary: LIFESTYLE\n", []],
    ["valid: a game with two subcategories", "  primary: GAMES\n  primarySubcategories: [GAMES_PUZZLE, GAMES_WORD]\n", []],
    [
      "an unknown id gets a did-you-mean",
      "  primary: HEALTH_FITNESS\n",
      ['app.yml:1:12: categories.primary "HEALTH_FITNESS" is not an App Store category id; did you mean HEALTH_AND_FITNESS?'],
    ],
    [
      "a subcategory under a category that takes none",
      "  primary: BUSINESS\n  primarySubcategories: [GAMES_CARD]\n",
      ["app.yml:2:26: categories.primarySubcategories: BUSINESS takes no subcategories (only GAMES and STICKERS do); remove GAMES_CARD"],
    ],
    [
      "a subcategory of another category",
      "  primary: GAMES\n  primarySubcategories:\n    - GAMES_CARD\n    - STICKERS_ART\n",
      ["app.yml:4:7: categories.primarySubcategories: STICKERS_ART is a subcategory of STICKERS, not of GAMES; name one of GAMES's"],
    ],
    [
      "more than two subcategories",
      "  primary: GAMES\n  primarySubcategories: [GAMES_CARD, GAMES_BOARD, GAMES_WORD]\n",
      ["app.yml:2:25: categories.primarySubcategories lists 3; App Store Connect allows at most 2"],
    ],
    [
      "a secondary equal to the primary",
      "  primary: NEWS\n  secondary: NEWS\n",
      ["app.yml:2:14: categories.secondary is NEWS, the primary category too; name another or remove it"],
    ],
    [
      "a subcategory id where a category goes",
      "  primary: GAMES_PUZZLE\n",
      ['app.yml:1:12: categories.primary "GAMES_PUZZLE" is a subcategory of GAMES: write GAMES here and GAMES_PUZZLE in categories.primarySubcategories'],
    ],
    ["no primary", "  secondary: NEWS\n", ['app.yml:1:3: categories needs "primary"']],
  ];
  for (const [name, text, expected] of cases)
    test(name, async () => {
      assert.deepEqual(await validate(text), expected);
    });

  test("sticker packs are iOS only", async () => {
    assert.deepEqual(await validate("  primary: STICKERS\n", "MAC_OS"), [
      "app.yml:1:12: categories.primary STICKERS is not offered on MAC_OS; sticker packs are iOS apps",
    ]);
  });
});
