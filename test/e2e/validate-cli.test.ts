import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyOfExample, run } from "../helpers/cli.js";
import { IPHONE_69, makeImage } from "../helpers/fixture-repo.js";

async function edit(file: string, change: (text: string) => string): Promise<void> {
  await writeFile(file, change(await readFile(file, "utf8")));
}

describe("asc-gitops validate, run as a process", () => {
  let clean: string;
  let broken: string;
  before(async () => {
    clean = await copyOfExample();
    broken = await copyOfExample();
    const metadata = path.join(broken, "metadata");
    await edit(path.join(metadata, "ja.yml"), (text) => text.replace(/^keywords: \[/m, "keywords: [ボルダリング, クライミング, 登山, "));
    await edit(path.join(metadata, "en-US.yml"), (text) =>
      text.replace("name: Acme Fitness", "name: Acme Fitness — Workouts & Training").replace("subtitle:", "subtitel:"),
    );
    await edit(path.join(metadata, "de-DE.yml"), (text) =>
      text.replace("  - from: 2027-01-01\n    until: 2027-01-31", "  - from: 2027-01-31\n    until: 2027-01-01"),
    );
    await writeFile(path.join(metadata, "fr-FR.yml"), "name: Acme Fitness\nkeywords: [gym, yoga\n");
    const shots = path.join(broken, "screenshots");
    await writeFile(path.join(shots, "en-US/iphone-6.9/02-plan.png"), await makeImage({ width: 1290, height: 2795 }));
    await writeFile(path.join(shots, "en-US/iphone-6.9/03-progress.png"), await makeImage({ ...IPHONE_69, alpha: true }));
    const full = await readFile(path.join(shots, "de-DE/ipad-13/01-today.png"));
    await writeFile(path.join(shots, "de-DE/ipad-13/01-today.png"), full.subarray(0, full.length - 1000));
    await cp(path.join(shots, "de-DE/iphone-6.9"), path.join(shots, "de-DE/iphone-6.7"), { recursive: true });
  });
  after(async () => {
    await rm(clean, { recursive: true, force: true });
    await rm(broken, { recursive: true, force: true });
  });

  test("the example app validates clean and says what it checked", async () => {
    const result = await run(["validate"], clean);
    assert.equal(result.code, 0, result.stderr);
    const verdict = /^✓ 3 locale files \(de-DE, en-US, ja\), 4 screenshot sets with 10 images: 0 errors, 0 warnings, 0 notices \(\d+\.\d\d s\)\n$/;
    assert.match(result.stdout, verdict);
    assert.equal(result.stderr, "");
  });

  test("app previews in previews/ are checked too, and --previews names another folder that must exist", async () => {
    const withPreviews = await copyOfExample();
    try {
      await cp(path.join(process.cwd(), "previews"), path.join(withPreviews, "previews"), { recursive: true });
      const result = await run(["validate"], withPreviews);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /, 4 screenshot sets with 10 images, 1 preview set with 1 video: 0 errors, 0 warnings, 0 notices/);
      const video = path.join(withPreviews, "previews/en-US/iphone-6.9/01-intro.mp4");
      await writeFile(video, (await readFile(video)).subarray(0, 20_000));
      const cut = await run(["validate"], withPreviews);
      assert.equal(cut.code, 1);
      assert.match(cut.stderr, /^previews\/en-US\/iphone-6\.9\/01-intro\.mp4: is truncated: its last box \(mdat\) needs \d+ more bytes than the file holds; /m);
      const missing = await run(["validate", "--previews", "videos"], withPreviews);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /^videos: no such folder, and --previews names it/m);
    } finally {
      await rm(withPreviews, { recursive: true, force: true });
    }
  });

  test("a broken copy fails with one line per mistake, each naming file, line, column, rule and measure", async () => {
    const result = await run(["validate"], broken);
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split("\n");
    const expected = [
      /^metadata\/de-DE\.yml:29:12: rotations\[0\] ends on 2027-01-01, before it starts on 2027-01-31; until must be on or after from$/,
      /^metadata\/en-US\.yml:2:7: name is 34 characters; the App Store allows 30$/,
      /^metadata\/en-US\.yml:3:1: unknown key "subtitel"; did you mean "subtitle"\?$/,
      /^metadata\/fr-FR\.yml:2:11: YAML syntax error: the list opened here is never closed; add the closing \] \(YAML: deficient indentation\)$/,
      /^metadata\/ja\.yml:18:11: keywords is 113 characters; the App Store allows 100$/,
      /^screenshots\/de-DE\/ipad-13\/01-today\.png: is truncated: the PNG has no IEND chunk at its end \(\d+ bytes\); export it again$/,
      /^screenshots\/de-DE\/iphone-6\.7: "iphone-6\.7" is not a display type; did you mean iphone-6\.[0-9]\?$/,
      /^screenshots\/en-US\/iphone-6\.9\/02-plan\.png: is 1290x2795; iPhone 6\.9" screenshots \(APP_IPHONE_67\) must be one of /,
      /^screenshots\/en-US\/iphone-6\.9\/03-progress\.png: has an alpha channel; /,
    ];
    for (const pattern of expected)
      assert.ok(
        lines.some((line) => pattern.test(line)),
        `expected a line matching ${pattern}\n${result.stderr}`,
      );
    assert.match(lines.at(-1)!, /^✗ 3 locale files \(de-DE, en-US, ja\), 4 screenshot sets with 10 images: 9 errors, /);
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  });

  test("--json prints one document on stdout that a machine can read", async () => {
    const result = await run(["validate", "--json"], broken);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as {
      schemaVersion: number;
      valid: boolean;
      summary: { errors: number };
      diagnostics: { file: string; line?: number; column?: number; rule: string; severity: string }[];
    };
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.valid, false);
    assert.equal(report.summary.errors, 9);
    assert.ok(report.diagnostics.some((d) => d.file === "metadata/ja.yml" && d.line === 18 && d.column === 11 && d.rule === "keywords.length"));
  });

  test("--metadata and --screenshots point elsewhere; a missing folder is a clear error", async () => {
    const result = await run(["validate", "--metadata", path.join(clean, "metadata"), "--screenshots", path.join(clean, "screenshots")], tmpdir());
    assert.equal(result.code, 0, result.stderr);
    const missing = await run(["validate", "--metadata", "nowhere"], clean);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /^nowhere: no such folder, and --metadata names it: fix the path \(the metadata folder holds app\.yml and one <locale>\.yml per App Store locale\)$/m,
    );
    const empty = await mkdtemp(path.join(tmpdir(), "asc-gitops-empty-"));
    try {
      const none = await run(["validate"], empty);
      assert.equal(none.code, 1);
      assert.match(
        none.stderr,
        /^metadata: no metadata folder here: create it with app\.yml and one <locale>\.yml per App Store locale, or name yours with --metadata$/m,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  test("a --screenshots folder that does not exist is an error; the default screenshots folder may be absent", async () => {
    const typo = await run(["validate", "--screenshots", "screenshot"], clean);
    assert.equal(typo.code, 1);
    assert.match(
      typo.stderr,
      new RegExp(
        /^screenshot: no such folder, and --screenshots names it: fix the path, or create the folder /.source +
          /\(without --screenshots, an absent screenshots folder leaves every screenshot set unmanaged\)$/.source,
        "m",
      ),
    );
    const metadataOnly = await mkdtemp(path.join(tmpdir(), "asc-gitops-no-screenshots-"));
    try {
      await cp(path.join(clean, "metadata"), path.join(metadataOnly, "metadata"), { recursive: true });
      const result = await run(["validate"], metadataOnly);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /, 0 screenshot sets with 0 images: 0 errors/);
    } finally {
      await rm(metadataOnly, { recursive: true, force: true });
    }
  });

  test("--version prints the package's version", async () => {
    const { version } = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    const printed = await run(["--version"], clean);
    assert.equal(printed.code, 0);
    assert.equal(printed.stdout.trim(), `asc-gitops ${version}`);
  });

  test("a mistyped option or command gets a usage line, not a stack trace", async () => {
    const option = await run(["validate", "--metdata", "x"], clean);
    assert.equal(option.code, 1);
    assert.match(option.stderr, /^asc-gitops: unknown option "--metdata"; did you mean --metadata\?\nUsage: asc-gitops validate /);
    const command = await run(["valdate"], clean);
    assert.equal(command.code, 1);
    assert.match(command.stderr, /unknown command "valdate"; did you mean validate\?/);
  });
});
