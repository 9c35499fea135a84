/**
 * check-dist: the committed dist/ is what `npm run package` makes of this
 * source (as actions/typescript-action checks in CI), since a `uses:` step
 * runs dist/, never the source.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { bundle, DIST, RUNNER_PLATFORMS, vendoredPackages } from "../../scripts/package-action.js";

const REBUILD = "run `npm run package` and commit dist/";

describe("check-dist: the committed action runtime matches the source", () => {
  test("dist/index.js is byte for byte the bundle of src/main.ts", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "asc-gitops-check-dist-"));
    try {
      await bundle(path.join(folder, "index.js"));
      const fresh = await readFile(path.join(folder, "index.js"));
      const committed = await readFile(path.join(DIST, "index.js")).catch(() => Buffer.alloc(0));
      assert.ok(fresh.equals(committed), `dist/index.js does not match the source (${committed.length} bytes committed, ${fresh.length} rebuilt): ${REBUILD}`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test("the bundle is the same every time it is built", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "asc-gitops-check-dist-"));
    try {
      await bundle(path.join(folder, "a.js"));
      await bundle(path.join(folder, "b.js"));
      assert.ok((await readFile(path.join(folder, "a.js"))).equals(await readFile(path.join(folder, "b.js"))));
      const text = await readFile(path.join(folder, "a.js"), "utf8");
      assert.ok(!text.includes(process.cwd()), "no path of the machine that built it");
      assert.doesNotMatch(text, /^\/\/ (\.\.\/|\/)/m, "every bundled module is named by its path inside the repository");
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test("dist/node_modules holds sharp, its dependencies and every runner's binaries at the locked versions", async () => {
    const expected = await vendoredPackages();
    const names = expected.map((item) => item.name);
    for (const platform of RUNNER_PLATFORMS) {
      assert.ok(names.includes(`@img/sharp-${platform}`), platform);
      assert.ok(names.includes(`@img/sharp-libvips-${platform}`), platform);
    }
    for (const item of expected) {
      const manifest = await readFile(path.join(DIST, "node_modules", ...item.name.split("/"), "package.json"), "utf8").catch(() => undefined);
      assert.ok(manifest, `dist/node_modules/${item.name} is missing: ${REBUILD}`);
      assert.equal((JSON.parse(manifest) as { version: string }).version, item.version, `dist/node_modules/${item.name} is not the version package-lock.json pins: ${REBUILD}`);
    }
    const present = [
      ...(await readdir(path.join(DIST, "node_modules"))).filter((name) => !name.startsWith("@") && !name.startsWith(".")),
      ...(await readdir(path.join(DIST, "node_modules", "@img"))).map((name) => `@img/${name}`),
    ].sort();
    assert.deepEqual(present, [...names].sort(), `dist/node_modules holds other packages than the vendored ones: ${REBUILD}`);
  });
});
