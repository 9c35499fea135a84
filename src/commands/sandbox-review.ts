/**
 * `asc-gitops sandbox review --approve|--reject [--state FILE]`: App Review
 * decides, in the sandbox, every submission waiting for or in review (DESIGN.md
 * §14). It works on the state file while no sandbox serves it (the `--sandbox`
 * runs open and close it each time); a running sandbox holds the file, and its
 * handle's `review()` is the hook for tests.
 */
import type { OptionTable } from "../cli/options.js";
import { DEFAULT_STATE_PATH } from "../sandbox/options.js";
import { reviewInStateFile } from "../sandbox/index.js";
import type { Output } from "../util/output.js";

export const SANDBOX_REVIEW_FLAGS = {
  approve: { type: "boolean", default: false, description: "approve: the version goes to PENDING_DEVELOPER_RELEASE (release type manual) or on sale" },
  reject: { type: "boolean", default: false, description: "reject: the version becomes REJECTED and its submission UNRESOLVED_ISSUES" },
  state: { type: "string", value: "FILE", defaultText: DEFAULT_STATE_PATH, description: "the sandbox's state file" },
} as const satisfies OptionTable;

export async function sandboxReviewCommand(
  options: { decision: "approve" | "reject"; state?: string },
  output: Pick<Output, "stdout" | "stderr">,
): Promise<number> {
  const moves = await reviewInStateFile(options.state ?? DEFAULT_STATE_PATH, options.decision);
  if (moves.length === 0) {
    output.stderr("asc-gitops sandbox review: no submission is waiting for or in review; submit one first (apply with submit: true in app.yml)");
    return 1;
  }
  for (const move of moves) output.stdout(`version ${move.versionString}: ${move.from} → ${move.to} (review submission ${move.submissionId})`);
  return 0;
}
