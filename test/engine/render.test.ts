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
    {
      "en-US": {
        appInfo: { name: "Acme Fitness", subtitle: "Workouts | that stick" },
        version: { description: "Line one\nLine two\n```js\ncode\n```", keywords: "gym,yoga,running" },
      },
    },
    [{ locale: "en-US", displayType: IPHONE, shots: [shot("1.png"), shot("2.png")] }],
  );
  const live = liveFromDesired(
    desiredState({ "en-US": { appInfo: { name: "Acme", subtitle: "Old" }, version: { description: "Line one\nLine 2", keywords: "gym,pilates" } } }, [
      { locale: "en-US", displayType: IPHONE, shots: [shot("2.png"), shot("old.png")] },
    ]),
    TODAY,
  );
  return diff(desired, live, { today: TODAY });
}

/** Many locales with long descriptions: a plan far larger than one comment can hold. */
function hugePlan(): Plan {
  const locales = [
    "en-US",
    "de-DE",
    "ja",
    "fr-FR",
    "es-ES",
    "it",
    "ko",
    "pt-BR",
    "nl-NL",
    "sv",
    "da",
    "fi",
    "no",
    "pl",
    "tr",
    "ru",
    "uk",
    "cs",
    "hu",
    "ro",
    "el",
    "he",
    "ar-SA",
    "th",
    "vi",
    "id",
    "ms",
    "hi",
    "zh-Hans",
    "zh-Hant",
    "ca",
    "hr",
    "sk",
    "en-GB",
    "en-AU",
    "en-CA",
    "fr-CA",
    "es-MX",
    "pt-PT",
  ];
  const long = (seed: string) => Array.from({ length: 60 }, (_, i) => `${seed} line ${i} ${"word ".repeat(10)}`).join("\n");
  const desired = desiredState(
    Object.fromEntries(locales.map((locale) => [locale, { version: { description: long("new") } }])),
    locales.map((locale) => ({ locale, displayType: IPHONE, shots: Array.from({ length: 10 }, (_, i) => shot(`${i}.png`, `${locale}-${i}`)) })),
  );
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
    const desired = desiredState({ "en-US": { version: { description: "New text." } }, ja: { appInfo: { name: "Acme" } } }, [
      { locale: "en-US", displayType: IPHONE, shots: [shot("1.png")] },
    ]);
    const live = liveFromDesired(desiredState({ "en-US": { version: { description: "Old text." } } }), TODAY);
    const first = renderJson(diff(desired, live, { today: TODAY }));
    assert.equal(first, renderJson(diff(structuredClone(desired), structuredClone(live), { today: TODAY })));
    const parsed = JSON.parse(first) as Plan;
    assert.equal(parsed.schemaVersion, 1);
    for (const change of parsed.changes) assert.ok(change.kind && change.locale);
  });

  test("counts say what a user means: one new locale is one locale, with what it creates; one screenshot is one screenshot", () => {
    const live = liveFromDesired(
      desiredState({ "en-US": { appInfo: { name: "Acme" }, version: { description: "Same." } } }, [
        { locale: "en-US", displayType: IPHONE, shots: [shot("1.png")] },
      ]),
      TODAY,
    );
    const newLocale = diff(
      desiredState({
        "en-US": { appInfo: { name: "Acme" }, version: { description: "Same." } },
        ja: { appInfo: { name: "アクメ" }, version: { description: "新しい説明文です。" } },
      }),
      live,
      { today: TODAY },
    );
    assert.equal(newLocale.changes.length, 2, "an app info and a version localization create");
    assert.equal(renderText(newLocale, { color: false }).split("\n")[1], "2 changes in 1 locale: 1 locale to create (app info and version)");

    const mixed = diff(
      desiredState({
        "en-US": { appInfo: { name: "Acme" }, version: { description: "Same." } },
        ja: { appInfo: { name: "アクメ" }, version: { description: "新しい説明文です。" } },
        ko: { version: { description: "새로운 설명입니다." } },
      }),
      live,
      { today: TODAY },
    );
    assert.equal(
      renderText(mixed, { color: false }).split("\n")[1],
      "3 changes in 2 locales: 2 locales to create (1 app info and 2 version localizations); " +
        "1 change blocked (not applied: App Store Connect will still differ)",
    );

    const pruned = diff(desiredState({ "en-US": { appInfo: { name: "Acme" }, version: { description: "Same." } } }, [], true), live, { today: TODAY });
    assert.match(renderText(pruned, { color: false }), /^  - delete screenshot set iphone-6\.9 \(1 screenshot, prune\)$/m);
    assert.match(renderMarkdown(pruned), /\| iphone-6\.9 \| \| 1 screenshot \| \| delete set \(prune\) \|/);
  });

  test("promotional text names the version it goes to: the one on sale, or the one being prepared", () => {
    const desired = desiredState({ "en-US": { version: { promotionalText: "New." } } });
    const live = liveFromDesired(desiredState({ "en-US": { version: { promotionalText: "Old." } } }), TODAY);
    live.liveVersionLocalizations = [{ id: "live-en", locale: "en-US", fields: { promotionalText: "Old." } }];
    const plan = diff(desired, live, { today: TODAY });
    const text = renderText(plan, { color: false });
    assert.ok(text.includes('  ~ promotionalText: "Old." → "New."'), text);
    assert.ok(text.includes('  ~ promotionalText on version 2.3.1 (on sale): "Old." → "New."'), text);
    assert.match(renderMarkdown(plan), /\| `promotionalText` on version 2\.3\.1 \(on sale\) \| <code>Old\.<\/code> \| <code>New\.<\/code> \|/);
  });

  test("blocked changes come first, in text and Markdown, grouped by their reason", () => {
    const desired = desiredState({
      "en-US": { appInfo: { name: "Acme" }, version: { description: "New text.", whatsNew: "Faster." } },
      fr: { version: { description: "Nouveau." } },
    });
    const live = liveFromDesired(desiredState({ "en-US": { appInfo: { name: "Acme" }, version: { description: "Old text.", whatsNew: "Slow." } } }), TODAY, {
      version: { id: "v-2.3.1", versionString: "2.3.1", state: "READY_FOR_SALE", editable: false },
    });
    delete live.liveVersion;
    const plan = diff(desired, live, { today: TODAY });
    const lines = renderText(plan, { color: false }).split("\n");
    assert.equal(lines[1], "No change can be made now: 4 changes are blocked, so App Store Connect still differs from the repository.");
    const reason =
      "version 2.3.1 is READY_FOR_SALE; " +
      "its text and screenshots change only while it is prepared (PREPARE_FOR_SUBMISSION) or after a rejection: create a new version in App Store Connect";
    const locales =
      "version 2.3.1 is READY_FOR_SALE; " +
      "its locales are added or removed only while it is prepared (PREPARE_FOR_SUBMISSION) or after a rejection: create a new version in App Store Connect";
    assert.deepEqual(lines.slice(2, 9), [
      "",
      "Blocked: 4 changes cannot be applied now, so App Store Connect will still differ from the repository:",
      `  ! 2 changes: ${reason}`,
      "      en-US: update description on version 2.3.1 (on sale) (metadata/en-US.yml:3)",
      "      en-US: update whatsNew on version 2.3.1 (on sale) (metadata/en-US.yml)",
      "  ! fr: create the app info localization: a new locale needs a name: " +
        "App Store Connect refuses to create an app info localization without one; add name: to the locale file (metadata/fr.yml)",
      `  ! fr: create the version 2.3.1 (on sale) localization: ${locales} (metadata/fr.yml)`,
    ]);
    const markdown = renderMarkdown(plan);
    const warning = markdown.indexOf(
      "> [!WARNING]\n> **4 changes are blocked**: apply cannot make them now, so App Store Connect will still differ from the repository.\n",
    );
    assert.ok((warning > 0 && warning < markdown.indexOf("<details>")) || !markdown.includes("<details>"), markdown);
    assert.ok(markdown.includes(`> - 2 changes: ${reason}\n>   - en-US: update description on version 2.3.1 (on sale) (metadata/en-US.yml:3)\n`), markdown);
  });
});
