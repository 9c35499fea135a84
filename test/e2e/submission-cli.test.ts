/**
 * Submission and release through the real command line against the sandbox
 * (`--sandbox`, whose state persists between commands): a merge with
 * `submit: true` submits once and a second merge does not submit again; App
 * Review approves in the sandbox, then `release: { now: true }` releases; a
 * rejection shows in drift with Apple's state; and a version with no build is
 * blocked with every other blocker, each at its file, before anything is submitted;
 * a submission cancelled by hand is submitted again once Apple lets go of the version.
 */
import assert from "node:assert/strict";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyOfExample, removeFolder, run, startSandboxProcess, type SandboxProcess } from "../helpers/cli.js";
import { apiClient } from "../sandbox/helpers/sandbox.js";

const TODAY = ["--today", "2026-11-24"];
const STATE = [".asc-sandbox", "state.json"].join("/");

/** The demo's app.yml without its build and release settings: this story submits 2.4.0 with the build it has, released manually. */
async function withoutReleaseSettings(work: string) {
  const app = path.join(work, "metadata", "app.yml");
  const kept = (await readFile(app, "utf8")).split("\n").filter((line, index, lines) => {
    const owner = lines.slice(0, index + 1).findLast((candidate) => /^\S/.test(candidate)) ?? "";
    return !/^(build|release):/.test(owner) && !/^# submit:/.test(line);
  });
  await writeFile(app, kept.join("\n"));
}

async function repositoryWith(lines: string) {
  const work = await copyOfExample("asc-gitops-submission-");
  await withoutReleaseSettings(work);
  await appendFile(path.join(work, "metadata", "app.yml"), lines);
  const cli = (args: string[]) => run([...args, ...(args[0] === "sandbox" ? [] : ["--sandbox", ...TODAY])], work);
  return { work, cli };
}

const submissionsIn = async (work: string) => JSON.parse(await readFile(path.join(work, STATE), "utf8")).reviewSubmissions as { state: string }[];

describe("submit: true and release: { now: true }, merged into the demo repository", () => {
  let work: string;
  let cli: Awaited<ReturnType<typeof repositoryWith>>["cli"];
  before(async () => ({ work, cli } = await repositoryWith("submit: true\n")));
  after(() => removeFolder(work));

  test("the plan shows the submission; the merge applies everything, then submits once; a second merge submits nothing", async () => {
    const plan = await cli(["plan"]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /\+ submit 2\.4\.0 for review: PREPARE_FOR_SUBMISSION → WAITING_FOR_REVIEW {2}metadata\/app\.yml:13/);
    assert.match(plan.stdout, /1 version to submit for review/);

    const applied = await cli(["apply"]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const output = applied.stdout + applied.stderr;
    assert.match(output, /✓ app: submitted 2\.4\.0 for review \(review submission [0-9a-f-]+\)/);
    assert.ok(output.indexOf("submitted 2.4.0") > output.indexOf("ordered 01-today.png"), "the submission goes after every other change");
    assert.match(output, /verified: App Store Connect now matches the repository/);

    const again = await cli(["apply", "--json"]);
    assert.equal(again.code, 0, again.stderr);
    const report = JSON.parse(again.stdout);
    assert.deepEqual(report.requests, [], "a second merge writes nothing");
    assert.deepEqual(
      (await submissionsIn(work)).map((submission) => submission.state),
      ["WAITING_FOR_REVIEW"],
    );
    const plan2 = await cli(["plan"]);
    assert.match(plan2.stdout, /version 2\.4\.0 \(WAITING_FOR_REVIEW\)/);
    assert.match(plan2.stdout, /No changes: App Store Connect matches the repository\./);
  });

  test("App Review approves in the sandbox; release: { now: true } then releases 2.4.0, and the next plan has nothing to do", async () => {
    const approved = await cli(["sandbox", "review", "--approve", "--state", STATE]);
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, /version 2\.4\.0: WAITING_FOR_REVIEW → PENDING_DEVELOPER_RELEASE/);
    const waiting = await cli(["plan"]);
    assert.match(waiting.stdout, /No changes/, "without release.now an approved version waits for its developer");

    await appendFile(path.join(work, "metadata", "app.yml"), "release:\n  now: true\n");
    const plan = await cli(["plan"]);
    assert.match(plan.stdout, /\+ release 2\.4\.0: PENDING_DEVELOPER_RELEASE → READY_FOR_DISTRIBUTION {2}metadata\/app\.yml:15/);
    const applied = await cli(["apply"]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout + applied.stderr, /✓ app: released 2\.4\.0/);
    const after = await cli(["plan", "--json"]);
    assert.deepEqual(JSON.parse(after.stdout).changes, []);
  });
});

describe("a rejection", () => {
  let work: string;
  let cli: Awaited<ReturnType<typeof repositoryWith>>["cli"];
  before(async () => ({ work, cli } = await repositoryWith("submit: true\n")));
  after(() => removeFolder(work));

  test("App Review rejects the submitted version: drift reports it with Apple's state, and the next merge submits it again", async () => {
    assert.equal((await cli(["apply"])).code, 0);
    const rejected = await cli(["sandbox", "review", "--reject", "--state", STATE]);
    assert.match(rejected.stdout, /version 2\.4\.0: WAITING_FOR_REVIEW → REJECTED/);
    const drift = await cli(["drift"]);
    assert.equal(drift.code, 2, drift.stdout + drift.stderr);
    assert.match(drift.stdout, /resubmit 2\.4\.0 for review \(App Review: REJECTED\): REJECTED → WAITING_FOR_REVIEW/);
    const applied = await cli(["apply"]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout + applied.stderr, /submitted 2\.4\.0 for review/);
    assert.deepEqual(
      (await submissionsIn(work)).map((submission) => submission.state),
      ["WAITING_FOR_REVIEW"],
      "the rejected submission is sent again, not a second one",
    );
  });
});

describe("a version that cannot be submitted yet", () => {
  let work: string;
  let cli: Awaited<ReturnType<typeof repositoryWith>>["cli"];
  before(async () => {
    ({ work, cli } = await repositoryWith("submit: true\n"));
    // The repository's own app (made by the sandbox, with no build), no content rights, no support URL in German.
    const app = path.join(work, "metadata", "app.yml");
    const text = (await readFile(app, "utf8")).replace("com.acme.fitness", "com.acme.newapp").replace(/contentRights:\n {2}usesThirdPartyContent: false\n/, "");
    await writeFile(app, text);
    const german = path.join(work, "metadata", "de-DE.yml");
    await writeFile(german, (await readFile(german, "utf8")).replace(/^supportUrl: .*\n/m, ""));
  });
  after(() => removeFolder(work));

  test("the plan lists the missing build with every other blocker, each at its file; apply applies the rest, submits nothing, exits 1", async () => {
    const plan = await cli(["plan", "--json"]);
    assert.equal(plan.code, 0, plan.stderr);
    const blocked = JSON.parse(plan.stdout).blocked.filter((item: { kind: string }) => item.kind === "submit");
    const shown = blocked.map(
      (item: { reason: string; source: { file: string; line?: number } }) => `${item.source.file}:${item.source.line ?? ""} ${item.reason}`,
    );
    assert.ok(
      shown.some((line: string) => /^metadata\/app\.yml:5 no build is attached to version 2\.4\.0/.test(line)),
      shown.join("\n"),
    );
    assert.ok(
      shown.some((line: string) => /^metadata\/de-DE\.yml: supportUrl missing in de-DE: add supportUrl:/.test(line)),
      shown.join("\n"),
    );
    assert.ok(
      shown.some((line: string) => /^metadata\/app\.yml: content rights undeclared/.test(line)),
      shown.join("\n"),
    );
    const text = await cli(["plan"]);
    assert.match(text.stdout, /! app: submit 2\.4\.0 for review: no build is attached/);

    const applied = await cli(["apply", "--json"]);
    assert.equal(applied.code, 1, applied.stderr);
    const report = JSON.parse(applied.stdout);
    assert.ok(report.requests.length > 0, "the other changes are applied");
    assert.deepEqual(
      report.requests.filter((request: { path: string }) => /reviewSubmission/.test(request.path)),
      [],
      "nothing is submitted",
    );
  });
});

describe("a submission cancelled in App Store Connect", () => {
  let work: string;
  let sandbox: SandboxProcess;
  let cli: (args: string[]) => ReturnType<typeof run>;
  before(async () => {
    work = await copyOfExample("asc-gitops-cancelled-");
    await withoutReleaseSettings(work);
    await appendFile(path.join(work, "metadata", "app.yml"), "submit: true\n");
    sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"));
    cli = (args) => run([...args, "--api-url", sandbox.ready.url, ...TODAY], work, sandbox.env);
  });
  after(async () => {
    await sandbox.stop();
    await removeFolder(work);
  });

  test("the next merge submits again, waiting while App Store Connect still holds the version, and says how long", async () => {
    assert.equal((await cli(["apply"])).code, 0);
    const api = apiClient(sandbox.ready);
    const apps = await api.get("/v1/apps?filter[bundleId]=com.acme.fitness");
    const listed = await api.get(`/v1/reviewSubmissions?filter[app]=${apps.body.data[0].id}&filter[state]=WAITING_FOR_REVIEW`);
    const id = listed.body.data[0].id;
    const cancelled = await api.patch(`/v1/reviewSubmissions/${id}`, { data: { type: "reviewSubmissions", id, attributes: { canceled: true } } });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));

    const plan = await cli(["plan"]);
    assert.match(plan.stdout, /resubmit 2\.4\.0 for review \(App Review: DEVELOPER_REJECTED\)/);
    const applied = await cli(["apply"]);
    const output = applied.stdout + applied.stderr;
    assert.equal(applied.code, 0, output);
    assert.match(output, /App Store Connect still holds 2\.4\.0 in a cancelled submission; adding it again in 2 s/);
    assert.match(output, /✓ app: submitted 2\.4\.0 for review/);
  });
});
