/**
 * `asc-gitops drift`: a plan that tells drift (live edited by hand) from
 * pending rotations (the calendar moved), and exits 2 when live and the
 * repository differ (a blocked change is a difference), 0 when they agree,
 * 1 on error. It changes nothing.
 */
import { driftFound } from "../engine/drift.js";
import type { NotifyConfig } from "../notify/config.js";
import { notifyFromCommand } from "../notify/printed.js";
import { driftFoundEvent } from "../notify/run-events.js";
import { checkDrift } from "../pipeline/drift.js";
import type { RunOptions } from "../pipeline/options.js";
import { driftJson, failureDocumentOf, jsonDocument } from "../report/json.js";
import { printedEvents } from "../report/printed.js";
import { driftText, failureLines } from "../report/text.js";
import type { Output } from "../util/output.js";

export interface DriftCommandOptions extends RunOptions {
  json: boolean;
  /** Where drift found is sent (nothing: not sent). */
  notify?: NotifyConfig;
}

export async function driftCommand(options: DriftCommandOptions, output: Output): Promise<number> {
  const { drift, failure } = await checkDrift(options, printedEvents(output));
  if (!drift) {
    if (failure) for (const line of failureLines("plan", failure)) output.stderr(line);
    if (options.json && failure) output.stdout(jsonDocument(failureDocumentOf("drift", failure)));
    return 1;
  }
  const text = driftText(drift, output.color);
  if (options.json) {
    output.stderr(text);
    output.stdout(jsonDocument(driftJson(drift)));
  } else output.stdout(text);
  // Hand edits and blocked changes are drift worth telling; a pending rotation alone is the calendar (exit 2, no alert).
  // The command line keeps no memory between runs: every run that finds drift tells it (the action tells it once, through its drift issue).
  if (drift.drift.length || drift.blocked.length) await notifyFromCommand([driftFoundEvent(drift)], options.notify, output);
  return driftFound(drift) ? 2 : 0;
}
