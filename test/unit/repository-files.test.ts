import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { IPHONE_69, makeImage, makeRepo, type FixtureRepo } from "../helpers/fixture-repo.js";

/** A file outside every test repository, shaped like something worth stealing. */
let outside: string;
before(async () => {
  outside = await mkdtemp(path.join(tmpdir(), "asc-gitops-outside-"));
  await writeFile(path.join(outside, "credentials.yml"), "aws_secret_access_key: wJalrXUtnFEMI\naws_access_key_id: AKIAEXAMPLE\n");
});
after(() => rm(outside, { recursive: true, force: true }));

async function withRepo(check: (repo: FixtureRepo) => Promise<void>): Promise<void> {
  const repo = await makeRepo({ metadata: { "en-US.yml": "name: Acme\n" } });
  try {
    await check(repo);
  } finally {
    await repo.cleanup();
  }
}

describe("every file read from the repository stays inside it, is a regular file and is capped", () => {
  test("a locale file that links to a file outside the repository is refused by its path; its keys are never shown", async () => {
    await withRepo(async (repo) => {
      await symlink(path.join(outside, "credentials.yml"), path.join(repo.metadataDir, "de-DE.yml"));
      const lines = await repo.lines();
      assert.deepEqual(lines, ["metadata/de-DE.yml: is a symbolic link to a file outside the repository; copy the metadata file into the repository instead"]);
      assert.doesNotMatch(lines.join("\n"), /aws|AKIA|wJalr/);
    });
  });

  test("app.yml linking outside is refused the same way", async () => {
    await withRepo(async (repo) => {
      await rm(path.join(repo.metadataDir, "app.yml"));
      await symlink(path.join(outside, "credentials.yml"), path.join(repo.metadataDir, "app.yml"));
      const lines = await repo.lines();
      assert.deepEqual(lines, ["metadata/app.yml: is a symbolic link to a file outside the repository; copy the metadata file into the repository instead"]);
    });
  });

  test("a metadata folder that is itself a link out of the repository reads nothing from there", async () => {
    const repo = await makeRepo({ app: null });
    try {
      await rm(repo.metadataDir, { recursive: true });
      await writeFile(path.join(outside, "app.yml"), "app:\n  bundleId: com.acme.fitness\n");
      await writeFile(path.join(outside, "en-US.yml"), "aws_secret_access_key: wJalrXUtnFEMI\n");
      await symlink(outside, repo.metadataDir);
      const lines = await repo.lines();
      assert.ok(
        lines.includes(
          "metadata/en-US.yml: lies outside the repository (a folder on its path is a symbolic link that leaves it); " +
            "copy the metadata file into the repository instead",
        ),
        lines.join("\n"),
      );
      assert.doesNotMatch(lines.join("\n"), /aws|wJalr/);
    } finally {
      await rm(path.join(outside, "app.yml"), { force: true });
      await rm(path.join(outside, "en-US.yml"), { force: true });
      await repo.cleanup();
    }
  });

  test("a link to /dev/zero fails at once, as a locale file and as a screenshot", { timeout: 20_000 }, async () => {
    await withRepo(async (repo) => {
      await symlink("/dev/zero", path.join(repo.metadataDir, "de-DE.yml"));
      await mkdir(path.join(repo.screenshotsDir, "en-US/iphone-6.9"), { recursive: true });
      await symlink("/dev/zero", path.join(repo.screenshotsDir, "en-US/iphone-6.9/01.png"));
      assert.deepEqual(await repo.lines(), [
        "metadata/de-DE.yml: is a symbolic link to a file outside the repository; copy the metadata file into the repository instead",
        "screenshots/en-US/iphone-6.9/01.png: is a symbolic link to a file outside the repository; copy the screenshot into the repository instead",
      ]);
    });
  });

  test("a named pipe (FIFO) is refused without being opened, named directly or through a link inside the repository", { timeout: 20_000 }, async () => {
    await withRepo(async (repo) => {
      execFileSync("mkfifo", [path.join(repo.metadataDir, "de-DE.yml"), path.join(repo.root, "pipe")]);
      await symlink(path.join(repo.root, "pipe"), path.join(repo.metadataDir, "fr-FR.yml"));
      await mkdir(path.join(repo.screenshotsDir, "en-US/iphone-6.9"), { recursive: true });
      await symlink(path.join(repo.root, "pipe"), path.join(repo.screenshotsDir, "en-US/iphone-6.9/01.png"));
      assert.deepEqual(await repo.lines(), [
        "metadata/de-DE.yml: is a named pipe (FIFO), not a regular file; a metadata file must be a file in the repository",
        "metadata/fr-FR.yml: is a named pipe (FIFO), not a regular file; a metadata file must be a file in the repository",
        "screenshots/en-US/iphone-6.9/01.png: is a named pipe (FIFO), not a regular file; a screenshot must be a file in the repository",
      ]);
    });
  });

  test("a locale file over 256 KB is refused by its size, before it is parsed", async () => {
    await withRepo(async (repo) => {
      // Valid YAML all the way through, so that only the size can refuse it.
      await repo.write("metadata/de-DE.yml", `name: Acme\n${"# padding\n".repeat(27_000)}`);
      assert.deepEqual(await repo.lines(), ["metadata/de-DE.yml: is 264 KB; a metadata file may be at most 256 KB"]);
      await repo.write("metadata/de-DE.yml", `name: Acme\n${"# padding\n".repeat(26_000)}`);
      assert.deepEqual(await repo.lines(), []);
    });
  });

  test("a screenshot over 64 MB is refused by its size without being read", async () => {
    await withRepo(async (repo) => {
      const png = await makeImage(IPHONE_69);
      const file = await repo.write("screenshots/en-US/iphone-6.9/01.png", png);
      // A sparse file: 65 MB long, almost nothing on disk.
      execFileSync("truncate", ["-s", String(65 * 1024 * 1024), file]);
      assert.deepEqual(await repo.lines(), ["screenshots/en-US/iphone-6.9/01.png: is 65 MB; a screenshot may be at most 64 MB"]);
    });
  });

  test("the pull lock may not link out of the repository either", async () => {
    await withRepo(async (repo) => {
      await mkdir(repo.screenshotsDir, { recursive: true });
      await symlink(path.join(outside, "credentials.yml"), path.join(repo.screenshotsDir, ".asc-gitops.lock"));
      const lines = await repo.lines();
      assert.deepEqual(lines, [
        "screenshots/.asc-gitops.lock: is a symbolic link to a file outside the repository; copy the lock file into the repository instead",
      ]);
    });
  });

  test("links that stay inside the repository are followed", async () => {
    await withRepo(async (repo) => {
      await repo.write("shared/de.yml", "name: Acme Fitness\n");
      await symlink(path.join(repo.root, "shared/de.yml"), path.join(repo.metadataDir, "de-DE.yml"));
      const result = await repo.validate();
      assert.deepEqual(result.diagnostics, []);
      assert.equal(result.files.locales.find((file) => file.locale === "de-DE")?.fields.name, "Acme Fitness");
    });
  });
});

describe("screenshot folders are real folders", () => {
  test("a locale or display-type folder that is a symbolic link is refused as such", async () => {
    await withRepo(async (repo) => {
      await repo.write("screenshots/en-US/iphone-6.9/01.png", await makeImage(IPHONE_69));
      await symlink(outside, path.join(repo.screenshotsDir, "de-DE"));
      await symlink(path.join(repo.screenshotsDir, "en-US/iphone-6.9"), path.join(repo.screenshotsDir, "en-US/ipad-13"));
      assert.deepEqual(await repo.lines(), [
        "screenshots/de-DE: is a symbolic link; screenshot folders must be real folders in the repository (files in them may link inside it)",
        "screenshots/en-US/ipad-13: is a symbolic link; screenshot folders must be real folders in the repository (files in them may link inside it)",
      ]);
    });
  });
});
