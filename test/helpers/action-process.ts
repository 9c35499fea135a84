/**
 * The GitHub Action run as the runner runs it: the committed dist/index.js in
 * a process of its own, its inputs as INPUT_* (every input of action.yml set,
 * given or not), the event file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { load } from "js-yaml";
import { ROOT } from "./cli.js";

/** action.yml's defaults, with the github-token default (`${{ github.token }}`) given as `githubToken`. */
export function actionDefaults(githubToken: string): Record<string, string> {
  const action = load(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, { default?: string }> };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, input.default === "${{ github.token }}" ? githubToken : (input.default ?? "")]),
  );
}

export interface ActionProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
}

export interface ActionProcessOptions {
  /** The checkout the action runs in (GITHUB_WORKSPACE). */
  repo: string;
  /** A folder for the run's own files (event, output, summary, RUNNER_TEMP). */
  work: string;
  event: string;
  payload: object;
  sha: string;
  /** Every input, by action.yml's name. */
  inputs: Record<string, string>;
  githubApiUrl: string;
  runId: string;
}

export async function runActionProcess(options: ActionProcessOptions): Promise<ActionProcessRun> {
  const folder = await mkdtemp(path.join(options.work, "run-"));
  const files = { event: path.join(folder, "event.json"), output: path.join(folder, "output.txt"), summary: path.join(folder, "summary.md") };
  await mkdir(path.join(folder, "temp"));
  await writeFile(files.event, JSON.stringify(options.payload));
  await writeFile(files.output, "");
  await writeFile(files.summary, "");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    NO_COLOR: "1",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: "acme/fitness",
    GITHUB_SHA: options.sha,
    GITHUB_REF: "refs/heads/main",
    GITHUB_WORKSPACE: options.repo,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_API_URL: options.githubApiUrl,
    GITHUB_SERVER_URL: "http://127.0.0.1",
    GITHUB_RUN_ID: options.runId,
    RUNNER_TEMP: path.join(folder, "temp"),
    ...Object.fromEntries(Object.entries(options.inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
  };
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [path.join(ROOT, "dist", "index.js")], { cwd: options.repo, env, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: out, stderr: err }),
    ),
  );
  return { code, stdout, stderr, summary: await readFile(files.summary, "utf8") };
}

/** The log as the runner shows it: without the ::add-mask:: commands. */
export const shownLog = (stdout: string): string =>
  stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");

/** What the action masked. */
export const maskedValues = (stdout: string): string[] =>
  stdout
    .split("\n")
    .filter((line) => line.startsWith("::add-mask::"))
    .map((line) => line.slice("::add-mask::".length));
