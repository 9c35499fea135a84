/**
 * Which command a run performs (DESIGN.md §11): the `command` input, or with
 * `auto` the event that started the workflow. Nothing is ever applied from a
 * branch other than the default one.
 */
import type { CommandInput } from "./config.js";

export type RunCommand = "validate" | "plan" | "apply" | "drift";

/** What routing needs of the event (a subset of @actions/github's context). */
export interface EventInfo {
  eventName: string;
  /** refs/heads/main, refs/pull/7/merge… */
  ref?: string;
  payload: {
    repository?: { default_branch?: string };
    pull_request?: { number?: number; head?: { repo?: { full_name?: string; fork?: boolean } | null }; base?: { repo?: { full_name?: string } } };
    [key: string]: unknown;
  };
}

export interface Route {
  command: RunCommand;
  /** Why this command, for the log. */
  reason: string;
  /** The pull request the run belongs to (pull_request events): where the plan comment goes. */
  pullRequest?: number;
  /** Whether that pull request comes from a fork (its runs get no secrets). */
  fromFork?: boolean;
}

const PULL_REQUEST_EVENTS = new Set(["pull_request", "pull_request_target"]);

export class RouteError extends Error {
  override name = "RouteError";
}

function pullRequestOf(event: EventInfo): Pick<Route, "pullRequest" | "fromFork"> {
  if (!PULL_REQUEST_EVENTS.has(event.eventName)) return {};
  const pull = event.payload.pull_request;
  if (typeof pull?.number !== "number") return {};
  const head = pull.head?.repo?.full_name;
  const base = pull.base?.repo?.full_name;
  // A deleted fork has no head repository: it is a fork all the same.
  const fromFork = pull.head?.repo?.fork === true || pull.head?.repo === null || (head !== undefined && base !== undefined && head !== base);
  return { pullRequest: pull.number, fromFork };
}

export function routeEvent(command: CommandInput, event: EventInfo): Route {
  const pull = pullRequestOf(event);
  if (command !== "auto") return { command, reason: `the command input is ${command}`, ...pull };
  const name = event.eventName;
  if (PULL_REQUEST_EVENTS.has(name)) {
    if (pull.pullRequest === undefined) throw new RouteError(`the ${name} event has no pull request number in its payload`);
    return { command: "plan", reason: `${name} #${pull.pullRequest}`, ...pull };
  }
  switch (name) {
    case "push": {
      const defaultBranch = event.payload.repository?.default_branch;
      if (!defaultBranch) throw new RouteError("the push event's payload does not name the repository's default branch; set the command input to apply or plan");
      if (event.ref === `refs/heads/${defaultBranch}`) return { command: "apply", reason: `push to the default branch ${defaultBranch}` };
      return { command: "plan", reason: `push to ${event.ref ?? "a ref"}, not the default branch ${defaultBranch}: plan only, nothing is applied` };
    }
    case "schedule":
      return { command: "drift", reason: "scheduled run" };
    case "workflow_dispatch":
      return { command: "plan", reason: "started by hand (workflow_dispatch)" };
    default:
      throw new RouteError(
        `command auto does not know what to do on a ${name || "(unnamed)"} event (it knows pull_request, push, schedule and workflow_dispatch); set the command input to validate, plan, apply or drift`,
      );
  }
}
