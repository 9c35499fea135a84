/**
 * The one way a flow says it stopped before its result: it threw (the
 * credentials, the connection), the files failed validation, or the
 * pipeline's failure says why (live could not be read, another apply holds
 * the lock, a saved plan no longer matches). The log, the job summary, the
 * pull request comment (for a plan) and the step's failure all say the same.
 */
import type { Diagnostic } from "../contracts/diagnostics.js";
import { plural } from "../engine/render/describe.js";
import type { RunFailure } from "../pipeline/failure.js";
import { failureMarkdown, validationMarkdown } from "../report/markdown/validation.js";
import { failureLines } from "../report/text.js";
import { log } from "./log.js";
import { NO_PLAN_OUTPUTS, pullRequestComment, type Outcome, type Run } from "./run.js";

export type Flow = "plan" | "apply" | "drift" | "reviews";

/** How each flow words it; a plan's result is commented on the pull request too. */
interface Wording {
  heading: string;
  /** Before what it threw. */
  threw: string;
  /** Before the pipeline's reasons. */
  failed: string;
  /** After "validation failed with N errors". */
  validation: string;
  /** The pipeline the flow runs, whose words the log repeats. */
  pipeline: "plan" | "apply";
  comment: boolean;
}

const WORDING: Record<Flow, Wording> = {
  plan: {
    heading: "asc-gitops plan",
    threw: "The plan could not be made",
    failed: "App Store Connect could not be read",
    validation: "",
    pipeline: "plan",
    comment: true,
  },
  apply: {
    heading: "asc-gitops apply",
    threw: "The apply could not run",
    failed: "Nothing was applied",
    validation: ": nothing was applied",
    pipeline: "apply",
    comment: false,
  },
  drift: {
    heading: "asc-gitops drift",
    threw: "The drift check could not run",
    failed: "Drift was not checked",
    validation: ": drift was not checked",
    pipeline: "apply",
    comment: false,
  },
  reviews: {
    heading: "asc-gitops reviews",
    threw: "The customer reviews could not be read",
    failed: "The customer reviews were not read",
    validation: ": the customer reviews were not read",
    pipeline: "plan",
    comment: false,
  },
};

export type Stop = { thrown: unknown } | { failure?: RunFailure; diagnostics: readonly Diagnostic[] };

export function stoppedOutcome(current: Run, flow: Flow, stop: Stop): Outcome {
  const wording = WORDING[flow];
  const comment = (markdown: (target: "comment" | "summary") => string) =>
    wording.comment ? { comment: pullRequestComment(current, "plan", markdown("comment")) } : {};
  const failed = (message: string): Outcome => {
    const markdown = () => failureMarkdown(wording.heading, message, current.footer);
    return { summary: markdown(), ...comment(markdown), failure: message, outputs: NO_PLAN_OUTPUTS };
  };
  if ("thrown" in stop) return failed(`${wording.threw}: ${stop.thrown instanceof Error ? stop.thrown.message : String(stop.thrown)}`);
  if (stop.failure) for (const line of failureLines(wording.pipeline, stop.failure)) log.info(line);
  const errors = stop.diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
  if (!errors) return failed(`${wording.failed}: ${stop.failure?.messages.join("; ") || "see the log"}`);
  const markdown = (target: "comment" | "summary") =>
    validationMarkdown({ heading: wording.heading, diagnostics: stop.diagnostics, footer: current.footer, target });
  const failure = `validation failed with ${plural(errors, "error", "errors")}${wording.validation}`;
  return { summary: markdown("summary"), ...comment(markdown), failure, outputs: NO_PLAN_OUTPUTS };
}
