/**
 * The pipeline returns data and prints nothing; the reports render it; the
 * command line and the action sit on top. These fail when a module reaches
 * the wrong way: the pipeline or a report importing a command or the action,
 * the pipeline taking an Output to print on, the action importing a command.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");

async function sourcesOf(folder: string): Promise<string[]> {
  const names = await readdir(path.join(SRC, folder), { recursive: true });
  return names.filter((name) => name.endsWith(".ts")).map((name) => path.join(SRC, folder, name));
}

/** Every module a file imports, as a path under src/ (bare packages are left out). */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8");
  const statements = /(?:^|\n)\s*(?:import|export)[^"'`;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  const specifiers = [...text.matchAll(statements)].map((match) => match[1] ?? match[2]!);
  const underSrc = (specifier: string) =>
    path
      .relative(SRC, path.resolve(path.dirname(file), specifier))
      .split(path.sep)
      .join("/");
  return specifiers.filter((specifier) => specifier.startsWith(".")).map(underSrc);
}

async function reachesInto(folders: string[], forbidden: RegExp): Promise<string[]> {
  const found: string[] = [];
  for (const folder of folders)
    for (const file of await sourcesOf(folder))
      for (const target of await importsOf(file)) if (forbidden.test(target)) found.push(`${path.relative(SRC, file)} imports ${target}`);
  return found;
}

describe("the pipeline's layers", () => {
  test("the pipeline and the reports import neither a command nor the action", async () => {
    assert.deepEqual(await reachesInto(["pipeline", "report"], /^(commands|github)\//), []);
  });

  test("the pipeline prints nothing: no module of it takes an Output", async () => {
    assert.deepEqual(await reachesInto(["pipeline"], /^util\/output\.js$/), []);
  });

  test("the action renders what the pipeline returns, without going through a command", async () => {
    assert.deepEqual(await reachesInto(["github"], /^commands\//), []);
  });
});
