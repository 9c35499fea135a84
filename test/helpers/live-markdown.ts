/**
 * What in a GitHub Markdown text would render as something other than text:
 * images, links, autolinks, HTML elements, @mentions and #references. Fenced
 * code blocks and code spans are left out (nothing in them is live), as
 * CommonMark reads them: a fence opens with three or more backticks or
 * tildes and closes with a line of at least as many of the same character.
 * Numeric character references (`&#91;`) are text, so they never count.
 */

/** The lines outside fenced code blocks. */
export function outsideCodeBlocks(markdown: string): string {
  const kept: string[] = [];
  let open: { character: string; length: number } | undefined;
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (open) {
      if (fence && fence[1]![0] === open.character && fence[1]!.length >= open.length && line.trim() === fence[1]) open = undefined;
      continue;
    }
    if (fence && !(fence[1]![0] === "`" && line.slice(fence[0].length).includes("`"))) {
      open = { character: fence[1]![0]!, length: fence[1]!.length };
      continue;
    }
    kept.push(line);
  }
  return kept.join("\n");
}

/** Code spans removed: a run of backticks up to the next run of the same length. */
function withoutCodeSpans(text: string): string {
  return text.replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "");
}

export interface LiveOptions {
  /** HTML elements the renderer writes itself. */
  ownTags?: string[];
  /** Link targets the renderer writes itself (prefixes). */
  ownLinks?: string[];
  /**
   * Where the renderer's own thumbnails come from (prefixes): exactly its
   * `<img src="…" width="100" alt="…">`, and `<a href="…">` around it, with no
   * quote or angle bracket inside, are left out; anything else stays live.
   */
  ownPictures?: string[];
}

const OWN_TAGS = ["details", "summary", "b", "i", "code", "sub", "br"];

/** Every live construct found, as the text that makes it; [] when the Markdown is inert but for the renderer's own. */
export function liveConstructs(markdown: string, options: LiveOptions = {}): string[] {
  const own = (url: string) => (options.ownPictures ?? []).some((prefix) => url.startsWith(prefix));
  const text = withoutCodeSpans(outsideCodeBlocks(markdown))
    .replace(/<!-- asc-gitops:[^\n]*? -->/g, "")
    .replace(/<img src="([^"<>\s]*)" width="100" alt="[^"<>]*">/g, (tag, url: string) => (own(url) ? "" : tag))
    // A link of its own around a thumbnail of its own: empty once the thumbnail is out.
    .replace(/<a href="([^"<>\s]*)"><\/a>/g, (tag, url: string) => (own(url) ? "" : tag));
  const ownTags = new Set(options.ownTags ?? OWN_TAGS);
  const ownLinks = options.ownLinks ?? [];
  const found: string[] = [];
  for (const match of text.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^>]*>?/g))
    if (!ownTags.has(match[1]!.toLowerCase()) || /\s/.test(match[0].slice(1, -1))) found.push(match[0]);
  for (const match of text.matchAll(/<!--/g)) found.push(match[0]);
  for (const match of text.matchAll(/!\[[^\]]*\]/g)) found.push(match[0]);
  for (const match of text.matchAll(/\[[^\]\n]*\]\(([^)\s]*)/g)) if (!ownLinks.some((link) => match[1]!.startsWith(link))) found.push(match[0]);
  for (const match of text.matchAll(/^\s{0,3}\[[^\]]+\]:/gm)) found.push(match[0]);
  for (const match of text.matchAll(/<(?:https?|mailto):[^>]*>|\b(?:https?:\/\/|www\.)\S+/gi))
    if (!ownLinks.some((link) => match[0].replace(/^</, "").startsWith(link))) found.push(match[0]);
  for (const match of text.matchAll(/(?<![\w`])@[A-Za-z0-9][\w-]*/g)) found.push(match[0]);
  for (const match of text.matchAll(/(?<![&\w])#\d+/g)) found.push(match[0]);
  return found;
}
