/** The report's one stylesheet: readable on a phone (one column, pictures that shrink), light and dark, printed as shown. */
export const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --soft: #f6f8fa;
  --add: #dafbe1; --add-fg: #116329; --del: #ffebe9; --del-fg: #82071e; --warn: #fff8c5; --err: #ffebe9; }
@media (prefers-color-scheme: dark) { :root { --fg: #f0f6fc; --muted: #9198a1; --line: #3d444d; --bg: #0d1117; --soft: #151b23;
  --add: #12261e; --add-fg: #7ee2a8; --del: #25171c; --del-fg: #ffa198; --warn: #272115; --err: #25171c; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 16px; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--fg); background: var(--bg); overflow-wrap: anywhere; }
h1 { font-size: 1.5em; margin: 0 0 4px; } h2 { font-size: 1.25em; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 1em; margin: 0 0 6px; }
.meta, .where, .note { color: var(--muted); font-size: 0.9em; }
.summary { font-weight: 600; }
.box { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
.errors { background: var(--err); } .blocked { background: var(--warn); }
.change { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
pre { margin: 6px 0; padding: 8px; background: var(--soft); border-radius: 6px; white-space: pre-wrap;
  font: 13px/1.45 ui-monospace, Menlo, Consolas, monospace; }
pre span { display: block; } .add { background: var(--add); color: var(--add-fg); } .del { background: var(--del); color: var(--del-fg); }
.hunk { color: var(--muted); }
table.values { border-collapse: collapse; width: 100%; }
.values th, .values td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
.values td { white-space: pre-wrap; } .none { color: var(--muted); font-style: italic; }
.keyword { display: inline-block; border-radius: 4px; padding: 0 6px; margin: 2px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
.budget { font-weight: 600; } li.nested { margin-left: 1.5em; }
.pictures { margin: 12px 0; } .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; border-top: 1px solid var(--line); padding: 10px 0; }
.pair-head { grid-column: 1 / -1; font-weight: 600; }
figure { margin: 0; } figcaption { color: var(--muted); font-size: 0.85em; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
.empty { border: 1px dashed var(--line); border-radius: 6px; padding: 24px 8px; text-align: center; color: var(--muted); }
.mark { border-radius: 10px; padding: 0 8px; font-size: 0.85em; } .mark-new { background: var(--add); } .mark-removed { background: var(--del); }
.mark-replaced, .mark-moved { background: var(--warn); }
@media (max-width: 600px) { body { padding: 10px; font-size: 14px; } .pair { gap: 6px; } }
`;
