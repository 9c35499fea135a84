/**
 * What the pictures say, without a browser: each screenshot change's mark and
 * live rendition, Apple's template filled, the comment's cap and size limit
 * with many sets, and repository text escaped in the HTML report.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { diff } from "../../src/engine/diff.js";
import type { Plan } from "../../src/engine/plan/plan.js";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../src/engine/render/markdown.js";
import { safeUrl } from "../../src/engine/render/markdown-pictures.js";
import type { LiveState } from "../../src/engine/live-state.js";
import { html } from "../../src/report/html/escape.js";
import { renderHtml } from "../../src/report/html/render.js";
import { markWords, mediaGroups, planMedia, renditionUrl } from "../../src/report/media.js";
import { desiredState, liveFromDesired, shot } from "../helpers/states.js";

const TODAY = "2026-11-24";
const IPHONE = "APP_IPHONE_67";

/** Live screenshots as processed: each with Apple's rendition template. */
function withRenditions(live: LiveState): LiveState {
  for (const set of live.screenshotSets)
    for (const item of set.screenshots)
      item.image = { templateUrl: `https://is1-ssl.mzstatic.com/image/thumb/${item.id}/{w}x{h}bb.{f}`, width: 1320, height: 2868 };
  return live;
}

function planWithEveryMark(): { plan: Plan; live: LiveState } {
  const IPAD = "APP_IPAD_PRO_3GEN_129";
  const desired = desiredState({ "en-US": { version: { description: "x" } } }, [
    { locale: "en-US", displayType: IPHONE, shots: [shot("b.png"), shot("a.png")] },
    { locale: "en-US", displayType: IPAD, shots: [shot("x.png", "md5-x-new"), shot("n.png")] },
  ]);
  const before = desiredState({ "en-US": { version: { description: "x" } } }, [
    { locale: "en-US", displayType: IPHONE, shots: [shot("a.png"), shot("b.png"), shot("c.png")] },
    { locale: "en-US", displayType: IPAD, shots: [shot("x.png")] },
  ]);
  const live = withRenditions(liveFromDesired(before, TODAY));
  return { plan: diff(desired, live, { today: TODAY }), live };
}

describe("screenshot changes as pictures", () => {
  test("an upload over a live file is replaced (beside the live one), a new file is new, a file left is removed, a file moved says from where", () => {
    const { plan, live } = planWithEveryMark();
    const groups = mediaGroups(plan.changes, planMedia(plan, live));
    const seen = [...groups].map(([group, items]) => [
      group,
      items.map((item) => `${item.position} ${markWords(item)} ${item.live?.name ?? "-"} ${item.next?.name ?? "-"}`),
    ]);
    assert.deepEqual(seen, [
      ["ipad-13 screenshots", ["1 replaced x.png x.png", "2 new - n.png"]],
      ["iphone-6.9 screenshots", ["1 moved from 2 b.png b.png", "2 moved from 1 a.png a.png", "3 removed c.png -"]],
    ]);
    const moved = groups.get("iphone-6.9 screenshots")![0]!;
    assert.equal(moved.next?.file, "screenshots/en-US/APP_IPHONE_67/b.png", "the file in its set's folder");
    assert.match(moved.live?.templateUrl ?? "", /^https:\/\/is1-ssl\.mzstatic\.com\/image\/thumb\//);
  });

  test("the replaced screenshot's delete shows no second picture: its upload shows it", () => {
    const { plan, live } = planWithEveryMark();
    const media = planMedia(plan, live);
    const replacedDelete = plan.changes.find((change) => change.kind === "screenshot-delete" && change.reason === "replaced");
    assert.ok(replacedDelete);
    assert.equal(media.get(replacedDelete), undefined);
  });

  test("Apple's template is filled at the width asked, the height in proportion, never larger than the original", () => {
    const image = { templateUrl: "https://is1-ssl.mzstatic.com/image/thumb/x/{w}x{h}bb.{f}", width: 1320, height: 2868 };
    assert.equal(renditionUrl(image, 200), "https://is1-ssl.mzstatic.com/image/thumb/x/200x435bb.jpg");
    assert.equal(renditionUrl(image, 5000, "png"), "https://is1-ssl.mzstatic.com/image/thumb/x/1320x2868bb.png");
  });

  test("only https pictures reach the comment (http only to this machine, the sandbox), quotes and brackets encoded", () => {
    assert.equal(safeUrl("javascript:alert(1)"), undefined);
    assert.equal(safeUrl("http://tracker.example/p.png"), undefined);
    assert.equal(safeUrl("http://127.0.0.1:4000/image/x.png"), "http://127.0.0.1:4000/image/x.png");
    assert.equal(safeUrl('https://github.com/a/b/blob/c/x"onerror=1.png'), "https://github.com/a/b/blob/c/x%22onerror=1.png");
  });

  test("with 40 locales of 5 sets of 10 new screenshots, the comment stays under GitHub's limit and shows at most 60 thumbnails", () => {
    const locales = Array.from({ length: 40 }, (_, index) => `l${index}`);
    const types = ["APP_IPHONE_67", "APP_IPHONE_65", "APP_IPAD_PRO_3GEN_129", "APP_IPAD_PRO_129", "APP_IPHONE_61"];
    const sets = locales.flatMap((locale) =>
      types.map((displayType) => ({ locale, displayType, shots: Array.from({ length: 10 }, (_, n) => shot(`${n}-${locale}-${displayType}.png`)) })),
    );
    const desired = desiredState(Object.fromEntries(locales.map((locale) => [locale, { version: { description: "x" } }])), sets);
    const live = withRenditions(liveFromDesired(desiredState(Object.fromEntries(locales.map((locale) => [locale, { version: { description: "x" } }]))), TODAY));
    const plan = diff(desired, live, { today: TODAY });
    const fileUrl = (file: string) => ({
      href: `https://github.com/acme/fitness/blob/${"a".repeat(40)}/${file}`,
      src: `https://github.com/acme/fitness/blob/${"a".repeat(40)}/${file}?raw=true`,
    });
    const markdown = renderMarkdown(plan, { pictures: { media: planMedia(plan, live), fileUrl, elsewhere: "the HTML report" } });
    assert.ok(markdown.length <= GITHUB_COMMENT_LIMIT, `${markdown.length} characters`);
    const thumbnails = markdown.match(/<img /g)?.length ?? 0;
    assert.ok(thumbnails > 0 && thumbnails <= 60, `${thumbnails} thumbnails`);
    assert.match(markdown, /more pictures are in the HTML report/);
  });
});

describe("the HTML report's text", () => {
  test("markup, quotes and control characters from the repository are text", () => {
    assert.equal(html(`<script>alert("x")</script> & 'y'`), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
    assert.doesNotMatch(html("a\u202eb\u001b[31m"), /[\u202e\u001b]/);
  });

  test("a file name and a description holding HTML render as text, with no element of theirs", () => {
    const desired = desiredState({ "en-US": { version: { description: 'New <img src=x onerror="alert(1)"> text' } } }, [
      { locale: "en-US", displayType: IPHONE, shots: [shot("<b>bold</b>.png")] },
    ]);
    const live = liveFromDesired(desiredState({ "en-US": { version: { description: "Old" } } }, [{ locale: "en-US", displayType: IPHONE, shots: [] }]), TODAY);
    const plan = diff(desired, live, { today: TODAY });
    const page = renderHtml({ plan, title: "plan", media: planMedia(plan, live) });
    assert.ok(page.includes("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"));
    assert.ok(page.includes("&lt;b&gt;bold&lt;/b&gt;.png"));
    assert.doesNotMatch(page, /<img src=x|<b>bold/);
    assert.doesNotMatch(page, /<script/i);
  });
});
