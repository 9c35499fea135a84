/**
 * check-dist: the committed dist/ is what `npm run package` makes of this
 * source (as actions/typescript-action checks in CI), since a `uses:` step
 * runs dist/, never the source; and the vendored native code is, byte for
 * byte, what the tarballs package-lock.json pins hold (scripts/vendor-manifest.ts).
 */
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { bundle, DIST, RUNNER_PLATFORMS, vendoredPackages } from "../../scripts/package-action.js";
import { cachedTarball, MANIFEST_FILE, readManifest, renderManifest, tarballFileHashes, verifyVendored } from "../../scripts/vendor-manifest.js";

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
      assert.equal(
        (JSON.parse(manifest) as { version: string }).version,
        item.version,
        `dist/node_modules/${item.name} is not the version package-lock.json pins: ${REBUILD}`,
      );
    }
    const present = [
      ...(await readdir(path.join(DIST, "node_modules"))).filter((name) => !name.startsWith("@") && !name.startsWith(".")),
      ...(await readdir(path.join(DIST, "node_modules", "@img"))).map((name) => `@img/${name}`),
    ].sort();
    assert.deepEqual(present, [...names].sort(), `dist/node_modules holds other packages than the vendored ones: ${REBUILD}`);
  });

  test("every vendored file is the one the lockfile-checked tarball held: nothing changed, missing or added", async (context) => {
    const result = await verifyVendored(DIST, await vendoredPackages());
    assert.deepEqual(result.problems, [], REBUILD);
    context.diagnostic(`derived again from the npm cache's locked tarballs: ${result.checkedAgainstTarball.join(", ") || "none cached"}`);
  });

  test("a flipped byte in a vendored binary or script, or a file added, fails the check naming the file", async () => {
    const copy = await mkdtemp(path.join(tmpdir(), "asc-gitops-tampered-dist-"));
    try {
      await cp(path.join(DIST, "node_modules"), path.join(copy, "node_modules"), { recursive: true });
      await cp(path.join(DIST, MANIFEST_FILE), path.join(copy, MANIFEST_FILE));
      const binary = path.join(copy, "node_modules", "@img", "sharp-linux-x64", "lib");
      const [native] = (await readdir(binary)).filter((name) => name.endsWith(".node"));
      const flip = async (file: string, at: number) => {
        const bytes = await readFile(file);
        bytes[at] = bytes[at]! ^ 0x01;
        await writeFile(file, bytes);
      };
      await flip(path.join(binary, native!), 4096);
      await flip(path.join(copy, "node_modules", "sharp", "dist", "index.cjs"), 10);
      await writeFile(path.join(copy, "node_modules", "sharp", "dist", "extra.cjs"), "module.exports = 1;\n");
      const { problems } = await verifyVendored(copy, await vendoredPackages(), { cacheDir: path.join(copy, "no-cache") });
      assert.deepEqual(problems.sort(), [
        `dist/node_modules/@img/sharp-linux-x64/lib/${native} differs from the hash npm run package took from the locked tarball (dist/${MANIFEST_FILE})`,
        `dist/node_modules/sharp/dist/extra.cjs is not in the hash npm run package took from the locked tarball (dist/${MANIFEST_FILE})`,
        `dist/node_modules/sharp/dist/index.cjs differs from the hash npm run package took from the locked tarball (dist/${MANIFEST_FILE})`,
      ]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  test("a manifest edited to match a changed file is caught by the locked tarball in the npm cache", async (context) => {
    const sharp = (await vendoredPackages()).find((item) => item.name === "sharp")!;
    const tarball = await cachedTarball(sharp.integrity!);
    if (!tarball) return context.skip(`the npm cache does not hold sharp@${sharp.version}'s tarball (npm ci puts it there)`);
    assert.deepEqual(
      tarballFileHashes(tarball),
      (await readManifest(DIST))!.packages.find((item) => item.name === "sharp")!.files,
      "the manifest is the tarball's",
    );
    const copy = await mkdtemp(path.join(tmpdir(), "asc-gitops-tampered-dist-"));
    try {
      await cp(path.join(DIST, "node_modules", "sharp"), path.join(copy, "node_modules", "sharp"), { recursive: true });
      const file = path.join(copy, "node_modules", "sharp", "dist", "index.cjs");
      await writeFile(file, `${await readFile(file, "utf8")}\n// changed\n`);
      const manifest = (await readManifest(DIST))!;
      const entry = manifest.packages.find((item) => item.name === "sharp")!;
      const forged = [{ ...entry, files: { ...entry.files, "dist/index.cjs": createHash("sha256").update(readFileSync(file)).digest("hex") } }];
      await writeFile(path.join(copy, MANIFEST_FILE), renderManifest(forged));
      const { problems, checkedAgainstTarball } = await verifyVendored(copy, [sharp]);
      assert.deepEqual(checkedAgainstTarball, ["sharp"]);
      assert.deepEqual(problems, [`dist/${MANIFEST_FILE}'s hash of dist/node_modules/sharp/dist/index.cjs is not that of the locked tarball's file`]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
