import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { load } from "js-yaml";
import { IPHONE_69, makeImage, makeRepo } from "../helpers/fixture-repo.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A mutation of text: characters replaced, inserted or removed at random places. */
const textEdits = fc.array(fc.tuple(fc.nat(), fc.constantFrom("replace", "insert", "delete"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 4 })), {
  minLength: 1,
  maxLength: 6,
});

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

/** Whether js-yaml reads `text` as one document (a different parser than ours: an independent opinion). */
function parses(text: string): boolean {
  try {
    load(text);
    return true;
  } catch {
    return false;
  }
}

describe("corrupted input never crashes validation", () => {
  test("randomly edited locale files always give messages that name the file", async () => {
    const original = await readFile(path.join(ROOT, "metadata", "en-US.yml"), "utf8");
    const repo = await makeRepo({ metadata: { "en-US.yml": original } });
    try {
      await fc.assert(
        fc.asyncProperty(textEdits, async (edits) => {
          const file = path.join(repo.metadataDir, "en-US.yml");
          await writeFile(file, applyEdits(original, edits));
          // As written: a surrogate pair split by an edit is stored as U+FFFD.
          const text = await readFile(file, "utf8");
          const result = await repo.validate();
          for (const diagnostic of result.diagnostics) {
            assert.ok(diagnostic.file.endsWith("metadata/en-US.yml"), diagnostic.file);
            assert.ok(diagnostic.message.length > 0);
            if (diagnostic.line !== undefined) assert.ok(diagnostic.line >= 1 && (diagnostic.column ?? 1) >= 1);
          }
          if (!parses(text))
            assert.ok(
              result.diagnostics.some((diagnostic) => diagnostic.severity === "error"),
              "text that is not YAML any more is an error",
            );
        }),
        { numRuns: 100, seed: 20261124 },
      );
    } finally {
      await repo.cleanup();
    }
  });

  test("locale files with random bytes overwritten or cut (broken UTF-8, NUL, a BOM) are refused or accepted, with messages that name the file", async () => {
    const original = await readFile(path.join(ROOT, "metadata", "de-DE.yml"));
    const repo = await makeRepo({ metadata: { "de-DE.yml": original.toString("utf8") } });
    const target = path.join(repo.metadataDir, "de-DE.yml");
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x00, 0x80, 0xc3, 0xef, 0xfe, 0xff, 0x3a, 0x0a, 0x22, 0x7b)), { minLength: 1, maxLength: 6 }),
          fc.option(fc.nat(), { nil: undefined }),
          fc.boolean(),
          async (flips, cut, bom) => {
            const bytes = Buffer.from(original);
            for (const [at, value] of flips) bytes[at % bytes.length] = value;
            const body = cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length);
            await writeFile(target, bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
            const result = await repo.validate();
            for (const diagnostic of result.diagnostics) {
              assert.ok(diagnostic.file.endsWith("metadata/de-DE.yml"), diagnostic.file);
              assert.ok(diagnostic.message.length > 0);
            }
            const decoded = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
            let text: string | undefined;
            try {
              text = decoded.decode(body);
            } catch {
              text = undefined;
            }
            if (text === undefined || !parses(text))
              assert.ok(
                result.diagnostics.some((diagnostic) => diagnostic.severity === "error"),
                "bytes that are not UTF-8 YAML any more are an error",
              );
          },
        ),
        { numRuns: 50, seed: 20261125 },
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
        { numRuns: 100, seed: 20261124 },
      );
    } finally {
      await repo.cleanup();
    }
  });
});
