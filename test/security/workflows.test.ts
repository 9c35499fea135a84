/**
 * DESIGN.md §9, security: workflows use least-privilege `permissions:`, and
 * every action they run is pinned to a full commit SHA (a tag can be moved to
 * other code; a SHA cannot). Every workflow under .github/workflows/ and
 * examples/workflows/ is parsed and checked:
 *   - each job runs under an explicit permissions block (the workflow's or its own);
 *   - no write-all or read-all, and each write is one the workflow uses:
 *     contents (a `git push`), pull-requests (the asc-gitops plan or apply
 *     comment, or `gh pr`), issues (the asc-gitops drift issue, or `gh issue`);
 *     no other scope is written;
 *   - a checkout under write permissions keeps no credentials unless the job pushes;
 *   - every `uses:` is pinned to a 40-hex commit SHA (local `./` actions and
 *     docker:// excepted), and so is code fetched at run time (`npx github:…`);
 *     in examples/ only, this action's own reference may be a version tag: it
 *     is the placeholder a user replaces with the SHA of the release they pick;
 *   - pull_request_target never checks out the pull request's code.
 * The checks are plain functions, tested on bad workflows first so that a
 * clean result means something.
 */
import assert from "node:assert/strict";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { load } from "js-yaml";
import { ROOT } from "../helpers/apply-harness.js";

const FOLDERS = [".github/workflows", "examples/workflows"] as const;
const SHA_PINNED = /^[^@\s]+@[0-9a-f]{40}$/;
/** This action, as a user's workflow names it (`owner/asc-gitops@…`), or the repository's own `./`. */
const THIS_ACTION = /^[\w.-]+\/asc-gitops(@|$)/;
const VERSION_TAG = /^v\d+(\.\d+){0,2}$/;
const WRITE_SCOPES_JUSTIFIED = ["contents", "pull-requests", "issues"] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Mapping = { [key: string]: Json };

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, Json>;
}

interface Job {
  permissions?: Json;
  uses?: string;
  steps?: Step[];
}

interface Workflow {
  on?: Json;
  permissions?: Json;
  jobs?: Record<string, Job>;
}

const isMapping = (value: Json | undefined): value is Mapping => typeof value === "object" && value !== null && !Array.isArray(value);

/** The events a workflow runs on, whatever form `on:` takes. */
function triggers(workflow: Workflow): string[] {
  const on = workflow.on;
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.map(String);
  return isMapping(on) ? Object.keys(on) : [];
}

/** The commands the asc-gitops action runs in this job: its `command` input, or what `auto` picks for the workflow's events. */
function ascCommands(workflow: Workflow, job: Job): { command: string; comment: boolean }[] {
  const events = triggers(workflow);
  return (job.steps ?? [])
    .filter((step) => typeof step.uses === "string" && (THIS_ACTION.test(step.uses) || step.uses === "./"))
    .flatMap((step) => {
      const comment = String(step.with?.comment ?? "true") !== "false";
      const command = String(step.with?.command ?? "auto");
      if (command !== "auto") return [{ command, comment }];
      const auto: Record<string, string> = { pull_request: "plan", push: "apply", schedule: "drift", workflow_dispatch: "plan" };
      return events.filter((event) => auto[event]).map((event) => ({ command: auto[event]!, comment: comment && event !== "workflow_dispatch" }));
    });
}

const runs = (job: Job, pattern: RegExp) => (job.steps ?? []).some((step) => typeof step.run === "string" && pattern.test(step.run));

/** Why a job may write each scope, or nothing. */
function writeNeeds(workflow: Workflow, job: Job): Record<(typeof WRITE_SCOPES_JUSTIFIED)[number], string | undefined> {
  const commands = ascCommands(workflow, job);
  return {
    contents: runs(job, /\bgit\s+push\b/) ? "it runs git push" : undefined,
    "pull-requests": commands.some((item) => (item.command === "plan" || item.command === "apply") && item.comment)
      ? "the asc-gitops comment on the pull request"
      : runs(job, /\bgh\s+pr\s+(create|comment|edit|merge|review)\b/)
        ? "it runs gh pr"
        : undefined,
    issues: commands.some((item) => item.command === "drift") ? "the asc-gitops drift issue" : runs(job, /\bgh\s+issue\b/) ? "it runs gh issue" : undefined,
  };
}

/** Every problem of one workflow, as "job: what is wrong"; [] when it passes. */
function checkWorkflow(workflow: Workflow, options: { example: boolean }): string[] {
  const problems: string[] = [];
  const jobs = Object.entries(workflow.jobs ?? {});
  if (jobs.length === 0) problems.push("no jobs");
  const events = triggers(workflow);

  for (const [name, job] of jobs) {
    const permissions = job.permissions !== undefined ? job.permissions : workflow.permissions;
    const where = `job ${name}`;
    if (permissions === undefined || permissions === null) problems.push(`${where}: no permissions block (the workflow's or the job's), so it gets the repository's default token rights`);
    else if (typeof permissions === "string") problems.push(`${where}: permissions: ${permissions} grants every scope; list the scopes it needs`);
    else if (isMapping(permissions)) {
      const needs = writeNeeds(workflow, job);
      for (const [scope, level] of Object.entries(permissions)) {
        if (level !== "write") continue;
        const need = (needs as Record<string, string | undefined>)[scope];
        if (!need) problems.push(`${where}: ${scope}: write is not needed (nothing in the job ${WRITE_SCOPES_JUSTIFIED.includes(scope as never) ? "uses it" : "may write that scope"})`);
      }
      const writes = Object.values(permissions).includes("write");
      const pushes = runs(job, /\bgit\s+push\b/);
      for (const step of job.steps ?? [])
        if (writes && !pushes && typeof step.uses === "string" && step.uses.startsWith("actions/checkout@") && step.with?.["persist-credentials"] !== false)
          problems.push(`${where}: checkout keeps the token in .git/config although the job never pushes; set persist-credentials: false`);
    } else problems.push(`${where}: permissions is neither a mapping nor a string`);

    const uses = [...(job.uses ? [job.uses] : []), ...(job.steps ?? []).map((step) => step.uses).filter((item): item is string => typeof item === "string")];
    for (const reference of uses) {
      if (reference.startsWith("./") || reference.startsWith("docker://")) continue;
      if (SHA_PINNED.test(reference)) continue;
      const ref = reference.split("@")[1] ?? "";
      if (options.example && THIS_ACTION.test(reference) && VERSION_TAG.test(ref)) continue;
      problems.push(`${where}: uses ${reference}, not pinned to a full commit SHA`);
    }
    for (const step of job.steps ?? []) {
      if (typeof step.run !== "string") continue;
      for (const match of step.run.matchAll(/\bgithub:([\w.-]+\/[\w.-]+)(?:#(\S+))?/g)) {
        const [, repository, ref = ""] = match;
        if (/^[0-9a-f]{40}$/.test(ref)) continue;
        if (options.example && /\/asc-gitops$/.test(repository!) && VERSION_TAG.test(ref)) continue;
        problems.push(`${where}: runs github:${repository}${ref ? `#${ref}` : ""}, code not pinned to a full commit SHA${ref ? "" : " (the default branch, whatever it holds that day)"}`);
      }
    }

    if (events.includes("pull_request_target")) {
      const untrusted = /github\.event\.pull_request\.head|github\.head_ref|refs\/pull\//;
      for (const step of job.steps ?? []) {
        const checksOutHead =
          (typeof step.uses === "string" && step.uses.startsWith("actions/checkout@") && untrusted.test(JSON.stringify(step.with ?? {}))) ||
          (typeof step.run === "string" && (/\bgh\s+pr\s+checkout\b/.test(step.run) || (/\bgit\s+(checkout|fetch|switch)\b/.test(step.run) && untrusted.test(step.run))));
        if (checksOutHead) problems.push(`${where}: pull_request_target with a checkout of the pull request's code (it runs with the base repository's secrets and write token)`);
      }
    }
  }
  return problems;
}

async function exists(folder: string): Promise<boolean> {
  return stat(folder).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/** The workflow files of each folder that exists. */
async function workflowFolders(): Promise<{ folder: string; files: string[] }[]> {
  const found: { folder: string; files: string[] }[] = [];
  for (const folder of FOLDERS) {
    const full = path.join(ROOT, folder);
    if (!(await exists(full))) continue;
    const files = (await readdir(full)).filter((name) => /\.ya?ml$/.test(name)).sort();
    found.push({ folder, files: files.map((name) => path.join(folder, name)) });
  }
  return found;
}

const folders = await workflowFolders();

describe("the workflow checks catch what they look for", () => {
  const checkout = { uses: "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", with: { "persist-credentials": false } };
  const cases: [string, Workflow, RegExp][] = [
    ["no permissions at all", { on: "push", jobs: { build: { steps: [checkout] } } }, /no permissions block/],
    ["write-all", { on: "push", permissions: "write-all", jobs: { build: { steps: [checkout] } } }, /permissions: write-all grants every scope/],
    ["contents: write without a push", { on: "push", permissions: { contents: "write" }, jobs: { build: { steps: [checkout] } } }, /contents: write is not needed/],
    ["pull-requests: write on a drift run", { on: { schedule: [{ cron: "0 6 * * *" }] }, permissions: { contents: "read", "pull-requests": "write", issues: "write" }, jobs: { drift: { steps: [checkout, { uses: "owner/asc-gitops@0123456789abcdef0123456789abcdef01234567" }] } } }, /pull-requests: write is not needed/],
    ["issues: write on a plan run", { on: "pull_request", permissions: { contents: "read", "pull-requests": "write", issues: "write" }, jobs: { plan: { steps: [checkout, { uses: "owner/asc-gitops@0123456789abcdef0123456789abcdef01234567" }] } } }, /issues: write is not needed/],
    ["id-token: write", { on: "push", permissions: { "id-token": "write" }, jobs: { build: { steps: [checkout] } } }, /id-token: write is not needed \(nothing in the job may write that scope\)/],
    ["a job's own write-all beside a read-only workflow", { on: "push", permissions: { contents: "read" }, jobs: { build: { permissions: "write-all", steps: [checkout] } } }, /job build: permissions: write-all/],
    ["an action by tag", { on: "push", permissions: {}, jobs: { build: { steps: [{ uses: "actions/checkout@v4" }] } } }, /uses actions\/checkout@v4, not pinned/],
    ["an action by a short SHA", { on: "push", permissions: {}, jobs: { build: { steps: [{ uses: "actions/checkout@11bd719" }] } } }, /not pinned to a full commit SHA/],
    ["a reusable workflow by branch", { on: "push", permissions: {}, jobs: { build: { uses: "octo/workflows/.github/workflows/build.yml@main" } } }, /uses octo\/workflows\/.*@main, not pinned/],
    ["this action by tag outside examples", { on: "pull_request", permissions: { contents: "read", "pull-requests": "write" }, jobs: { plan: { steps: [checkout, { uses: "owner/asc-gitops@v1" }] } } }, /owner\/asc-gitops@v1, not pinned/],
    ["code fetched from a default branch", { on: "workflow_dispatch", permissions: { contents: "read" }, jobs: { pull: { steps: [{ run: "npx --yes github:someone/tool pull" }] } } }, /runs github:someone\/tool, code not pinned/],
    ["a checkout keeping its token under write permissions", { on: "pull_request", permissions: { contents: "read", "pull-requests": "write" }, jobs: { plan: { steps: [{ uses: checkout.uses }, { uses: "owner/asc-gitops@0123456789abcdef0123456789abcdef01234567" }] } } }, /persist-credentials: false/],
    [
      "pull_request_target checking out the head",
      { on: "pull_request_target", permissions: { contents: "read" }, jobs: { test: { steps: [{ uses: checkout.uses, with: { ref: "${{ github.event.pull_request.head.sha }}", "persist-credentials": false } }] } } },
      /pull_request_target with a checkout of the pull request's code/,
    ],
    ["pull_request_target with gh pr checkout", { on: ["pull_request_target"], permissions: { contents: "read" }, jobs: { test: { steps: [{ run: "gh pr checkout ${{ github.event.number }}" }] } } }, /pull_request_target with a checkout/],
  ];
  for (const [what, workflow, expected] of cases)
    test(`${what} is reported`, () => {
      const problems = checkWorkflow(workflow, { example: false });
      assert.ok(problems.some((problem) => expected.test(problem)), problems.join("\n") || "no problem found");
    });

  test("a least-privilege, pinned workflow passes, and an example may name this action by version tag", () => {
    const plan: Workflow = {
      on: { pull_request: { paths: ["metadata/**"] } },
      permissions: { contents: "read", "pull-requests": "write" },
      jobs: { plan: { steps: [checkout, { uses: "owner/asc-gitops@v1", with: { "private-key": "${{ secrets.ASC_PRIVATE_KEY }}" } }] } },
    };
    assert.deepEqual(checkWorkflow(plan, { example: true }), []);
    const pull: Workflow = {
      on: "workflow_dispatch",
      permissions: { contents: "write", "pull-requests": "write" },
      jobs: { pull: { steps: [{ uses: checkout.uses }, { run: "npx --yes github:owner/asc-gitops#v1 pull --force" }, { run: 'git push origin "$branch"\ngh pr create --fill' }] } },
    };
    assert.deepEqual(checkWorkflow(pull, { example: true }), []);
  });
});

describe("the repository's workflows", () => {
  test("the CI workflows folder exists, and every workflow folder holds at least one workflow", () => {
    assert.ok(folders.some((item) => item.folder === ".github/workflows"), ".github/workflows exists");
    for (const { folder, files } of folders) assert.ok(files.length > 0, `${folder} exists but holds no workflow`);
  });

  for (const { folder, files } of folders)
    for (const file of files)
      test(`${file}: least-privilege permissions, actions pinned to a commit SHA, no pull_request_target checkout of the pull request`, async () => {
        const workflow = load(await readFile(path.join(ROOT, file), "utf8")) as Workflow;
        assert.ok(isMapping(workflow as Json), `${file} is a YAML mapping`);
        assert.deepEqual(checkWorkflow(workflow, { example: folder === "examples/workflows" }), [], file);
      });
});
