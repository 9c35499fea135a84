/**
 * Which command a run performs (DESIGN.md §11): the `command` input, or with
 * `auto` the event that started the workflow. Nothing is ever applied from a
 * branch other than the default one: apply and drift (which applies the dated
 * rotations) are refused on pull requests and on any other ref, whatever the
 * command input says. On pull_request_target (the base repository's secrets
 * beside a pull request's files) the credentials are not used at all.
 */
import type { CommandInput } from "./config.js";

export type RunCommand = "validate" | "plan" | "apply" | "drift" | "analytics" | "reviews";

/** What routing needs of the event (a subset of @actions/github's context). */
export interface EventInfo {
  eventName: string;
  /** refs/heads/main, refs/pull/7/merge… */
  ref?: string;
  payload: {
    repository?: { default_branch?: string };
    pull_request?: {
      number?: number;
      head?: { sha?: string; repo?: { full_name?: string; fork?: boolean } | null };
      base?: { repo?: { full_name?: string } };
    };
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
  /** Set: the run must not use the App Store Connect credentials, for this reason (it validates offline). */
  withoutCredentials?: string;
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

const WHAT_WRITES: Partial<Record<RunCommand, string>> = {
  apply: "apply",
  drift: "drift (it applies the dated rotations)",
  reviews: "reviews (it pushes the reply drafts' branch and may post automatic replies)",
};

/** The events reviews runs on: its own schedule, or started by hand; never a push or a pull request. */
const REVIEWS_EVENTS = new Set(["schedule", "workflow_dispatch"]);

/** Apply, drift and reviews write (to App Store Connect, or the drafts' branch): only from the default branch, never from a pull request. */
function refuseWritesOffTheDefaultBranch(command: RunCommand, event: EventInfo): void {
  const what = WHAT_WRITES[command];
  if (!what) return;
  if (command === "reviews" && !REVIEWS_EVENTS.has(event.eventName))
    throw new RouteError(
      `reviews runs on a schedule or by hand (workflow_dispatch) on the default branch, not on ${event.eventName || "an unnamed event"}: ` +
        "give it a workflow of its own (examples/workflows/asc-reviews.yml)",
    );
  const defaultBranch = event.payload.repository?.default_branch;
  const onPush = `${what} runs ${command === "reviews" ? "on" : "on push to"} the default branch${defaultBranch ? ` ${defaultBranch}` : ""}`;
  if (PULL_REQUEST_EVENTS.has(event.eventName))
    throw new RouteError(
      `${onPush}; on a pull request use plan (command: auto or plan): its files are not merged yet, and are never applied from the pull request's branch`,
    );
  if (!defaultBranch) {
    // GitHub runs scheduled workflows on the default branch only.
    if (event.eventName === "schedule") return;
    throw new RouteError(
      `${onPush}, and the ${event.eventName || "(unnamed)"} event's payload does not name it: ` +
        "nothing is applied on a guess; run it from a push or a workflow_dispatch",
    );
  }
  if (event.ref !== `refs/heads/${defaultBranch}`)
    throw new RouteError(
      `${onPush}; this run is on ${event.ref ?? "no ref"}: use command: plan there, or merge first (started by hand, pick the branch ${defaultBranch})`,
    );
}

export function routeEvent(command: CommandInput, event: EventInfo): Route {
  const route = chooseCommand(command, event);
  refuseWritesOffTheDefaultBranch(route.command, event);
  if (event.eventName === "pull_request_target")
    return {
      ...route,
      withoutCredentials:
        "on pull_request_target the base repository's secrets sit beside a pull request's files, so asc-gitops does not use them; plan on pull_request",
    };
  return route;
}

function chooseCommand(command: CommandInput, event: EventInfo): Route {
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
      if (!defaultBranch)
        throw new RouteError("the push event's payload does not name the repository's default branch; set the command input to apply or plan");
      if (event.ref === `refs/heads/${defaultBranch}`) return { command: "apply", reason: `push to the default branch ${defaultBranch}` };
      return { command: "plan", reason: `push to ${event.ref ?? "a ref"}, not the default branch ${defaultBranch}: plan only, nothing is applied` };
    }
    case "schedule":
      return { command: "drift", reason: "scheduled run" };
    case "workflow_dispatch":
      return { command: "plan", reason: "started by hand (workflow_dispatch)" };
    default:
      throw new RouteError(
        `command auto does not know what to do on a ${name || "(unnamed)"} event (it knows pull_request, push, schedule and workflow_dispatch); ` +
          "set the command input to validate, plan, apply or drift",
      );
  }
}
