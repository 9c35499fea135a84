import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { formatDiagnostic } from "../../src/contracts/diagnostics.js";
import { IPHONE_69, makeImage, makeRepo, type FixtureRepo } from "../helpers/fixture-repo.js";

/** Characters that steer a log, a terminal or a reader. */
const NEWLINE_NAME = "04-x\n::error title=injected::owned\n.png";

async function withRepo(check: (repo: FixtureRepo) => Promise<void>): Promise<void> {
  const repo = await makeRepo({ metadata: { "en-US.yml": "name: Acme\n" }, screenshots: { "en-US/iphone-6.9/01.png": IPHONE_69 } });
  try {
    await check(repo);
  } finally {
    await repo.cleanup();
  }
}

/** What validation prints, joined: it must hold no raw control or bidi character. */
function assertPrintable(lines: string[]): void {
  const text = lines.join("\n");
  assert.doesNotMatch(text.replace(/\n/g, ""), /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f]/u);
}

describe("file and folder names with control or bidi characters are refused, shown escaped", () => {
  test("a screenshot named with newlines that would forge workflow commands is refused, its name escaped", async () => {
    await withRepo(async (repo) => {
      await repo.write(`screenshots/en-US/iphone-6.9/${NEWLINE_NAME}`, await makeImage({ ...IPHONE_69, shade: 4 }));
      const lines = await repo.lines();
      assert.deepEqual(lines, [
        "screenshots/en-US/iphone-6.9/04-x\\n::error title=injected::owned\\n.png: the file name holds a newline (U+000A); rename the file",
      ]);
      assertPrintable(lines);
      // The refused file is not part of the set.
      const result = await repo.validate();
      assert.deepEqual(
        result.files.screenshotFolders[0]!.screenshots.map((shot) => shot.fileName),
        ["01.png"],
      );
    });
  });

  test("ESC, BEL and a right-to-left override in folder and file names, at every depth", async () => {
    await withRepo(async (repo) => {
      await mkdir(path.join(repo.screenshotsDir, "en-US", "ipad-13\u001b[31m"), { recursive: true });
      await mkdir(path.join(repo.screenshotsDir, "de\u0007DE"), { recursive: true });
      await repo.write("screenshots/en-US/iphone-6.9/02-\u202egnp.exe", await makeImage({ ...IPHONE_69, shade: 5 }));
      await repo.write("metadata/fr\u2066-FR.yml", "name: Acme\n");
      const lines = await repo.lines();
      assert.deepEqual(lines, [
        "metadata/fr\\u2066-FR.yml: the file name holds a left-to-right isolate (U+2066); rename the file",
        "screenshots/de\\u0007DE: the folder name holds a bell character (U+0007); rename the folder",
        "screenshots/en-US/ipad-13\\u001b[31m: the folder name holds an escape character (U+001B); rename the folder",
        "screenshots/en-US/iphone-6.9/02-\\u202egnp.exe: the file name holds a right-to-left override (U+202E); rename the file",
      ]);
      assertPrintable(lines);
    });
  });

  test("a metadata file named with a newline is refused, not read", async () => {
    await withRepo(async (repo) => {
      await repo.write("metadata/de-DE\n::stop-commands::x.yml", "name: Acme\n");
      const lines = await repo.lines();
      assert.deepEqual(lines, ["metadata/de-DE\\n::stop-commands::x.yml: the file name holds a newline (U+000A); rename the file"]);
    });
  });

  test("the JSON document carries the name exactly, escaped as JSON escapes it, and the line shows it escaped", async () => {
    await withRepo(async (repo) => {
      await repo.write(`screenshots/en-US/iphone-6.9/${NEWLINE_NAME}`, await makeImage({ ...IPHONE_69, shade: 4 }));
      const result = await repo.validate();
      assert.equal(result.diagnostics.length, 1);
      const document = JSON.stringify(result.diagnostics);
      assert.ok(!document.includes("\n"));
      assert.ok((JSON.parse(document) as { file: string }[])[0]!.file.endsWith(NEWLINE_NAME));
      assert.ok(!formatDiagnostic(result.diagnostics[0]!).includes("\n"));
    });
  });
});
