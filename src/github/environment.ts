/** What the action needs of its surroundings: the runner's by default, replaceable in tests. */
import * as github from "@actions/github";
import type { Octokit, Repository } from "./comment.js";
import { runnerInputs, type InputReader } from "./config.js";
import type { EventInfo } from "./route.js";

export interface ActionEnvironment {
  readInput: InputReader;
  event: EventInfo;
  sha: string;
  repository?: Repository;
  /** The checked-out repository (GITHUB_WORKSPACE): paths in annotations are relative to it. */
  workspace: string;
  /** Where the plan and report JSON files go (RUNNER_TEMP). */
  tempDir: string;
  runUrl?: string;
  /** GITHUB_SERVER_URL: https://github.com, or a GitHub Enterprise Server's. */
  serverUrl?: string;
  octokit(token: string): Octokit;
}

export function runnerEnvironment(env: NodeJS.ProcessEnv = process.env): ActionEnvironment {
  const context = github.context;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const repository = owner && repo ? { owner, repo } : undefined;
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const runUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID && repository ? `${env.GITHUB_SERVER_URL}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return {
    readInput: runnerInputs,
    event: { eventName: context.eventName ?? "", ...(context.ref ? { ref: context.ref } : {}), payload: context.payload as EventInfo["payload"] },
    sha: context.sha ?? "",
    ...(repository ? { repository } : {}),
    workspace,
    tempDir: env.RUNNER_TEMP || workspace,
    ...(runUrl ? { runUrl } : {}),
    ...(env.GITHUB_SERVER_URL ? { serverUrl: env.GITHUB_SERVER_URL } : {}),
    octokit: (token) => github.getOctokit(token),
  };
}
