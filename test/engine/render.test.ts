import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { diff } from "../../src/engine/diff.js";
import type { Plan } from "../../src/engine/plan/plan.js";
import { renderJson } from "../../src/engine/render/json.js";
import { fence, GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../src/engine/render/markdown.js";
import { renderText } from "../../src/engine/render/text.js";
import { desiredState, liveFromDesired, shot } from "../helpers/states.js";

const TODAY = "2026-11-24";
const IPHONE = "APP_IPHONE_67";

function smallPlan(): Plan {
  const desired = desiredState(
    { "en-US": { appInfo: { name: "Acme Fitness", subtitle: "Workouts | that stick" }, version: { description: "Line one\nLine two\n```js\ncode\n```", keywords: "gym,yoga,running" } } },
    [{ locale: "en-US", displayType: IPHONE, shots: [shot("1.png"), shot("2.png")] }],
  );
  const live = liveFromDesired(
    desiredState({ "en-US": { appInfo: { name: "Acme", subtitle: "Old" }, version: { description: "Line one\nLine 2", keywords: "gym,pilates" } } }, [{ locale: "en-US", displayType: IPHONE, shots: [shot("2.png"), shot("old.png")] }]),
    TODAY,
  );
  return diff(desired, live, { today: TODAY });
}

/** Many locales with long descriptions: a plan far larger than one comment can hold. */
function hugePlan(): Plan {
  const locales = ["en-US", "de-DE", "ja", "fr-FR", "es-ES", "it", "ko", "pt-BR", "nl-NL", "sv", "da", "fi", "no", "pl", "tr", "ru", "uk", "cs", "hu", "ro", "el", "he", "ar-SA", "th", "vi", "id", "ms", "hi", "zh-Hans", "zh-Hant", "ca", "hr", "sk", "en-GB", "en-AU", "en-CA", "fr-CA", "es-MX", "pt-PT"];
  const long = (seed: string) => Array.from({ length: 60 }, (_, i) => `${seed} line ${i} ${"word ".repeat(10)}`).join("\n");
  const desired = desiredState(Object.fromEntries(locales.map((locale) => [locale, { version: { description: long("new") } }])), locales.map((locale) => ({ locale, displayType: IPHONE, shots: Array.from({ length: 10 }, (_, i) => shot(`${i}.png`, `${locale}-${i}`)) })));
  const live = liveFromDesired(desiredState(Object.fromEntries(locales.map((locale) => [locale, { version: { description: long("old") } }]))), TODAY);
  return diff(desired, live, { today: TODAY });
}

function assertValidMarkdown(markdown: string): void {
  assert.equal((markdown.match(/<details>/g) ?? []).length, (markdown.match(/<\/details>/g) ?? []).length, "every <details> is closed");
  const fences = markdown.split("\n").filter((line) => /^`{3,}/.test(line));
  assert.equal(fences.length % 2, 0, "every fence is closed");
}

describe("rendering the plan", () => {
  test("Markdown: summary, marker, tables, keyword budget and a diff fenced safely around backticks", () => {
    const markdown = renderMarkdown(smallPlan(), { marker: "<!-- asc-gitops:plan metadata -->" });
    assert.ok(markdown.startsWith("<!-- asc-gitops:plan metadata -->\n### asc-gitops plan · Acme Fitness\n"));
    assert.match(markdown, /\*\*\d+ changes in 1 locale: .*fields to update.*\*\*/);
    assert.match(markdown, /\| `subtitle` \| <code>Old<\/code> \| <code>Workouts &#124; that stick<\/code> \|/);
    assert.match(markdown, /\*\*`keywords`\*\* \(16\/100\): added <code>yoga<\/code>, <code>running<\/code>; removed <code>pilates<\/code>/);
    assert.match(markdown, /\n````diff\n Line one\n-Line 2\n\+Line two\n\+```js\n\+code\n\+```\n````\n/);
    assert.match(markdown, /\| iphone-6\.9 \| 1 \| 1\.png \| 1000 B \| upload \|/);
    assertValidMarkdown(markdown);
  });

  test("Markdown of a huge plan stays under GitHub's limit, valid, and says where the rest is", () => {
    const plan = hugePlan();
    const full = renderMarkdown(plan, { maxLength: 10_000_000 });
    assert.ok(full.length > GITHUB_COMMENT_LIMIT, `the unfolded plan is ${full.length} characters`);
    const compact = renderMarkdown(plan, { marker: "<!-- m -->", fullPlanHint: "the job summary and the plan-json artifact" });
    assert.ok(compact.length <= GITHUB_COMMENT_LIMIT, `${compact.length} characters`);
    assertValidMarkdown(compact);
    assert.match(compact, /… \d+ more lines in the plan JSON/, "long diffs are shortened first");
    const folded = renderMarkdown(plan, { marker: "<!-- m -->", fullPlanHint: "the job summary and the plan-json artifact", maxLength: 20_000 });
    assert.ok(folded.length <= 20_000, `${folded.length} characters`);
    assertValidMarkdown(folded);
    assert.match(folded, /more locales \(\d+ changes\) did not fit in this comment: the job summary and the plan-json artifact\./);
  });

  test("a fence is longer than any run of backticks in its text", () => {
    assert.equal(fence("diff", ["a ````` b"]), "``````diff\na ````` b\n``````");
    assert.equal(fence("", ["plain"]), "```\nplain\n```");
  });

  test("terminal text: counts first, then locales; colour only when asked", () => {
    const text = renderText(smallPlan(), { color: false });
    const lines = text.split("\n");
    assert.match(lines[0]!, /^Plan: Acme Fitness \(com\.acme\.fitness\) · IOS version 2\.4\.0 \(PREPARE_FOR_SUBMISSION\)/);
    assert.match(lines[1]!, /^\d+ changes in 1 locale: /);
    assert.ok(lines.includes("en-US"));
    assert.ok(text.includes('  ~ name: "Acme" → "Acme Fitness"'));
    assert.ok(!text.includes("\u001b["));
    assert.ok(renderText(smallPlan(), { color: true }).includes("\u001b[32m"));
  });

  test("no changes says so", () => {
    const desired = desiredState({ "en-US": { version: { description: "Same text." } } });
    const plan = diff(desired, liveFromDesired(desired, TODAY), { today: TODAY });
    assert.match(renderText(plan, { color: false }), /\nNo changes: App Store Connect matches the repository\./);
    assert.match(renderMarkdown(plan), /\*\*No changes: App Store Connect matches the repository\.\*\*/);
  });

  test("JSON is versioned and byte-identical for identical inputs", () => {
    const desired = desiredState({ "en-US": { version: { description: "New text." } }, ja: { appInfo: { name: "Acme" } } }, [{ locale: "en-US", displayType: IPHONE, shots: [shot("1.png")] }]);
    const live = liveFromDesired(desiredState({ "en-US": { version: { description: "Old text." } } }), TODAY);
    const first = renderJson(diff(desired, live, { today: TODAY }));
    assert.equal(first, renderJson(diff(structuredClone(desired), structuredClone(live), { today: TODAY })));
    const parsed = JSON.parse(first) as Plan;
    assert.equal(parsed.schemaVersion, 1);
    for (const change of parsed.changes) assert.ok(change.kind && change.locale);
  });
});
