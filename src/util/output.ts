/**
 * Where human text goes, and its colours (only on a terminal, and never with
 * NO_COLOR). Everything printed passes `logSafe`: text from the repository or
 * from Apple never sends a control character to the terminal, nor a workflow
 * command to the GitHub runner's log (the command line runs in workflows too),
 * and no secret the process holds (redact.ts) is printed, wherever it came from.
 */
import type { Severity } from "../contracts/diagnostics.js";
import { redactKnown } from "../asc/redact.js";
import { logSafe } from "./control-characters.js";
import { styled, type Style } from "./styles.js";

export interface Output {
  /** The command's result: a JSON document with --json, else the human summary. */
  stdout: (text: string) => void;
  /** Human messages: diagnostics, progress, errors. */
  stderr: (text: string) => void;
  color: boolean;
}

export function processOutput(): Output {
  const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR && process.env.TERM !== "dumb";
  return {
    stdout: (text) => process.stdout.write(`${redactKnown(logSafe(text, { colour: color }))}\n`),
    stderr: (text) => process.stderr.write(`${redactKnown(logSafe(text, { colour: color }))}\n`),
    color,
  };
}

const STYLE_OF: Record<Severity | "ok", Style> = { error: "red", warning: "yellow", notice: "cyan", ok: "green" };

export function paint(output: Output, kind: Severity | "ok", text: string): string {
  return output.color ? styled(STYLE_OF[kind], text) : text;
}
