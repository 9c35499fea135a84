/**
 * The Node versions the README promises are the versions every locked package
 * supports: a dependency that needs a newer Node (npm's EBADENGINE warning on
 * `npm ci`) fails here, naming the package and what pulls it in.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// semver comes with sharp (it is how sharp checks the Node version itself); no types are installed.
const semver = createRequire(import.meta.url)("semver") as {
  subset(inner: string, outer: string): boolean;
  satisfies(version: string, range: string): boolean;
  validRange(range: string): string | null;
};

interface LockEntry {
  version: string;
  engines?: { node?: string } | string[];
  os?: string[];
  cpu?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * Packages that are installed on one platform only, where the promise cannot hold: each says why.
 * Node 23 and later publish no 32-bit Windows build, and sharp builds its 32-bit Windows binary for Node 20.
 */
const PLATFORM_EXCEPTIONS: Record<string, { os: string; cpu: string; why: string }> = {
  "@img/sharp-win32-ia32": { os: "win32", cpu: "ia32", why: "sharp supports 32-bit Windows on Node 20 only (the README says so)" },
};

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(path.join(ROOT, file), "utf8")) as T;
}

async function lockedPackages(): Promise<Map<string, LockEntry>> {
  const lock = await readJson<{ packages: Record<string, LockEntry> }>("package-lock.json");
  return new Map(Object.entries(lock.packages).filter(([location]) => location !== ""));
}

function nameOf(location: string): string {
  return location.slice(location.lastIndexOf("node_modules/") + "node_modules/".length);
}

function nodeRange(entry: LockEntry): string | undefined {
  return Array.isArray(entry.engines) ? undefined : entry.engines?.node;
}

/** Who depends on a package, so a failure says which dependency to change. */
function dependents(packages: Map<string, LockEntry>, name: string): string[] {
  const found: string[] = [];
  for (const [location, entry] of packages) {
    const wanted = { ...entry.dependencies, ...entry.optionalDependencies };
    if (name in wanted) found.push(`${nameOf(location)}@${entry.version} (wants ${wanted[name]})`);
  }
  return found;
}

async function promisedRange(): Promise<string> {
  const manifest = await readJson<{ engines: { node: string } }>("package.json");
  return manifest.engines.node;
}

describe("every dependency runs on the Node versions the README promises", () => {
  test("the README promises what package.json's engines says, and the action's runtime is inside it", async () => {
    const promise = await promisedRange();
    const readme = await readFile(path.join(ROOT, "README.md"), "utf8");
    const said = /^Node (\d+(?:\.\d+){0,2}) or newer/m.exec(readme);
    assert.ok(said, 'README.md says "Node N or newer" in its quick start');
    const lowest = semver.validRange(`>=${said[1]}`);
    assert.equal(lowest, semver.validRange(promise), `README.md promises Node ${said[1]} or newer, package.json's engines.node is ${promise}`);

    const action = await readFile(path.join(ROOT, "action.yml"), "utf8");
    const runtime = /^\s*using:\s*node(\d+)\s*$/m.exec(action);
    assert.ok(runtime, "action.yml runs on a node runtime");
    assert.ok(semver.satisfies(`${runtime[1]}.0.0`, promise), `the action runs on node${runtime[1]}, outside ${promise}`);
  });

  test("no locked package's engines.node leaves out a promised Node version", async () => {
    const promise = await promisedRange();
    const packages = await lockedPackages();
    const refused: string[] = [];
    for (const [location, entry] of packages) {
      const range = nodeRange(entry);
      if (range === undefined || PLATFORM_EXCEPTIONS[nameOf(location)]) continue;
      if (!semver.subset(promise, range)) {
        const pulledBy = dependents(packages, nameOf(location)).join(", ") || "package.json";
        refused.push(`${nameOf(location)}@${entry.version} needs Node ${range} (pulled in by ${pulledBy})`);
      }
    }
    assert.deepEqual(refused, [], `choose versions that support Node ${promise}, or change the promise in README.md and package.json`);
  });

  test("each platform exception is still needed, and still installed on its platform only", async () => {
    const promise = await promisedRange();
    const packages = await lockedPackages();
    for (const [name, exception] of Object.entries(PLATFORM_EXCEPTIONS)) {
      const entry = packages.get(`node_modules/${name}`);
      assert.ok(entry, `${name} is no longer locked: remove its exception`);
      assert.deepEqual([entry.os, entry.cpu], [[exception.os], [exception.cpu]], `${name} is no longer for ${exception.os}-${exception.cpu} only`);
      const range = nodeRange(entry);
      assert.ok(range && !semver.subset(promise, range), `${name}@${entry.version} now supports Node ${promise}: remove its exception (${exception.why})`);
    }
  });
});
