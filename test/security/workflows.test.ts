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
 *   - no checkout keeps its token in .git/config (persist-credentials: false);
 *     a step that pushes hands the token to git itself, for that push only;
 *   - every `uses:` is pinned to a 40-hex commit SHA, with a comment naming the
 *     version (local `./` actions and docker:// excepted), this action too, in
 *     examples/ as well (there the SHA is a placeholder the user replaces, all
 *     zeros, so a copied workflow fails at once rather than follow a moving tag);
 *     a checkout of another repository (a tool) pins its ref the same way, and
 *     so does code fetched at run time (`npx github:…`);
 *   - npx and npm install/ci never run install scripts of code fetched for the job;
 *   - no job holds the App Store Connect key beside a token that may write the
 *     repository's contents;
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
const WRITE_SCOPES_JUSTIFIED = ["contents", "pull-requests", "issues"] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Mapping = { [key: string]: Json };

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, Json>;
  env?: Record<string, Json>;
  "working-directory"?: string;
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

/** `git push`, also with options before it (`git -c credential.helper=… push`). */
const GIT_PUSH = /\bgit\b[^\n|;&]*?\spush\b/;

const runs = (job: Job, pattern: RegExp) => (job.steps ?? []).some((step) => typeof step.run === "string" && pattern.test(step.run));

/** Why a job may write each scope, or nothing. */
function writeNeeds(workflow: Workflow, job: Job): Record<(typeof WRITE_SCOPES_JUSTIFIED)[number], string | undefined> {
  const commands = ascCommands(workflow, job);
  const reviews = commands.some((item) => item.command === "reviews");
  return {
    contents: runs(job, GIT_PUSH) ? "it runs git push" : reviews ? "the asc-gitops reviews branch (committed through GitHub's API)" : undefined,
    "pull-requests": commands.some((item) => (item.command === "plan" || item.command === "apply") && item.comment)
      ? "the asc-gitops comment on the pull request"
      : reviews
        ? "the asc-gitops reviews pull request"
        : runs(job, /\bgh\s+pr\s+(create|comment|edit|merge|review)\b/)
          ? "it runs gh pr"
          : undefined,
    issues: commands.some((item) => item.command === "drift") ? "the asc-gitops drift issue" : runs(job, /\bgh\s+issue\b/) ? "it runs gh issue" : undefined,
  };
}

/** `uses:` lines whose SHA has no comment naming the version (`# v4.2.2`), from the workflow's text (YAML drops comments). */
function unnamedPins(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => /^\s*(-\s+)?uses:\s*\S+@[0-9a-f]{40}\b/.test(line) && !/#\s*v\d/.test(line))
    .map((line) => `uses ${line.replace(/^.*uses:\s*/, "").trim()} without a comment naming its version (# v1.2.3)`);
}

const isCheckout = (step: Step) => typeof step.uses === "string" && step.uses.startsWith("actions/checkout@");
/** Whether a step hands git a token itself (the checkout kept none). */
const pushesWithOwnToken = (step: Step) =>
  typeof step.run === "string" && /credential\.helper|http\.extraheader|x-access-token/.test(step.run) && JSON.stringify(step.env ?? {}).includes("token");

/** Every problem of one workflow, as "job: what is wrong"; [] when it passes. */
function checkWorkflow(workflow: Workflow): string[] {
  const problems: string[] = [];
  const jobs = Object.entries(workflow.jobs ?? {});
  if (jobs.length === 0) problems.push("no jobs");
  const events = triggers(workflow);

  for (const [name, job] of jobs) {
    const permissions = job.permissions !== undefined ? job.permissions : workflow.permissions;
    const where = `job ${name}`;
    if (permissions === undefined || permissions === null)
      problems.push(`${where}: no permissions block (the workflow's or the job's), so it gets the repository's default token rights`);
    else if (typeof permissions === "string") problems.push(`${where}: permissions: ${permissions} grants every scope; list the scopes it needs`);
    else if (isMapping(permissions)) {
      const needs = writeNeeds(workflow, job);
      for (const [scope, level] of Object.entries(permissions)) {
        if (level !== "write") continue;
        const need = (needs as Record<string, string | undefined>)[scope];
        if (!need)
          problems.push(
            `${where}: ${scope}: write is not needed ` +
              `(nothing in the job ${WRITE_SCOPES_JUSTIFIED.includes(scope as never) ? "uses it" : "may write that scope"})`,
          );
      }
      const holdsKey = JSON.stringify(job.steps ?? []).includes("secrets.ASC_");
      // command: reviews writes its branch itself, through the API; a job of pinned actions only runs no other code beside the key and the token.
      const onlyPinnedActions = (job.steps ?? []).every((step) => typeof step.uses === "string" && step.run === undefined);
      const ascWritesItself = onlyPinnedActions && ascCommands(workflow, job).some((item) => item.command === "reviews");
      if (holdsKey && permissions.contents === "write" && !ascWritesItself)
        problems.push(`${where}: holds the App Store Connect key and may write the repository; pull in one job, push in another`);
    } else problems.push(`${where}: permissions is neither a mapping nor a string`);

    for (const step of job.steps ?? []) {
      if (isCheckout(step) && step.with?.["persist-credentials"] !== false)
        problems.push(
          `${where}: checkout keeps the token in .git/config for every later step; set persist-credentials: false (a push hands git the token itself)`,
        );
      if (isCheckout(step) && typeof step.with?.repository === "string" && !/^[0-9a-f]{40}$/.test(String(step.with?.ref ?? "")))
        problems.push(`${where}: checks out ${step.with.repository} at ${step.with?.ref ?? "its default branch"}, not a full commit SHA`);
      if (typeof step.run === "string" && GIT_PUSH.test(step.run) && !pushesWithOwnToken(step))
        problems.push(
          `${where}: git push without a token of its own (the checkout keeps none): ` +
            "pass it in the step, e.g. -c credential.helper='!gh auth git-credential' with GH_TOKEN",
        );
      // npx fetches code for the job; npm in another folder installs a checked-out tool. Neither may run install scripts.
      // (npm ci in the repository itself installs the project's own locked dependencies.)
      const fetches = step["working-directory"] === undefined ? /\b(npx|npm\s+exec)\b/ : /\b(npx|npm\s+(ci|install|i|exec))\b/;
      if (typeof step.run === "string")
        for (const line of step.run.split("\n"))
          if (fetches.test(line) && !line.includes("--ignore-scripts"))
            problems.push(`${where}: ${line.trim()} runs the install scripts of code fetched for the job; add --ignore-scripts`);
    }

    const uses = [...(job.uses ? [job.uses] : []), ...(job.steps ?? []).map((step) => step.uses).filter((item): item is string => typeof item === "string")];
    for (const reference of uses) {
      if (reference.startsWith("./") || reference.startsWith("docker://")) continue;
      if (SHA_PINNED.test(reference)) continue;
      problems.push(`${where}: uses ${reference}, not pinned to a full commit SHA`);
    }
    for (const step of job.steps ?? []) {
      if (typeof step.run !== "string") continue;
      for (const match of step.run.matchAll(/\bgithub:([\w.-]+\/[\w.-]+)(?:#(\S+))?/g)) {
        const [, repository, ref = ""] = match;
        if (/^[0-9a-f]{40}$/.test(ref)) continue;
        problems.push(
          `${where}: runs github:${repository}${ref ? `#${ref}` : ""}, code not pinned to a full commit SHA` +
            `${ref ? "" : " (the default branch, whatever it holds that day)"}`,
        );
      }
    }

    if (events.includes("pull_request_target")) {
      const untrusted = /github\.event\.pull_request\.head|github\.head_ref|refs\/pull\//;
      for (const step of job.steps ?? []) {
        const checksOutHead =
          (typeof step.uses === "string" && step.uses.startsWith("actions/checkout@") && untrusted.test(JSON.stringify(step.with ?? {}))) ||
          (typeof step.run === "string" &&
            (/\bgh\s+pr\s+checkout\b/.test(step.run) || (/\bgit\s+(checkout|fetch|switch)\b/.test(step.run) && untrusted.test(step.run))));
        if (checksOutHead)
          problems.push(
            `${where}: pull_request_target with a checkout of the pull request's code (it runs with the base repository's secrets and write token)`,
          );
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
    [
      "contents: write without a push",
      { on: "push", permissions: { contents: "write" }, jobs: { build: { steps: [checkout] } } },
      /contents: write is not needed/,
    ],
    [
      "pull-requests: write on a drift run",
      {
        on: { schedule: [{ cron: "0 6 * * *" }] },
        permissions: { contents: "read", "pull-requests": "write", issues: "write" },
        jobs: { drift: { steps: [checkout, { uses: "owner/asc-gitops@0123456789abcdef0123456789abcdef01234567" }] } },
      },
      /pull-requests: write is not needed/,
    ],
    [
      "issues: write on a plan run",
      {
        on: "pull_request",
        permissions: { contents: "read", "pull-requests": "write", issues: "write" },
        jobs: { plan: { steps: [checkout, { uses: "owner/asc-gitops@0123456789abcdef0123456789abcdef01234567" }] } },
      },
      /issues: write is not needed/,
    ],
    [
      "id-token: write",
      { on: "push", permissions: { "id-token": "write" }, jobs: { build: { steps: [checkout] } } },
      /id-token: write is not needed \(nothing in the job may write that scope\)/,
    ],
    [
      "a job's own write-all beside a read-only workflow",
      { on: "push", permissions: { contents: "read" }, jobs: { build: { permissions: "write-all", steps: [checkout] } } },
      /job build: permissions: write-all/,
    ],
    [
      "an action by tag",
      { on: "push", permissions: {}, jobs: { build: { steps: [{ uses: "actions/checkout@v4" }] } } },
      /uses actions\/checkout@v4, not pinned/,
    ],
    [
      "an action by a short SHA",
      { on: "push", permissions: {}, jobs: { build: { steps: [{ uses: "actions/checkout@11bd719" }] } } },
      /not pinned to a full commit SHA/,
    ],
    [
      "a reusable workflow by branch",
      { on: "push", permissions: {}, jobs: { build: { uses: "octo/workflows/.github/workflows/build.yml@main" } } },
      /uses octo\/workflows\/.*@main, not pinned/,
    ],
    [
      "this action by tag (in examples too)",
      {
        on: "pull_request",
        permissions: { contents: "read", "pull-requests": "write" },
        jobs: { plan: { steps: [checkout, { uses: "owner/asc-gitops@v1" }] } },
      },
      /owner\/asc-gitops@v1, not pinned/,
    ],
    [
      "code fetched from a default branch",
      {
        on: "workflow_dispatch",
        permissions: { contents: "read" },
        jobs: { pull: { steps: [{ run: "npx --yes --ignore-scripts github:someone/tool pull" }] } },
      },
      /runs github:someone\/tool, code not pinned/,
    ],
    [
      "code fetched by a moving tag",
      {
        on: "workflow_dispatch",
        permissions: { contents: "read" },
        jobs: { pull: { steps: [{ run: "npx --yes --ignore-scripts --package=github:owner/asc-gitops#v1 asc-gitops pull" }] } },
      },
      /runs github:owner\/asc-gitops#v1, code not pinned/,
    ],
    [
      "npx with install scripts",
      {
        on: "workflow_dispatch",
        permissions: { contents: "read" },
        jobs: { pull: { steps: [{ run: "npx --yes --package=github:owner/asc-gitops#0123456789abcdef0123456789abcdef01234567 asc-gitops pull" }] } },
      },
      /runs the install scripts of code fetched for the job; add --ignore-scripts/,
    ],
    [
      "a checked-out tool installed with its scripts",
      { on: "workflow_dispatch", permissions: { contents: "read" }, jobs: { pull: { steps: [{ run: "npm ci", "working-directory": "tool" }] } } },
      /npm ci runs the install scripts/,
    ],
    [
      "a tool checked out at a tag",
      {
        on: "workflow_dispatch",
        permissions: { contents: "read" },
        jobs: { pull: { steps: [{ uses: checkout.uses, with: { repository: "owner/asc-gitops", ref: "v1", "persist-credentials": false } }] } },
      },
      /checks out owner\/asc-gitops at v1, not a full commit SHA/,
    ],
    [
      "a checkout keeping its token",
      { on: "pull_request", permissions: { contents: "read" }, jobs: { test: { steps: [{ uses: checkout.uses }] } } },
      /persist-credentials: false/,
    ],
    [
      "a push with no token of its own",
      { on: "workflow_dispatch", permissions: { contents: "write" }, jobs: { push: { steps: [checkout, { run: 'git push origin "$branch"' }] } } },
      /git push without a token of its own/,
    ],
    [
      "the App Store Connect key beside a token that may push",
      {
        on: "workflow_dispatch",
        permissions: { contents: "write" },
        jobs: {
          pull: {
            steps: [
              checkout,
              { run: "asc-gitops pull", env: { ASC_PRIVATE_KEY: "${{ secrets.ASC_PRIVATE_KEY }}" } },
              { run: "git -c credential.helper='!gh auth git-credential' push", env: { GH_TOKEN: "${{ github.token }}" } },
            ],
          },
        },
      },
      /holds the App Store Connect key and may write the repository/,
    ],
    [
      "pull_request_target checking out the head",
      {
        on: "pull_request_target",
        permissions: { contents: "read" },
        jobs: { test: { steps: [{ uses: checkout.uses, with: { ref: "${{ github.event.pull_request.head.sha }}", "persist-credentials": false } }] } },
      },
      /pull_request_target with a checkout of the pull request's code/,
    ],
    [
      "pull_request_target with gh pr checkout",
      { on: ["pull_request_target"], permissions: { contents: "read" }, jobs: { test: { steps: [{ run: "gh pr checkout ${{ github.event.number }}" }] } } },
      /pull_request_target with a checkout/,
    ],
  ];
  for (const [what, workflow, expected] of cases)
    test(`${what} is reported`, () => {
      const problems = checkWorkflow(workflow);
      assert.ok(
        problems.some((problem) => expected.test(problem)),
        problems.join("\n") || "no problem found",
      );
    });

  test("a pin without a comment naming its version is reported", () => {
    assert.deepEqual(
      unnamedPins(`    steps:\n      - uses: actions/checkout@${"a".repeat(40)}\n      - uses: actions/setup-node@${"b".repeat(40)} # v4.4.0\n`),
      [`uses actions/checkout@${"a".repeat(40)} without a comment naming its version (# v1.2.3)`],
    );
  });

  test("command: reviews may write its branch and pull request beside the key only in a job of pinned actions alone", () => {
    const reviewsStep = {
      uses: "owner/asc-gitops@0123456789abcdef0123456789abcdef01234567",
      with: { command: "reviews", "private-key": "\${{ secrets.ASC_PRIVATE_KEY }}" },
    };
    const workflow = (steps: Step[]): Workflow => ({
      on: { schedule: [{ cron: "23 7 * * *" }], workflow_dispatch: null },
      permissions: { contents: "write", "pull-requests": "write" },
      jobs: { reviews: { steps } },
    });
    assert.deepEqual(checkWorkflow(workflow([checkout, reviewsStep])), []);
    assert.deepEqual(checkWorkflow(workflow([checkout, { run: "npm ci" }, reviewsStep])), [
      "job reviews: holds the App Store Connect key and may write the repository; pull in one job, push in another",
    ]);
    assert.match(checkWorkflow(workflow([checkout, { ...reviewsStep, with: { command: "drift" } }])).join("\n"), /contents: write is not needed/);
  });

  test("a least-privilege, pinned workflow passes: the key in a read-only job, the push in another with its own token", () => {
    const plan: Workflow = {
      on: { pull_request: { paths: ["metadata/**"] } },
      permissions: { contents: "read", "pull-requests": "write" },
      jobs: {
        plan: {
          steps: [checkout, { uses: "owner/asc-gitops@0123456789abcdef0123456789abcdef01234567", with: { "private-key": "\${{ secrets.ASC_PRIVATE_KEY }}" } }],
        },
      },
    };
    assert.deepEqual(checkWorkflow(plan), []);
    const pull: Workflow = {
      on: "workflow_dispatch",
      permissions: { contents: "read" },
      jobs: {
        pull: {
          permissions: { contents: "read" },
          steps: [
            checkout,
            {
              run: "npx --yes --ignore-scripts --package=github:owner/asc-gitops#0123456789abcdef0123456789abcdef01234567 asc-gitops pull --force",
              env: { ASC_PRIVATE_KEY: "\${{ secrets.ASC_PRIVATE_KEY }}" },
            },
          ],
        },
        "pull-request": {
          permissions: { contents: "write", "pull-requests": "write" },
          steps: [
            checkout,
            {
              run: "git -c credential.helper='!gh auth git-credential' push origin \"$branch\"\ngh pr create --fill",
              env: { GH_TOKEN: "\${{ github.token }}" },
            },
          ],
        },
      },
    };
    assert.deepEqual(checkWorkflow(pull), []);
  });
});

describe("the repository's workflows", () => {
  test("the CI workflows folder exists, and every workflow folder holds at least one workflow", () => {
    assert.ok(
      folders.some((item) => item.folder === ".github/workflows"),
      ".github/workflows exists",
    );
    for (const { folder, files } of folders) assert.ok(files.length > 0, `${folder} exists but holds no workflow`);
  });

  const checked =
    "least-privilege permissions, actions and tools pinned to a commit SHA, " +
    "no kept credentials or install scripts, no pull_request_target checkout of the pull request";
  for (const { folder, files } of folders)
    for (const file of files)
      test(`${file}: ${checked}`, async () => {
        const text = await readFile(path.join(ROOT, file), "utf8");
        const workflow = load(text) as Workflow;
        assert.ok(isMapping(workflow as Json), `${file} is a YAML mapping`);
        assert.deepEqual([...checkWorkflow(workflow), ...unnamedPins(text)], [], file);
      });
});
