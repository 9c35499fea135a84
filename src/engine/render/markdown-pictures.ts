/**
 * The pictures of a locale's changes in the PR comment (DESIGN.md §16): per
 * set, in App Store order, a small live thumbnail (Apple's rendition, at a
 * thumbnail's size) beside the repository's file at the pull request's head
 * commit, with what happens to it (new, replaced, removed, moved from n).
 * Every URL is checked (https only, or the sandbox's http on this machine) and
 * escaped as an attribute; names go through `plain`.
 */
import type { PlanChange } from "../../contracts/plan.js";
import type { ChangeMedia } from "../../contracts/resource.js";
import { markWords, mediaGroups, renditionUrl } from "../../report/media.js";
import { inertMarkdown } from "./inert-markdown.js";

/** Where a repository file is seen on GitHub: `src` for the <img>, `href` for the link to it. */
export interface FileLink {
  src: string;
  href: string;
}

export interface MarkdownPictures {
  media: ReadonlyMap<PlanChange, ChangeMedia[]>;
  /** The file at the pull request's head commit; undefined: no picture of the repository's side. */
  fileUrl?(file: string): FileLink | undefined;
  /** The most thumbnails in one comment (both sides count). */
  max?: number;
  /** Where the pictures are that did not fit: "the HTML report (report-html artifact)". */
  elsewhere?: string;
}

/** Thumbnails in one comment at most: 60 images keep the comment quick to load and far under its size limit. */
export const COMMENT_PICTURE_CAP = 60;
/** Pixels: asked of Apple twice as wide as shown, for sharp thumbnails on high-density screens. */
const SHOWN_WIDTH = 100;

/** A URL fit for an attribute: https (or http to this machine: the sandbox), quotes and angle brackets escaped. */
export function safeUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const local = parsed.protocol === "http:" && (parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost");
  if (parsed.protocol !== "https:" && !local) return undefined;
  return parsed.href.replace(/"/g, "%22").replace(/</g, "%3C").replace(/>/g, "%3E");
}

/** Counts the thumbnails left to show across a comment's sections. */
export class PictureBudget {
  shown = 0;
  left = 0;
  constructor(readonly max: number) {}
  take(): boolean {
    if (this.shown >= this.max) {
      this.left++;
      return false;
    }
    this.shown++;
    return true;
  }
}

function thumbnail(src: string | undefined, alt: string, budget: PictureBudget, href?: string): string {
  if (!src) return "";
  if (!budget.take()) return "";
  const image = `<img src="${src}" width="${SHOWN_WIDTH}" alt="${alt}">`;
  return href ? `<a href="${href}">${image}</a>` : image;
}

function row(item: ChangeMedia, pictures: MarkdownPictures, budget: PictureBudget): string {
  const liveSrc = item.live ? safeUrl(renditionUrl(item.live, SHOWN_WIDTH * 2)) : undefined;
  const live = item.live ? thumbnail(liveSrc, inertMarkdown(`live ${item.live.name}`), budget) || inertMarkdown(item.live.name) : "";
  const link = item.next ? pictures.fileUrl?.(item.next.file) : undefined;
  const src = link ? safeUrl(link.src) : undefined;
  const href = link ? safeUrl(link.href) : undefined;
  const next = item.next ? thumbnail(src, inertMarkdown(item.next.name), budget, href) || inertMarkdown(item.next.name) : "";
  return `| ${item.position} | ${live} | ${next} | ${inertMarkdown(markWords(item))} |`;
}

/** The locale's picture tables, one per set; [] when its changes show none. */
export function pictureLines(changes: readonly PlanChange[], pictures: MarkdownPictures, budget: PictureBudget): string[] {
  const lines: string[] = [];
  for (const [group, items] of mediaGroups(changes, pictures.media)) {
    lines.push(`**${inertMarkdown(group)}**`, "", "| # | live | repository | |", "|---|---|---|---|");
    for (const item of items) lines.push(row(item, pictures, budget));
    lines.push("");
  }
  return lines;
}
