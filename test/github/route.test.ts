import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { routeEvent, RouteError, type EventInfo } from "../../src/github/route.js";

const repository = { default_branch: "main" };
const pullRequest = (fork: boolean): EventInfo => ({
  eventName: "pull_request",
  ref: "refs/pull/7/merge",
  payload: {
    repository,
    pull_request: { number: 7, head: { repo: { full_name: fork ? "someone/fitness" : "acme/fitness", fork } }, base: { repo: { full_name: "acme/fitness" } } },
  },
});

describe("command auto follows the event", () => {
  const cases: [string, EventInfo, string][] = [
    ["a pull request plans", pullRequest(false), "plan"],
    ["a push to the default branch applies", { eventName: "push", ref: "refs/heads/main", payload: { repository } }, "apply"],
    ["a push to another branch only plans", { eventName: "push", ref: "refs/heads/feature", payload: { repository } }, "plan"],
    ["a tag push only plans", { eventName: "push", ref: "refs/tags/v1", payload: { repository } }, "plan"],
    ["a scheduled run reports drift", { eventName: "schedule", payload: {} }, "drift"],
    ["a run started by hand plans", { eventName: "workflow_dispatch", ref: "refs/heads/main", payload: { repository } }, "plan"],
  ];
  for (const [name, event, command] of cases) test(name, () => assert.equal(routeEvent("auto", event).command, command));

  test("a pull request run knows its number and whether it comes from a fork", () => {
    assert.deepEqual(
      { ...routeEvent("auto", pullRequest(false)), reason: undefined },
      { command: "plan", pullRequest: 7, fromFork: false, reason: undefined },
    );
    assert.equal(routeEvent("auto", pullRequest(true)).fromFork, true);
    const deletedFork: EventInfo = { eventName: "pull_request", payload: { pull_request: { number: 8, head: { repo: null }, base: { repo: { full_name: "acme/fitness" } } } } };
    assert.equal(routeEvent("auto", deletedFork).fromFork, true);
  });

  test("an explicit command wins over the event, and keeps the pull request for the comment", () => {
    const route = routeEvent("validate", pullRequest(true));
    assert.equal(route.command, "validate");
    assert.equal(route.pullRequest, 7);
    assert.equal(routeEvent("apply", { eventName: "workflow_dispatch", payload: {} }).command, "apply");
    assert.equal(routeEvent("drift", { eventName: "push", ref: "refs/heads/main", payload: { repository } }).command, "drift");
  });

  test("an event auto does not know is a clear error that says what to set", () => {
    assert.throws(() => routeEvent("auto", { eventName: "issue_comment", payload: {} }), (error: unknown) => {
      assert.ok(error instanceof RouteError);
      assert.match(error.message, /command auto does not know what to do on a issue_comment event.*set the command input to validate, plan, apply or drift/);
      return true;
    });
  });

  test("a push whose payload does not name the default branch is never applied by guess", () => {
    assert.throws(() => routeEvent("auto", { eventName: "push", ref: "refs/heads/main", payload: {} }), /does not name the repository's default branch/);
  });
});
