/**
 * metadata/review.yml through the real command line against a sandbox
 * process: the plan shows the App Review change, apply makes it, the next plan
 * shows none; a hand edit in App Store Connect is drift; the demo account
 * password comes from its variable, is shown only as where it comes from, and
 * appears in no output (terminal, plan JSON, apply report); with the variable
 * unset, everything else applies and the password is reported blocked.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyOfExample, removeFolder, run, startSandboxProcess, type SandboxProcess } from "../helpers/cli.js";
import { apiClient } from "../sandbox/helpers/sandbox.js";

const TODAY = ["--today", "2026-11-24"];
const PASSWORD = "Tr0ub4dor&3-review";

async function startWith(review?: string) {
  const work = await copyOfExample("asc-gitops-review-");
  if (review !== undefined) await writeFile(path.join(work, "metadata", "review.yml"), review);
  const sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"));
  const cli = (args: string[], env: Record<string, string> = {}) => run([...args, "--api-url", sandbox.ready.url, ...TODAY], work, { ...sandbox.env, ...env });
  return { work, sandbox, cli };
}

describe("review.yml, as the demo repository has it (no password needed)", () => {
  let work: string;
  let sandbox: SandboxProcess;
  let cli: Awaited<ReturnType<typeof startWith>>["cli"];
  before(async () => ({ work, sandbox, cli } = await startWith()));
  after(async () => {
    await sandbox.stop();
    await removeFolder(work);
  });

  test("with no variable set: the plan shows the notes, apply makes them, the next plan shows no change; a hand edit is drift", async () => {
    const plan = await cli(["plan"]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /1 App Review information to update/);
    assert.match(plan.stdout, /\napp\n {2}~ notes {2}metadata\/review\.yml:8\n.*\n {6}\+Rest days: mark a day as rest/);
    assert.match(
      plan.stdout + plan.stderr,
      /Read live state with 6 GET/,
      "App Review information rides on the versions read (the sixth: the builds, for build: latest)",
    );

    const applied = await cli(["apply"]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout + applied.stderr, /App Review information: updated notes/);
    const again = await cli(["plan"]);
    assert.match(again.stdout, /No changes: App Store Connect matches the repository\./);

    // Someone edits the contact's email in App Store Connect.
    const api = apiClient(sandbox.ready);
    const apps = await api.get("/v1/apps?filter[bundleId]=com.acme.fitness");
    const versions = await api.get(`/v1/apps/${apps.body.data[0].id}/appStoreVersions?filter[appVersionState]=PREPARE_FOR_SUBMISSION`);
    const detail = await api.get(`/v1/appStoreVersions/${versions.body.data[0].id}/appStoreReviewDetail`);
    const id = detail.body.data.id;
    const edited = await api.patch(`/v1/appStoreReviewDetails/${id}`, {
      data: { type: "appStoreReviewDetails", id, attributes: { contactEmail: "someone@acme.example" } },
    });
    assert.equal(edited.status, 200);
    const drift = await cli(["drift"]);
    assert.equal(drift.code, 2, drift.stdout + drift.stderr);
    assert.match(drift.stdout, /contact email: "someone@acme\.example" → "app-review@acme\.example"/);
  });
});

const WITH_ACCOUNT = [
  "contact:",
  "  firstName: Jane",
  "  lastName: Appleseed",
  "  email: app-review@acme.example",
  '  phone: "+1 408 555 0123"',
  "notes: Sign in with the demo account; the plan for today is on the first tab.",
  "demoAccount:",
  "  required: true",
  "  name: review@acme.example",
  "  password: { env: ASC_DEMO_PASSWORD }",
  "",
].join("\n");

describe("review.yml with a demo account whose password comes from ASC_DEMO_PASSWORD", () => {
  let work: string;
  let sandbox: SandboxProcess;
  let cli: Awaited<ReturnType<typeof startWith>>["cli"];
  before(async () => ({ work, sandbox, cli } = await startWith(WITH_ACCOUNT)));
  after(async () => {
    await sandbox.stop();
    await removeFolder(work);
  });

  test("unset: the plan shows the rest and the password blocked by name; apply applies the rest, reports it blocked, exits 1", async () => {
    const plan = await cli(["plan"]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /~ demo account required: false → true/);
    assert.match(plan.stdout, /! app: send the demo account password: ASC_DEMO_PASSWORD is not set: /);
    const applied = await cli(["apply", "--out", "report.json"]);
    assert.equal(applied.code, 1, applied.stdout + applied.stderr);
    assert.match(applied.stdout + applied.stderr, /App Review information: updated .*demo account name/);
    assert.match(applied.stdout + applied.stderr, /ASC_DEMO_PASSWORD is not set/);
    const again = await cli(["plan", "--json"]);
    const replanned = JSON.parse(again.stdout);
    assert.deepEqual(replanned.changes, [], "everything else was applied");
    assert.deepEqual(
      replanned.blocked.map((item: { field: string }) => item.field),
      ["demoAccountPassword"],
    );
  });

  test("set: the plan says where it comes from, apply sends it, the next plan shows no change; the value is in no output", async () => {
    const env = { ASC_DEMO_PASSWORD: PASSWORD };
    const outputs: string[] = [];
    const plan = await cli(["plan", "--out", "plan.json"], env);
    outputs.push(plan.stdout, plan.stderr, await readFile(path.join(work, "plan.json"), "utf8"));
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /~ demo account password: \(from ASC_DEMO_PASSWORD, changed\)/);

    const applied = await cli(["apply", "--out", "report.json", "--debug"], env);
    outputs.push(applied.stdout, applied.stderr, await readFile(path.join(work, "report.json"), "utf8").catch(() => ""));
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const again = await cli(["plan"], env);
    outputs.push(again.stdout, again.stderr);
    assert.match(again.stdout, /No changes: App Store Connect matches the repository\./);

    // A new password is a change again; the old one is then as hidden as the new.
    const changed = await cli(["plan", "--json"], { ASC_DEMO_PASSWORD: `${PASSWORD}-2` });
    outputs.push(changed.stdout, changed.stderr);
    assert.equal(JSON.parse(changed.stdout).changes.filter((change: { password?: unknown }) => change.password).length, 1);

    for (const [index, output] of outputs.entries()) assert.ok(!output.includes(PASSWORD), `output ${index} holds the demo password`);
  });
});
