/**
 * File and folder names come from whoever wrote the pull request. A newline in
 * one would start a forged workflow command in the Actions log, ESC a terminal
 * sequence, U+202E would show a name backwards: such a name is refused, shown
 * escaped, and nothing under it is read.
 */
import { describeCharacter, findCharacter, isUnsafeInName } from "../../util/control-characters.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";

/** The refusal of a name holding a control or bidi character; undefined for a clean name. */
export function unsafeName(folder: string, name: string, kind: "file" | "folder"): Diagnostic | undefined {
  const found = findCharacter(name, isUnsafeInName);
  if (!found) return undefined;
  return {
    severity: "error",
    rule: "file.name",
    file: `${folder}/${name}`,
    message: `the ${kind} name holds ${describeCharacter(found.code)}; rename the ${kind}`,
  };
}
