import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FOLDER = path.join(ROOT, "examples", "workflows");

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
}

const read = (name: string) => load(readFileSync(path.join(FOLDER, name), "utf8")) as Workflow;
const inputs = Object.keys((load(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, unknown> }).inputs);

describe("the example workflows", () => {
  test("there is one per event: plan, apply, drift, a pull by hand, the daily analytics and the customer reviews", () => {
    assert.deepEqual(readdirSync(FOLDER).sort(), ["asc-analytics.yml", "asc-apply.yml", "asc-drift.yml", "asc-plan.yml", "asc-pull.yml", "asc-reviews.yml"]);
  });

  test("asc-analytics.yml: daily; the job with the key reads only, the job that pushes the data branch never sees the key; every action pinned", () => {
    const workflow = read("asc-analytics.yml");
    assert.deepEqual(Object.keys(workflow.on).sort(), ["schedule", "workflow_dispatch"]);
    assert.deepEqual(workflow.permissions, { contents: "read" });
    const jobs = workflow.jobs as Record<
      string,
      { permissions: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, string> }[] }
    >;
    assert.deepEqual(jobs.analytics!.permissions, { contents: "read" });
    assert.deepEqual(jobs.keep!.permissions, { contents: "write" });
    assert.ok(!JSON.stringify(jobs.keep).includes("secrets.ASC_"), "the job that pushes never sees the key");
    const step = jobs.analytics!.steps.find((candidate) => candidate.uses?.startsWith("owner/asc-gitops@"))!;
    assert.equal(step.with!.command, "analytics");
    for (const input of Object.keys(step.with ?? {})) assert.ok(inputs.includes(input), `${input} is an input of action.yml`);
    assert.ok(jobs.keep!.steps.some((candidate) => candidate.run?.includes("git push -q --force") && candidate.run.includes("asc-gitops-data")));
    for (const other of Object.values(jobs).flatMap((job) => job.steps))
      if (other.uses && !other.uses.startsWith("owner/asc-gitops@")) assert.match(other.uses, /^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
  });

  test("asc-reviews.yml: on a schedule and by hand; contents and pull-requests write only here; the action pinned, no git push", () => {
    const workflow = read("asc-reviews.yml");
    assert.deepEqual(Object.keys(workflow.on).sort(), ["schedule", "workflow_dispatch"]);
    assert.deepEqual(workflow.permissions, { contents: "write", "pull-requests": "write" });
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const step = steps.find((candidate) => candidate.uses?.startsWith("owner/asc-gitops@"))!;
    assert.equal(step.with!.command, "reviews");
    for (const input of Object.keys(step.with ?? {})) assert.ok(inputs.includes(input), `${input} is an input of action.yml`);
    for (const other of steps) if (other.uses && !other.uses.startsWith("owner/asc-gitops@")) assert.match(other.uses, /^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
    assert.ok(!steps.some((candidate) => "run" in candidate), "the action commits through the API: no script step");
    for (const other of ["asc-apply.yml", "asc-drift.yml", "asc-plan.yml", "asc-analytics.yml", "asc-pull.yml"]) {
      const { permissions } = read(other);
      assert.ok(!(permissions.contents === "write" && permissions["pull-requests"] === "write"), `${other} has the reviews workflow's permissions`);
    }
  });

  test("asc-pull.yml: by hand only; one job pulls with the key and reads only, another pushes a branch and opens a pull request without it", () => {
    const workflow = read("asc-pull.yml");
    assert.deepEqual(Object.keys(workflow.on), ["workflow_dispatch"]);
    assert.deepEqual(workflow.permissions, { contents: "read" });
    const jobs = workflow.jobs as Record<
      string,
      { permissions: Record<string, string>; steps: { uses?: string; run?: string; env?: Record<string, string> }[] }
    >;
    assert.deepEqual(jobs.pull!.permissions, { contents: "read" });
    assert.deepEqual(jobs["pull-request"]!.permissions, { contents: "write", "pull-requests": "write" });
    assert.ok(jobs.pull!.steps.some((step) => step.run?.includes("asc-gitops.js pull --force") && step.env?.ASC_PRIVATE_KEY));
    assert.ok(!JSON.stringify(jobs["pull-request"]).includes("secrets.ASC_"), "the job that pushes never sees the key");
    assert.ok(jobs["pull-request"]!.steps.some((step) => step.run?.includes("gh pr create")));
    for (const step of Object.values(jobs).flatMap((job) => job.steps)) if (step.uses) assert.match(step.uses, /^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
  });

  for (const name of ["asc-apply.yml", "asc-drift.yml", "asc-plan.yml"]) {
    test(`${name}: least privilege, third-party actions pinned by SHA, only inputs the action has`, () => {
      const workflow = read(name);
      assert.equal(workflow.permissions.contents, "read");
      assert.ok(Object.values(workflow.permissions).every((level) => level === "read" || level === "write"));
      assert.ok(Object.keys(workflow.permissions).length <= 2, "no permission beyond what the action uses");
      for (const step of Object.values(workflow.jobs).flatMap((job) => job.steps)) {
        if (!step.uses) continue;
        if (step.uses.startsWith("owner/asc-gitops@")) {
          for (const input of Object.keys(step.with ?? {})) assert.ok(inputs.includes(input), `${input} is an input of action.yml`);
        } else assert.match(step.uses, /^[\w-]+\/[\w-]+@[0-9a-f]{40}$/, `${step.uses} is pinned to a commit`);
      }
    });
  }

  test("pull requests and pushes run only for the listing's files; applies are serial, with the drift run in the same queue", () => {
    const plan = read("asc-plan.yml");
    const apply = read("asc-apply.yml");
    assert.deepEqual((plan.on.pull_request as { paths: string[] }).paths, ["metadata/**", "screenshots/**", "reviews/**"]);
    assert.deepEqual((apply.on.push as { paths: string[] }).paths, ["metadata/**", "screenshots/**", "reviews/**"]);
    assert.deepEqual(apply.concurrency, { group: "asc-apply", "cancel-in-progress": false });
    assert.deepEqual(read("asc-drift.yml").concurrency, apply.concurrency);
    assert.equal(plan.permissions["pull-requests"], "write");
  });
});
