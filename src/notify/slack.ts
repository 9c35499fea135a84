/**
 * A notification as a Slack incoming-webhook message in Block Kit: a header,
 * sections, a context line, and `text` as the fallback Slack shows in
 * notifications. Text from outside (a review, a file's value, Apple's answer)
 * only ever reaches Slack as plain_text with `&`, `<` and `>` escaped: plain
 * text is never read as mrkdwn (`*bold*` stays literal) and no `<!channel>`
 * or `<@U123>` in it can ping anyone. Slack's limits are kept by cutting with
 * "…": a header 150 characters, a section's text 3,000, 50 blocks a message.
 */
import { appLabel, type EventChange, type NotificationEvent } from "./events.js";

export const SLACK_LIMITS = { header: 150, section: 3000, context: 2000, blocks: 50, fallback: 3000 } as const;

interface PlainText {
  type: "plain_text";
  text: string;
  emoji: false;
}
interface Mrkdwn {
  type: "mrkdwn";
  text: string;
}
export type SlackBlock =
  | { type: "header"; text: PlainText }
  | { type: "section"; text: PlainText | Mrkdwn }
  | { type: "context"; elements: (PlainText | Mrkdwn)[] }
  | { type: "divider" };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Slack's three control characters as entities (its own rule for any text it is sent). */
export const escapeSlack = (text: string): string => text.replace(/[&<>]/g, (character) => ENTITIES[character]!);

/**
 * `text` escaped and cut to at most `limit` characters (as Slack counts them,
 * after escaping) with "…" at the end when cut; never inside an entity or a
 * surrogate pair.
 */
export function fitEscaped(text: string, limit: number): string {
  const escaped = escapeSlack(text);
  if (escaped.length <= limit) return escaped;
  let kept = "";
  for (const character of text) {
    const piece = ENTITIES[character] ?? character;
    if (kept.length + piece.length > limit - 1) break;
    kept += piece;
  }
  return `${kept}…`;
}

const plain = (text: string, limit: number): PlainText => ({ type: "plain_text", text: fitEscaped(text, limit), emoji: false });
const header = (text: string): SlackBlock => ({ type: "header", text: plain(text, SLACK_LIMITS.header) });
const section = (text: string): SlackBlock => ({ type: "section", text: plain(text, SLACK_LIMITS.section) });

/** A link to the run, as mrkdwn: the URL is escaped (a `|` or `>` in it cannot end the link early). */
function linkBlock(link: string | undefined): SlackBlock[] {
  if (!link) return [];
  const url = escapeSlack(link).replace(/\|/g, "%7C");
  return [{ type: "context", elements: [{ type: "mrkdwn", text: `<${url}|View the run>` }] }];
}

/** Lines packed into as few sections as their size allows, within `budget` blocks; what does not fit is counted. */
function listSections(lines: string[], budget: number, more: number): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  let current = "";
  let left = more;
  for (const [index, line] of lines.entries()) {
    const candidate = current ? `${current}\n${line}` : line;
    if (escapeSlack(candidate).length <= SLACK_LIMITS.section) {
      current = candidate;
      continue;
    }
    if (current) blocks.push(section(current));
    if (blocks.length >= budget) {
      left += lines.length - index;
      current = "";
      break;
    }
    current = line;
  }
  if (current && blocks.length < budget) blocks.push(section(current));
  if (left > 0) blocks.push({ type: "context", elements: [plain(`… and ${left} more`, SLACK_LIMITS.context)] });
  return blocks;
}

const changeLines = (changes: EventChange[]) => changes.map((change) => `• ${change.where}: ${change.what}`);

const stars = (rating: number) => {
  const whole = Math.max(0, Math.min(5, Math.round(rating)));
  return `${"★".repeat(whole)}${"☆".repeat(5 - whole)}`;
};

function appLine(event: NotificationEvent): string {
  if (event.type === "review.low_rating") return event.review.appName || appLabel(event.app);
  const version = event.app.version ? ` ${event.app.version}` : "";
  return `${appLabel(event.app)}${version}${event.app.platform ? ` (${event.app.platform})` : ""}`;
}

/** The headline: also the notification's fallback text. */
export function headline(event: NotificationEvent): string {
  switch (event.type) {
    case "drift.found":
      return `Drift: App Store Connect differs from the repository for ${appLine(event)}`;
    case "drift.resolved":
      return `Drift resolved: App Store Connect matches the repository again for ${appLine(event)}`;
    case "apply.succeeded":
      return `Applied to App Store Connect: ${appLine(event)}`;
    case "apply.failed":
      return `Apply failed: ${appLine(event)}`;
    case "submission.state_changed":
      return `${appLine({ ...event, app: { ...event.app, version: event.version } })}: ${event.from ? `${event.from} → ` : ""}${event.to}`;
    case "review.low_rating":
      return `${stars(event.review.rating)} ${event.review.rating}-star review of ${appLine(event)} (${event.review.territory})`;
  }
}

function bodyBlocks(event: NotificationEvent, budget: number): SlackBlock[] {
  switch (event.type) {
    case "drift.found": {
      const others = [
        event.rotations ? `${event.rotations} pending rotation${event.rotations === 1 ? "" : "s"}` : "",
        event.blocked ? `${event.blocked} blocked change${event.blocked === 1 ? "" : "s"}` : "",
      ].filter(Boolean);
      const count = event.drift.length + event.more;
      const edits = count ? `${count} change${count === 1 ? "" : "s"} made by hand in App Store Connect` : "";
      const intro = section(`${[edits, ...others].filter(Boolean).join("; ")}.`);
      return [intro, ...listSections(changeLines(event.drift), budget - 2, event.more)];
    }
    case "drift.resolved":
      return [section(event.corrected ? `This run restored ${event.corrected} change${event.corrected === 1 ? "" : "s"}.` : "Nothing differs any more.")];
    case "apply.succeeded":
      return [section(event.headline)];
    case "apply.failed":
      return [section(event.headline), ...listSections(changeLines(event.failures), budget - 2, event.more)];
    case "submission.state_changed":
      return [section(`Version ${event.version} is now ${event.to}${event.from ? ` (was ${event.from})` : ""}.`)];
    case "review.low_rating": {
      const { review } = event;
      const meta = [review.nickname, review.territory, review.date].filter(Boolean).join(" · ");
      return [
        ...(review.title ? [section(review.title)] : []),
        ...(review.body ? [section(review.body)] : []),
        { type: "context", elements: [plain(meta || review.id, SLACK_LIMITS.context)] },
      ];
    }
  }
}

export function slackMessage(event: NotificationEvent): SlackMessage {
  const title = headline(event);
  const link = linkBlock(event.link);
  // Header and link take their blocks first; the body gets the rest of Slack's 50.
  const body = bodyBlocks(event, SLACK_LIMITS.blocks - 1 - link.length);
  const blocks = [header(title), ...body, ...link].slice(0, SLACK_LIMITS.blocks);
  return { text: fitEscaped(title, SLACK_LIMITS.fallback), blocks };
}
