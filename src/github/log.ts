/**
 * The action's log: every line it writes passes `logSafe` (util/control-characters.ts),
 * so a file name, a YAML key or an answer from Apple can neither forge a
 * workflow command (`::error …`, `::stop-commands::`) nor send a control
 * character; and whatever secret the process registered (a token, a proxy's
 * password) is redacted. Annotations escape their title and file as well. Only
 * @actions/core writes commands, and no other module of the action calls its
 * logging functions.
 */
import * as core from "@actions/core";
import { redactKnown } from "../asc/redact.js";
import { escapeControls, logSafe as controlSafe } from "../util/control-characters.js";

/** Control characters shown, no forged command, and no secret this process holds (the runner's masks are one more layer). */
const logSafe = (text: string) => redactKnown(controlSafe(text));

export const log = {
  info: (text: string) => core.info(logSafe(text)),
  notice: (text: string, properties: core.AnnotationProperties = {}) => core.notice(logSafe(text), safeProperties(properties)),
  warning: (text: string, properties: core.AnnotationProperties = {}) => core.warning(logSafe(text), safeProperties(properties)),
  error: (text: string, properties: core.AnnotationProperties = {}) => core.error(logSafe(text), safeProperties(properties)),
  /** The step's failure (an error annotation without a place). */
  failed: (text: string) => core.setFailed(logSafe(text)),
};

/** Title and file on one line, control characters shown (core escapes `:` and `,` in them besides). */
function safeProperties(properties: core.AnnotationProperties): core.AnnotationProperties {
  return {
    ...properties,
    ...(properties.title !== undefined ? { title: escapeControls(properties.title) } : {}),
    ...(properties.file !== undefined ? { file: escapeControls(properties.file) } : {}),
  };
}
