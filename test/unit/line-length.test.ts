/**
 * No line of the code over 160 characters, the width Biome formats at: the
 * formatter breaks expressions but not a long string, template or comment, so
 * this test names every line it left too long (file:line), to be folded by hand.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { ROOT } from "../helpers/apply-harness.js";

const WIDTH = 160;
const FOLDERS = ["src", "test", "scripts", "bin"];
const SKIPPED = ["src/asc/generated/", "test/fixtures/"];

function trackedFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "-z", "--", ...FOLDERS], { cwd: ROOT, encoding: "utf8" });
  return listed
    .split("\0")
    .filter((file) => /\.(ts|mjs|js)$/.test(file))
    .filter((file) => !SKIPPED.some((folder) => file.startsWith(folder)));
}

test(`no line of src/, test/, scripts/ or bin/ is over ${WIDTH} characters`, async () => {
  const files = trackedFiles();
  assert.ok(files.length > 0, "git ls-files listed no file");
  const long: string[] = [];
  for (const file of files) {
    const lines = (await readFile(path.join(ROOT, file), "utf8")).split("\n");
    lines.forEach((line, index) => {
      const length = [...line.replace(/\r$/, "")].length;
      if (length > WIDTH) long.push(`${file}:${index + 1} (${length} characters)`);
    });
  }
  assert.deepEqual(long, [], `${long.length} lines over ${WIDTH} characters:\n${long.join("\n")}`);
});
