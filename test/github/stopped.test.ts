/**
 * A flow that stops before its result says so one way: the job summary, the
 * pull request comment (a plan's only) and the step's failure, from the
 * pipeline's result, never from printed text.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Diagnostic } from "../../src/contracts/diagnostics.js";
import { readConfig } from "../../src/github/config.js";
import type { Run } from "../../src/github/run.js";
import { stoppedOutcome } from "../../src/github/stopped.js";

function pullRequestRun(): Run {
  return {
    config: readConfig(() => ""),
    route: { command: "plan", reason: "a pull request", pullRequest: 7 },
    environment: {
      readInput: () => "",
      event: { eventName: "pull_request", payload: {} },
      sha: "0123456789abcdef",
      workspace: ".",
      tempDir: ".",
      octokit: () => assert.fail("no GitHub call"),
    },
    metadataPath: "metadata",
    footer: { metadataPath: "metadata", sha: "0123456789abcdef" },
    findings: [],
  };
}

const error: Diagnostic = {
  severity: "error",
  rule: "rule",
  file: "metadata/ja.yml",
  line: 4,
  column: 11,
  message: "keywords is 112 characters; the App Store allows 100",
};
const readFailure = { stage: "read" as const, messages: ["no app com.acme.missing (IOS) in App Store Connect"] };

describe("a flow that stopped before its result", () => {
  test("a plan that could not read App Store Connect says why in the summary, the comment and the step's failure", () => {
    const outcome = stoppedOutcome(pullRequestRun(), "plan", { failure: readFailure, diagnostics: [] });
    assert.equal(outcome.failure, "App Store Connect could not be read: no app com.acme.missing (IOS) in App Store Connect");
    assert.match(outcome.summary, /### asc-gitops plan\n\n> \[!CAUTION\]\n> App Store Connect could not be read: no app com\.acme\.missing/);
    assert.equal(outcome.comment?.issue, 7);
    assert.equal(outcome.comment?.body, outcome.summary);
    assert.deepEqual(outcome.outputs, { "has-changes": "false", "change-count": "0", "plan-json": "" });
  });

  test("an apply or a drift check whose files fail lists the errors in the summary, and comments nowhere", () => {
    for (const [flow, failure] of [
      ["apply", "validation failed with 1 error: nothing was applied"],
      ["drift", "validation failed with 1 error: drift was not checked"],
    ] as const) {
      const outcome = stoppedOutcome(pullRequestRun(), flow, { failure: { stage: "validate", messages: [] }, diagnostics: [error] });
      assert.equal(outcome.failure, failure);
      assert.match(
        outcome.summary,
        new RegExp(`### asc-gitops ${flow}[\\s\\S]*Validation failed[\\s\\S]*<code>metadata/ja\\.yml:4:11</code> keywords is 112 characters`),
      );
      assert.equal(outcome.comment, undefined);
    }
  });

  test("what a flow threw (the credentials, the connection) is its failure, worded by the flow", () => {
    const thrown = new Error("apply needs App Store Connect credentials");
    assert.equal(stoppedOutcome(pullRequestRun(), "apply", { thrown }).failure, "The apply could not run: apply needs App Store Connect credentials");
    assert.equal(stoppedOutcome(pullRequestRun(), "drift", { thrown }).failure, "The drift check could not run: apply needs App Store Connect credentials");
    const plan = stoppedOutcome(pullRequestRun(), "plan", { thrown });
    assert.equal(plan.failure, "The plan could not be made: apply needs App Store Connect credentials");
    assert.match(plan.comment?.body ?? "", /The plan could not be made/);
  });

  test("a failure without reasons points at the log", () => {
    assert.equal(stoppedOutcome(pullRequestRun(), "apply", { diagnostics: [] }).failure, "Nothing was applied: see the log");
  });
});
