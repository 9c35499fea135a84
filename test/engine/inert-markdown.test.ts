/**
 * Text from the repository (and from App Store Connect) renders inert in the
 * PR comment, the job summary and the drift issue (DESIGN.md §20): a fork's
 * pull request cannot put a tracking image, a link, HTML or an @mention into
 * a comment the bot posts.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { diff } from "../../src/engine/diff.js";
import { inertMarkdown } from "../../src/engine/render/inert-markdown.js";
import { renderMarkdown } from "../../src/engine/render/markdown.js";
import { validationMarkdown } from "../../src/report/markdown/validation.js";
import { liveConstructs } from "../helpers/live-markdown.js";
import { desiredState, liveFromDesired, shot } from "../helpers/states.js";

const TODAY = "2026-11-24";

/** What a hostile pull request writes: each would be live Markdown if it came through. */
const HOSTILE = [
  "![x](https://tracker.example/p.png)",
  '<img src="https://tracker.example/q.png">',
  "[link](https://phish.example)",
  "@octocat",
  "<details open><summary>pwned</summary>",
  "#1",
  "https://bare.example/x",
  "www.bare.example",
  "`code` **bold** _it_ ~~gone~~ $x^2$",
  "| a | b |",
  "<!-- hidden -->",
];
const TEXT = HOSTILE.join(" ");

describe("repository text renders inert in Markdown", () => {
  test("the check finds each hostile construct when it is left raw", () => {
    const found = liveConstructs(TEXT);
    for (const expected of [
      "![x]",
      "<img",
      "[link](https://phish.example",
      "@octocat",
      "<details open>",
      "#1",
      "https://bare.example/x",
      "www.bare.example",
      "<!--",
    ])
      assert.ok(
        found.some((item) => item.startsWith(expected)),
        `${expected} is found in ${JSON.stringify(found)}`,
      );
  });

  test("escaped, none of it is live, and it reads the same once rendered", () => {
    const escaped = inertMarkdown(TEXT);
    assert.deepEqual(liveConstructs(escaped), []);
    assert.doesNotMatch(escaped, /[<>[\]`|*~$]|\]\(|:\/\//, "no Markdown or HTML punctuation is left raw");
    // What a reader sees: the references decoded, the zero-width breaks invisible.
    const decoded = escaped
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&")
      .replace(/\u200b/g, "");
    assert.equal(decoded, TEXT);
  });

  test("line breaks (LF, CR, CRLF) cannot start a new block, and control characters are shown", () => {
    assert.equal(inertMarkdown("a\r# heading\nb\r\n<img>\u001b"), "a &#35; heading b &lt;img&gt;&#92;u001b");
    assert.equal(inertMarkdown("a\nb", { lineBreak: "<br>" }), "a<br>b");
  });

  test("the plan's comment shows hostile values, file names and locales as text", () => {
    const desired = desiredState(
      {
        "en-US": {
          appInfo: { name: "Acme Fitness", subtitle: HOSTILE[0]! },
          version: { description: `Long text\n${TEXT}`, keywords: "gym,@octocat,[link](x)", promotionalText: HOSTILE[1]!, whatsNew: HOSTILE[4]! },
        },
      },
      [{ locale: "en-US", displayType: "APP_IPHONE_67", shots: [shot("01-<img src=x> @octocat [link](x).png")] }],
    );
    const live = liveFromDesired(desiredState({ "en-US": { appInfo: { name: "Acme" }, version: { description: "Old", keywords: "gym" } } }), TODAY);
    const plan = diff(desired, live, { today: TODAY });
    const markdown = renderMarkdown(plan, { marker: "<!-- asc-gitops:metadata -->" });
    assert.deepEqual(liveConstructs(markdown), []);
    assert.match(markdown, /@\u200boctocat/, "the mention is there, broken");
  });

  test("a validation error quoting a hostile key is text in the comment", () => {
    const markdown = validationMarkdown({
      heading: "asc-gitops plan",
      diagnostics: [{ severity: "error", rule: "schema.unknown", file: "metadata/en-US.yml", line: 3, column: 1, message: `unknown key "${TEXT}"` }],
      footer: { metadataPath: "metadata", runUrl: "https://github.example/acme/fitness/actions/runs/1" },
      target: "comment",
    });
    assert.deepEqual(liveConstructs(markdown, { ownLinks: ["https://github.example/acme/fitness/actions/runs/1"] }), []);
  });
});
