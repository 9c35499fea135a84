/** Where human text goes, and its colours (only on a terminal, and never with NO_COLOR). */
import type { Severity } from "../engine/diagnostics.js";

export interface Output {
  /** The command's result: a JSON document with --json, else the human summary. */
  stdout: (text: string) => void;
  /** Human messages: diagnostics, progress, errors. */
  stderr: (text: string) => void;
  color: boolean;
}

export function processOutput(): Output {
  return {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR && process.env.TERM !== "dumb",
  };
}

const CODES: Record<Severity | "ok", [number, number]> = { error: [31, 39], warning: [33, 39], notice: [36, 39], ok: [32, 39] };

export function paint(output: Output, kind: Severity | "ok", text: string): string {
  if (!output.color) return text;
  const [open, close] = CODES[kind];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}
