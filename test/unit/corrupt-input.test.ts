import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { IPHONE_69, makeImage, makeRepo } from "../helpers/fixture-repo.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A mutation of text: characters replaced, inserted or removed at random places. */
const textEdits = fc.array(fc.tuple(fc.nat(), fc.constantFrom("replace", "insert", "delete"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 6 });

function applyEdits(text: string, edits: [number, string, string][]): string {
  let result = text;
  for (const [at, kind, piece] of edits) {
    const index = at % (result.length + 1);
    if (kind === "insert") result = result.slice(0, index) + piece + result.slice(index);
    else if (kind === "delete") result = result.slice(0, index) + result.slice(index + piece.length);
    else result = result.slice(0, index) + piece + result.slice(index + piece.length);
  }
  return result;
}

describe("corrupted input never crashes validation", () => {
  test("randomly edited locale files always give messages that name the file", async () => {
    const original = await readFile(path.join(ROOT, "metadata", "en-US.yml"), "utf8");
    const repo = await makeRepo({ metadata: { "en-US.yml": original } });
    try {
      await fc.assert(
        fc.asyncProperty(textEdits, async (edits) => {
          await writeFile(path.join(repo.metadataDir, "en-US.yml"), applyEdits(original, edits));
          const result = await repo.validate();
          for (const diagnostic of result.diagnostics) {
            assert.ok(diagnostic.file.endsWith("metadata/en-US.yml"), diagnostic.file);
            assert.ok(diagnostic.message.length > 0);
            if (diagnostic.line !== undefined) assert.ok(diagnostic.line >= 1 && (diagnostic.column ?? 1) >= 1);
          }
        }),
        { numRuns: 60, seed: 20261124 },
      );
    } finally {
      await repo.cleanup();
    }
  });

  test("randomly corrupted or cut screenshots are errors naming the path, never a crash", async () => {
    const png = await makeImage(IPHONE_69);
    const jpeg = await makeImage({ ...IPHONE_69, format: "jpeg" });
    const repo = await makeRepo({ metadata: { "en-US.yml": "name: Acme\n" }, screenshots: { "en-US/iphone-6.9/01.png": png } });
    const target = path.join(repo.screenshotsDir, "en-US/iphone-6.9/01.png");
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.boolean(),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
          fc.option(fc.nat(), { nil: undefined }),
          async (useJpeg, flips, cut) => {
            const bytes = Buffer.from(useJpeg ? jpeg : png);
            for (const [at, value] of flips) bytes[at % bytes.length] = value;
            await writeFile(target, cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length));
            const result = await repo.validate();
            for (const diagnostic of result.diagnostics) assert.ok(diagnostic.file.endsWith("screenshots/en-US/iphone-6.9/01.png"), diagnostic.file);
            const accepted = result.files.screenshotFolders[0]?.screenshots.length === 1;
            const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
            assert.ok(accepted !== errors.length > 0, "a file is either accepted or refused with an error");
          },
        ),
        { numRuns: 40, seed: 20261124 },
      );
    } finally {
      await repo.cleanup();
    }
  });
});
