import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NOTIFICATION_TYPES, type DriftFoundEvent, type NotificationEvent } from "../../src/notify/events.js";
import { EVENT_APP, hostileReview } from "../helpers/notify-events.js";
import { escapeSlack, fitEscaped, SLACK_LIMITS, slackMessage, type SlackBlock } from "../../src/notify/slack.js";

const APP = EVENT_APP;
const review = hostileReview;

/** Every text Slack would read in the message. */
function texts(message: { text: string; blocks: SlackBlock[] }): { type: string; text: string }[] {
  const all: { type: string; text: string }[] = [{ type: "fallback", text: message.text }];
  for (const block of message.blocks) {
    if (block.type === "header" || block.type === "section") all.push(block.text);
    if (block.type === "context") all.push(...block.elements);
  }
  return all;
}

describe("Slack messages (Block Kit)", () => {
  it("a review that says <!channel> *bold* pings nobody and shows its text as written", () => {
    const message = slackMessage(review());
    for (const { type, text } of texts(message)) {
      // No raw angle bracket anywhere Slack reads user text: no mention, no link can form.
      if (type !== "mrkdwn") assert.doesNotMatch(text, /[<>]/, text);
    }
    const sections = message.blocks.filter((block) => block.type === "section");
    const body = sections.map((block) => block.text).find((text) => text.text.includes("bold"))!;
    // Plain text: Slack never reads it as mrkdwn, so *bold* stays literal.
    assert.equal(body.type, "plain_text");
    assert.equal(body.text, "&lt;!channel&gt; *bold* &lt;@U123&gt; &amp; &lt;https://evil.example|click&gt;");
    const context = message.blocks.find((block) => block.type === "context");
    assert.ok(context && JSON.stringify(context).includes("sam_&lt;!here&gt;"));
    assert.match(message.text, /^★☆☆☆☆ 1-star review of Acme Fitness \(USA\)$/);
  });

  it("keeps Slack's limits: a header of 150 characters, a section of 3,000, cut with …", () => {
    const long = review({ title: "x".repeat(5000), body: "<".repeat(2000) });
    const message = slackMessage({ ...long, review: { ...long.review, appName: "A".repeat(400) } });
    const header = message.blocks[0]!;
    assert.equal(header.type, "header");
    assert.ok(header.type === "header" && header.text.text.length <= SLACK_LIMITS.header && header.text.text.endsWith("…"));
    for (const block of message.blocks) if (block.type === "section") assert.ok(block.text.text.length <= SLACK_LIMITS.section, `${block.text.text.length}`);
    const body = message.blocks.find((block) => block.type === "section" && block.text.text.startsWith("&lt;"));
    // 2,000 "<" escape to 8,000 characters: cut at whole entities.
    assert.ok(body && body.type === "section" && /^(&lt;)+…$/.test(body.text.text));
  });

  it("a drift of 500 changes stays within 50 blocks and says how many more there were", () => {
    const drift: DriftFoundEvent = {
      type: "drift.found",
      app: APP,
      drift: Array.from({ length: 400 }, (_, index) => ({ where: "en-US", what: `update description ${index} ${"y".repeat(200)}` })),
      more: 100,
      rotations: 1,
      blocked: 0,
      link: "https://github.com/acme/app/actions/runs/1",
    };
    const message = slackMessage(drift);
    assert.ok(message.blocks.length <= SLACK_LIMITS.blocks, `${message.blocks.length} blocks`);
    const serialized = JSON.stringify(message);
    const more = /… and (\d+) more/.exec(serialized);
    assert.ok(more, "says how many more");
    const listed = (serialized.match(/update description \d+/g) ?? []).length;
    assert.equal(listed + Number(more![1]), 500);
    assert.match(serialized, /500 changes made by hand/);
    assert.equal(message.blocks.at(-1)?.type, "context");
    assert.match(JSON.stringify(message.blocks.at(-1)), /<https:\/\/github.com\/acme\/app\/actions\/runs\/1\|View the run>/);
  });

  it("every event has a header, says what happened, and keeps within the limits", () => {
    const events: NotificationEvent[] = [
      { type: "drift.found", app: APP, drift: [{ where: "en-US", what: "update subtitle" }], more: 0, rotations: 0, blocked: 2 },
      { type: "drift.resolved", app: APP, corrected: 3 },
      { type: "apply.succeeded", app: APP, headline: "Applied 3 changes with 3 write requests; verified.", applied: 3 },
      {
        type: "apply.failed",
        app: {},
        headline: "Nothing was applied: App Store Connect could not be read.",
        failures: [{ where: "apply", what: "401" }],
        more: 0,
      },
      { type: "submission.state_changed", app: APP, version: "2.5.0", from: "WAITING_FOR_REVIEW", to: "IN_REVIEW" },
      review(),
    ];
    assert.deepEqual(
      events.map((event) => event.type),
      NOTIFICATION_TYPES,
    );
    const texts = events.map((event) => slackMessage(event).text);
    assert.deepEqual(texts.slice(0, 5), [
      "Drift: App Store Connect differs from the repository for Acme Fitness 2.5.0 (IOS)",
      "Drift resolved: App Store Connect matches the repository again for Acme Fitness 2.5.0 (IOS)",
      "Applied to App Store Connect: Acme Fitness 2.5.0 (IOS)",
      "Apply failed: the app",
      "Acme Fitness 2.5.0 (IOS): WAITING_FOR_REVIEW → IN_REVIEW",
    ]);
    const drift = JSON.stringify(slackMessage(events[0]!).blocks);
    assert.match(drift, /1 change made by hand in App Store Connect; 2 blocked changes\./);
    assert.match(JSON.stringify(slackMessage(events[1]!).blocks), /This run restored 3 changes\./);
    for (const event of events) {
      const message = slackMessage(event);
      assert.equal(message.blocks[0]!.type, "header");
      assert.ok(message.blocks.length <= SLACK_LIMITS.blocks);
    }
  });

  it("escapes only Slack's three control characters, and never cuts inside an entity or an emoji", () => {
    assert.equal(escapeSlack("a & b < c > d * _ ~"), "a &amp; b &lt; c &gt; d * _ ~");
    assert.equal(fitEscaped("&&&", 11), "&amp;&amp;…");
    assert.equal(fitEscaped("&&&", 10), "&amp;…");
    assert.equal(fitEscaped("😀😀😀", 5), "😀😀…");
    assert.equal(fitEscaped("short", 10), "short");
  });
});
