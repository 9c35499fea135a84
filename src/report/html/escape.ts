/**
 * Text from the repository or Apple as HTML text that shows exactly that text
 * (DESIGN.md §20): markup characters as references, controls and
 * bidirectional overrides shown, never obeyed (control-characters.ts). Line
 * breaks stay: the report's text blocks keep them (white-space: pre-wrap).
 */
import { escapeControls } from "../../util/control-characters.js";

const REFERENCES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function html(text: string): string {
  return text
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map((line) => escapeControls(line).replace(/[&<>"']/g, (character) => REFERENCES[character]!))
    .join("\n");
}
