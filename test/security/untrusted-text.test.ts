/**
 * DESIGN.md §20: untrusted text (file names, YAML keys and values, Apple's
 * answers) never reaches a terminal or the GitHub runner's log raw. Control
 * characters are shown (`\n`, `\u001b`), and no line can pass for a workflow
 * command (`::error …`, `::stop-commands::`, the legacy `##[…]`). The command
 * line runs as a user runs it (bin/asc-gitops.js) on a repository whose names
 * were written to attack the log.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { escapeControls, isUnsafeInName, logSafe } from "../../src/util/control-characters.js";
import { styled } from "../../src/util/styles.js";
import { copyOfExample, removeFolder, run } from "../helpers/cli.js";

/** What the runner would take for a command: `::name` at a line's start (after spaces), or `##[` anywhere. */
const COMMAND_LINE = /^\s*::[\w-]+|##\[/m;
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const FORGED_KEY = "x\u001b]0;pwned\u0007\n::stop-commands::pause\r::error title=injected::forged\u202e ##[warning]old style";
const FORGED_FILE = "04-x\n::error title=injected::forged\n\u001b[2J.png";

describe("control characters and workflow commands in untrusted text", () => {
  test("one value on one line: line breaks, escapes, bidi overrides shown", () => {
    assert.equal(escapeControls(FORGED_FILE), "04-x\\n::error title=injected::forged\\n\\u001b[2J.png");
    assert.equal(escapeControls("name\u202egnp.exe\u0000\t"), "name\\u202egnp.exe\\u0000\\t");
    assert.equal(escapeControls("Grüße, 日本語, emoji 👩‍💻"), "Grüße, 日本語, emoji 👩‍💻", "text is left alone");
  });

  test("one set of characters: what a name may not hold is what every printed text shows escaped, and the byte order mark too", () => {
    for (let code = 0; code <= 0xffff; code++) {
      const character = String.fromCharCode(code);
      assert.equal(escapeControls(character) !== character, isUnsafeInName(code) || code === 0xfeff, `U+${code.toString(16)}`);
    }
  });

  test("a block of lines: its own line breaks kept, no line a workflow command, and JSON stays JSON", () => {
    const block = logSafe(`plan\n  ::error::forged\n::stop-commands::t\nsay ##[error]old\r::warning::x\n${FORGED_KEY}`);
    assert.doesNotMatch(block, COMMAND_LINE);
    assert.doesNotMatch(block, RAW_CONTROL);
    assert.equal(block.split("\n")[0], "plan");
    const document = { key: FORGED_KEY, bidi: "\u202e\u2028\u0085" };
    const printed = logSafe(JSON.stringify(document, null, 2));
    assert.doesNotMatch(printed, RAW_CONTROL);
    assert.deepEqual(JSON.parse(printed), document, "the escapes are JSON's own: the document means the same");
  });

  test("only the colour codes the command line writes pass to a terminal", () => {
    const coloured = logSafe("\u001b[31mred\u001b[39m \u001b]8;;https://x.example\u0007link\u001b[2J", { colour: true });
    assert.equal(coloured, "\u001b[31mred\u001b[39m \\u001b]8;;https://x.example\\u0007link\\u001b[2J");
    assert.equal(logSafe("\u001b[31mred\u001b[39m"), "\\u001b[31mred\\u001b[39m", "without colour, none");
    const plan = `${styled("bold", "Plan: 2.5.0")}\n${styled("green", "+ upload")} ${styled("dim", "metadata/en-US.yml:3:1")}`;
    assert.equal(logSafe(plan, { colour: true }), plan, "every style the plan's text uses reaches the terminal as a style");
    assert.equal(logSafe("\u001b[4munderline\u001b[24m", { colour: true }), "\\u001b[4munderline\\u001b[24m", "a style the program never writes is shown");
  });
});

describe("the command line on a repository with hostile names", () => {
  let repo: string;

  before(async () => {
    repo = await copyOfExample("asc-gitops-hostile-names-");
    const en = path.join(repo, "metadata", "en-US.yml");
    await writeFile(en, `${await readFile(en, "utf8")}${JSON.stringify(FORGED_KEY)}: 1\n`);
    await writeFile(path.join(repo, "screenshots", "en-US", "iphone-6.9", FORGED_FILE), "");
  });
  after(() => removeFolder(repo));

  test("validate names the key and the file on one line each, showing their control characters", async () => {
    const result = await run(["validate"], repo);
    assert.equal(result.code, 1, result.stderr);
    for (const output of [result.stdout, result.stderr]) {
      assert.doesNotMatch(output, COMMAND_LINE);
      assert.doesNotMatch(output, RAW_CONTROL);
    }
    const lines = result.stderr.split("\n");
    assert.ok(
      lines.some((line) => line.startsWith("metadata/en-US.yml:") && line.includes("x\\u001b]0;pwned\\u0007\\n::stop-commands::pause\\r::error")),
      result.stderr,
    );
    assert.ok(
      lines.some((line) => line.startsWith("screenshots/en-US/iphone-6.9/04-x\\n::error title=injected::forged\\n\\u001b[2J.png")),
      result.stderr,
    );
  });

  test("validate --json prints a document that holds the names exactly, with no raw control character", async () => {
    const result = await run(["validate", "--json"], repo);
    assert.equal(result.code, 1, result.stderr);
    assert.doesNotMatch(result.stdout, RAW_CONTROL);
    assert.doesNotMatch(result.stdout, COMMAND_LINE);
    const document = JSON.parse(result.stdout) as { diagnostics: { file: string; message: string }[] };
    assert.ok(
      document.diagnostics.some((diagnostic) => diagnostic.message.includes(FORGED_KEY)),
      "the key as written",
    );
    assert.ok(
      document.diagnostics.some((diagnostic) => diagnostic.file.endsWith(FORGED_FILE)),
      "the file as named",
    );
  });
});
