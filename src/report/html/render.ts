/**
 * The HTML plan report (DESIGN.md §16): one self-contained page (pictures
 * embedded, no script, no request: its Content-Security-Policy allows only its
 * own style and data: images), readable on a phone. Errors and blocked changes
 * first, then each locale's changes as their resources describe them
 * (describe.detail; their terminal lines without it), pictures side by side.
 * Every text from the repository or Apple goes through `html`.
 */
import type { Plan, PlanChange } from "../../contracts/plan.js";
import type { AnyResource, ChangeDetail, ChangeMedia, TextPen } from "../../contracts/resource.js";
import { blockedLines, groupByLocale, localeHeading, summaryLine, versionLine, whereOf } from "../../engine/render/describe.js";
import { ownerOrThrow } from "../../engine/owners.js";
import { RESOURCES } from "../../resources/index.js";
import { plural } from "../../util/plural.js";
import { markWords, mediaGroups } from "../media.js";
import { html } from "./escape.js";
import { fileKey, liveKey, type EmbeddedImages } from "./images.js";
import { STYLE } from "./style.js";

export interface HtmlReportInput {
  plan: Plan;
  /** "plan" or "apply": what the page is the report of. */
  title: string;
  /** Validation findings and other problems to show first, formatted `path:line:column: message`. */
  problems?: readonly string[];
  /** Lines about the run (the apply's outcome), shown under the summary. */
  outcome?: readonly string[];
  media?: ReadonlyMap<PlanChange, ChangeMedia[]>;
  images?: EmbeddedImages;
  resources?: readonly AnyResource[];
}

const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const valueCell = (value: string | null) =>
  value === null ? '<td class="none">none</td>' : value === "" ? '<td class="none">empty</td>' : `<td>${html(value)}</td>`;

function diffBlock(lines: readonly string[]): string {
  const row = (line: string) => {
    const type = line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : "";
    return `<span${type ? ` class="${type}"` : ""}>${html(line) || " "}</span>`;
  };
  return `<pre class="diff">${lines.map(row).join("")}</pre>`;
}

function detailHtml(detail: ChangeDetail): string {
  switch (detail.type) {
    case "values":
      return (
        '<table class="values"><thead><tr><th>field</th><th>live</th><th>repository</th></tr></thead><tbody>' +
        detail.rows.map((row) => `<tr><th>${html(row.label)}</th>${valueCell(row.before)}${valueCell(row.after)}</tr>`).join("") +
        "</tbody></table>"
      );
    case "diff":
      return `<h3>${html(detail.label)}</h3>${diffBlock(detail.lines)}`;
    case "keywords": {
      const words = (items: readonly string[], type: "add" | "del") =>
        items.map((item) => `<span class="keyword ${type}">${type === "add" ? "+" : "−"}${html(item)}</span>`).join(" ") || '<span class="none">none</span>';
      return (
        `<h3>${html(detail.label)} <span class="budget">${detail.used}/${detail.limit}</span></h3>` +
        `<p>added ${words(detail.added, "add")}</p><p>removed ${words(detail.removed, "del")}</p>`
      );
    }
  }
}

/** A change as its resource describes it: structured parts, or its terminal lines. */
function changeHtml(change: PlanChange, plan: Plan, resources: readonly AnyResource[]): string {
  const describe = ownerOrThrow(change, resources).describe;
  const where = whereOf(change);
  const head = `<h3>${html(describe.what(change, plan.app))}</h3>${where ? `<p class="where">${html(where)}</p>` : ""}`;
  const details = describe.detail?.(change, plan.app);
  if (details) return `<div class="change">${head}${details.map(detailHtml).join("")}</div>`;
  const pen: TextPen = { app: plan.app, style: (_name, text) => text, at: () => "", maxDiffLines: 400 };
  const lines = describe.text(change, pen);
  return `<div class="change">${head}${diffBlock(lines.map((line) => line.replace(/^ {2}/, "")))}</div>`;
}

function figure(caption: string, uri: string | undefined, missing: string): string {
  const picture = uri ? `<img src="${uri}" alt="${html(caption)}">` : `<div class="empty">${html(missing)}</div>`;
  return `<figure>${picture}<figcaption>${html(caption)}</figcaption></figure>`;
}

function pictureHtml(item: ChangeMedia, images: EmbeddedImages): string {
  const mark = `<span class="mark mark-${item.mark}">${html(markWords(item))}</span>`;
  const live = item.live
    ? figure(`live: ${item.live.name}`, images.get(liveKey(item.live)), "live picture not fetched")
    : figure("live", undefined, item.mark === "new" ? "nothing live here yet" : "no live rendition yet");
  const next = item.next
    ? figure(`repository: ${item.next.file}`, images.get(fileKey(item.next)), "picture not embedded")
    : figure("repository", undefined, "removed");
  return `<div class="pair"><div class="pair-head">#${item.position} ${mark}</div>${live}${next}</div>`;
}

function localeSection(locale: string, changes: readonly PlanChange[], input: HtmlReportInput, resources: readonly AnyResource[]): string {
  const groups = mediaGroups(changes, input.media ?? new Map());
  const pictures = [...groups]
    .map(([group, items]) => `<div class="pictures"><h3>${html(group)}</h3>${items.map((item) => pictureHtml(item, input.images ?? new Map())).join("")}</div>`)
    .join("");
  const body = changes.map((change) => changeHtml(change, input.plan, resources)).join("");
  const heading = `<h2>${html(localeHeading(locale))} · ${plural(changes.length, "change", "changes")}</h2>`;
  return `<section id="locale-${html((locale || "app").replace(/\s+/g, "-"))}">${heading}${body}${pictures}</section>`;
}

export function renderHtml(input: HtmlReportInput): string {
  const { plan } = input;
  const resources = input.resources ?? RESOURCES;
  const name = plan.app.name ?? plan.app.bundleId;
  const parts: string[] = [
    `<h1>asc-gitops ${html(input.title)} · ${html(name)}</h1>`,
    `<p class="meta">${html(versionLine(plan))}</p>`,
    `<p class="summary">${html(summaryLine(plan, resources))}</p>`,
  ];
  if (input.outcome?.length) parts.push(`<div class="box">${input.outcome.map((line) => `<p>${html(line)}</p>`).join("")}</div>`);
  const problems = [...(input.problems ?? []), ...plan.errors.map((error) => `${error.source ? `${whereOf(error)}: ` : ""}${error.message}`)];
  if (problems.length)
    parts.push(`<section id="errors" class="box errors"><h2>Errors</h2><ul>${problems.map((line) => `<li>${html(line)}</li>`).join("")}</ul></section>`);
  if (plan.blocked.length) {
    const items = blockedLines(plan.blocked, plan.app, resources);
    const list = items.map((item) => `<li${item.depth ? ' class="nested"' : ""}>${html(item.text)}</li>`).join("");
    parts.push(
      `<section id="blocked" class="box blocked"><h2>${plural(plan.blocked.length, "change is", "changes are")} blocked</h2>` +
        `<p>Apply cannot make ${plan.blocked.length === 1 ? "it" : "them"} now, so App Store Connect will still differ from the repository.</p>` +
        `<ul>${list}</ul></section>`,
    );
  }
  for (const [locale, changes] of groupByLocale(plan)) parts.push(localeSection(locale, changes, input, resources));
  if (plan.pending.length)
    parts.push(
      `<p class="note">${plural(plan.pending.length, "screenshot is", "screenshots are")} still processing in App Store Connect ` +
        "and will not be uploaded again.</p>",
    );
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>asc-gitops ${html(input.title)} · ${html(name)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    ...parts,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
