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
    assert.deepEqual({ ...routeEvent("auto", pullRequest(false)), reason: undefined }, { command: "plan", pullRequest: 7, fromFork: false, reason: undefined });
    assert.equal(routeEvent("auto", pullRequest(true)).fromFork, true);
    const deletedFork: EventInfo = {
      eventName: "pull_request",
      payload: { pull_request: { number: 8, head: { repo: null }, base: { repo: { full_name: "acme/fitness" } } } },
    };
    assert.equal(routeEvent("auto", deletedFork).fromFork, true);
  });

  test("an explicit command wins over the event, and keeps the pull request for the comment", () => {
    const route = routeEvent("validate", pullRequest(true));
    assert.equal(route.command, "validate");
    assert.equal(route.pullRequest, 7);
    assert.equal(routeEvent("apply", { eventName: "workflow_dispatch", ref: "refs/heads/main", payload: { repository } }).command, "apply");
    assert.equal(routeEvent("drift", { eventName: "push", ref: "refs/heads/main", payload: { repository } }).command, "drift");
  });

  test("an event auto does not know is a clear error that says what to set", () => {
    assert.throws(
      () => routeEvent("auto", { eventName: "issue_comment", payload: {} }),
      (error: unknown) => {
        assert.ok(error instanceof RouteError);
        assert.match(error.message, /command auto does not know what to do on a issue_comment event.*set the command input to validate, plan, apply or drift/);
        return true;
      },
    );
  });

  test("a push whose payload does not name the default branch is never applied by guess", () => {
    assert.throws(() => routeEvent("auto", { eventName: "push", ref: "refs/heads/main", payload: {} }), /does not name the repository's default branch/);
  });
});

describe("nothing is applied from a branch other than the default one", () => {
  const refused = (command: "apply" | "drift", event: EventInfo, message: RegExp) =>
    assert.throws(
      () => routeEvent(command, event),
      (error: unknown) => {
        assert.ok(error instanceof RouteError);
        assert.match(error.message, message);
        return true;
      },
    );

  test("command: apply on a pull request is refused, saying to plan there", () => {
    refused("apply", pullRequest(false), /^apply runs on push to the default branch main; on a pull request use plan \(command: auto or plan\)/);
    refused("drift", pullRequest(false), /^drift \(it applies the dated rotations\) runs on push to the default branch main; on a pull request use plan/);
    refused("apply", { ...pullRequest(true), eventName: "pull_request_target", ref: "refs/heads/main" }, /on a pull request use plan/);
  });

  test("command: apply on another branch, a tag, or a dispatch from another branch is refused", () => {
    refused(
      "apply",
      { eventName: "push", ref: "refs/heads/feature", payload: { repository } },
      /this run is on refs\/heads\/feature: use command: plan there, or merge first/,
    );
    refused("apply", { eventName: "push", ref: "refs/tags/v1", payload: { repository } }, /this run is on refs\/tags\/v1/);
    refused("drift", { eventName: "workflow_dispatch", ref: "refs/heads/feature", payload: { repository } }, /pick the branch main/);
    refused("apply", { eventName: "release", ref: "refs/tags/v1", payload: {} }, /payload does not name it: nothing is applied on a guess/);
  });

  test("the default branch applies; a scheduled run (always on the default branch) drifts", () => {
    assert.equal(routeEvent("apply", { eventName: "push", ref: "refs/heads/main", payload: { repository } }).command, "apply");
    assert.equal(routeEvent("auto", { eventName: "schedule", ref: "refs/heads/main", payload: { repository } }).command, "drift");
    assert.equal(routeEvent("drift", { eventName: "schedule", payload: {} }).command, "drift");
  });

  test("pull_request_target plans without the credentials: its secrets sit beside a pull request's files", () => {
    const route = routeEvent("auto", { ...pullRequest(true), eventName: "pull_request_target", ref: "refs/heads/main" });
    assert.equal(route.command, "plan");
    assert.match(route.withoutCredentials ?? "", /does not use them; plan on pull_request/);
    assert.equal(routeEvent("auto", pullRequest(true)).withoutCredentials, undefined, "pull_request is not concerned");
  });
});

describe("command: reviews pushes its drafts' branch: only the default branch's schedule or a dispatch", () => {
  test("a scheduled run and a dispatch on the default branch run it", () => {
    assert.equal(routeEvent("reviews", { eventName: "schedule", payload: {} }).command, "reviews");
    assert.equal(routeEvent("reviews", { eventName: "workflow_dispatch", ref: "refs/heads/main", payload: { repository } }).command, "reviews");
  });

  test("a push, a pull request, pull_request_target or a dispatch from another branch is refused, saying where it runs", () => {
    const refused: EventInfo[] = [
      { eventName: "push", ref: "refs/heads/main", payload: { repository } },
      pullRequest(true),
      { ...pullRequest(false), eventName: "pull_request_target" },
      { eventName: "workflow_dispatch", ref: "refs/heads/feature", payload: { repository } },
    ];
    for (const event of refused)
      assert.throws(
        () => routeEvent("reviews", event),
        (error: unknown) => error instanceof RouteError && /reviews/.test(error.message) && /default branch/.test(error.message),
        event.eventName,
      );
  });
});
