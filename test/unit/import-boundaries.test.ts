/**
 * The layering of DESIGN.md §12, checked on the imports: contracts at the
 * bottom, resources above them (never the engine), and the stages reaching a
 * resource only through the registry (src/resources/index.ts), never a resource's folder.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { ROOT } from "../helpers/apply-harness.js";

const SRC = path.join(ROOT, "src");

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(path.join(SRC, folder), { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith(".ts")).map((entry) => path.relative(SRC, path.join(entry.parentPath, entry.name)));
}

/** The files of src/ a file imports, relative to src/ with .ts endings. */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(path.join(SRC, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)"(\.[^"]+)"/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => path.relative(SRC, path.resolve(path.dirname(path.join(SRC, file)), specifier)).replace(/\.js$/, ".ts"));
}

async function violations(folder: string, forbidden: (imported: string, file: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const file of await sourceFiles(folder))
    for (const imported of await importsOf(file)) if (forbidden(imported, file)) found.push(`${file} imports ${imported}`);
  return found;
}

const under = (imported: string, ...folders: string[]) => folders.some((folder) => imported.startsWith(`${folder}/`));

test("the contracts import neither the engine nor the resources, nor anything above them", async () => {
  assert.deepEqual(await violations("contracts", (imported) => under(imported, "engine", "resources", "commands", "github", "sandbox")), []);
});

test("a resource never imports the engine, a command or the action", async () => {
  assert.deepEqual(await violations("resources", (imported) => under(imported, "engine", "commands", "github")), []);
});

test("a stage reaches the resources only through the registry, never a resource's folder or module", async () => {
  const found = await violations("engine", (imported) => under(imported, "resources") && imported !== "resources/index.ts");
  assert.deepEqual(found, []);
});

test("the check sees an import of a resource folder for what it is", async () => {
  // The registry is the one file outside a resource's folder that imports it.
  const imports = await importsOf("resources/index.ts");
  assert.ok(imports.includes("resources/version-localizations/rotations.ts"), imports.join(", "));
});
