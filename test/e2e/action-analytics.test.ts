/**
 * command: analytics in the GitHub Action, run as the runner runs it (the
 * bundled dist/index.js in its own process, inputs as INPUT_* variables)
 * against the sandbox: the reports go into the analytics-db file in the
 * workspace, the dashboard into the dashboard output's folder, the summary
 * into the job summary; a second run stores nothing new and shows the same
 * figures; the key appears in no output.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { load } from "js-yaml";
import { startSandbox, type SandboxHandle } from "../../src/sandbox/index.js";
import { ROOT } from "../helpers/cli.js";

const DEFAULTS: Record<string, string> = (() => {
  const action = load(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, { default?: string }> };
  return Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default?.startsWith("${{") ? "" : (input.default ?? "")]));
})();

let work: string;
let repo: string;
let sandbox: SandboxHandle;
let privateKey: string;

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), "asc-gitops-action-analytics-"));
  await cp(path.join(ROOT, "dist"), path.join(work, "action", "dist"), { recursive: true });
  await cp(path.join(ROOT, "action.yml"), path.join(work, "action", "action.yml"));
  repo = path.join(work, "repo");
  await mkdir(path.join(repo, ".git"), { recursive: true });
  await cp(path.join(ROOT, "metadata"), path.join(repo, "metadata"), { recursive: true });
  sandbox = await startSandbox({ statePath: path.join(work, "sandbox", "state.json"), port: 0, log: () => {} });
  privateKey = await readFile(sandbox.privateKeyPath, "utf8");
});

after(async () => {
  await sandbox?.close();
  await rm(work, { recursive: true, force: true });
});

async function runAction(name: string) {
  const folder = await mkdtemp(path.join(work, `${name}-`));
  const files = { event: path.join(folder, "event.json"), output: path.join(folder, "output.txt"), summary: path.join(folder, "summary.md") };
  await writeFile(files.event, JSON.stringify({ schedule: "41 7 * * *", repository: { full_name: "acme/fitness", default_branch: "main" } }));
  await writeFile(files.output, "");
  await writeFile(files.summary, "");
  await mkdir(path.join(folder, "temp"));
  const inputs = {
    ...DEFAULTS,
    command: "analytics",
    "api-url": sandbox.url,
    "issuer-id": sandbox.issuerId,
    "key-id": sandbox.keyId,
    "private-key": privateKey,
  };
  const env = {
    PATH: process.env.PATH ?? "",
    NO_COLOR: "1",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "schedule",
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: "acme/fitness",
    GITHUB_SHA: "e".repeat(40),
    GITHUB_REF: "refs/heads/main",
    GITHUB_WORKSPACE: repo,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: path.join(folder, "temp"),
    ...Object.fromEntries(Object.entries(inputs).map(([input, value]) => [`INPUT_${input.toUpperCase()}`, value])),
  };
  const entry = path.join(work, "action", "dist", "index.js");
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
    execFile(process.execPath, [entry], { cwd: repo, env, maxBuffer: 64 * 1024 * 1024 }, (error, out) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: out }),
    ),
  );
  const outputs: Record<string, string> = {};
  for (const match of (await readFile(files.output, "utf8")).matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n?\2$/gm)) outputs[match[1]!] = match[3]!;
  // The runner consumes ::add-mask:: commands (which name the secrets to mask); the rest is what the log shows.
  const shown = stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
  return { code, stdout: shown, summary: await readFile(files.summary, "utf8"), outputs };
}

test("command: analytics fetches the reports into analytics-db, writes the dashboard, and puts the summary in the job summary", async () => {
  const first = await runAction("first");
  assert.equal(first.code, 0, `${first.stdout}\n${first.summary}`);
  assert.match(first.summary, /## Acme Fitness: App Store analytics/);
  assert.match(first.summary, /Conversion = first-time downloads ÷ product page views/);
  const thisPeriod = (summary: string) => summary.match(/\| This period \|[^\n]+/)?.[0];
  assert.match(thisPeriod(first.summary) ?? "", /\| This period \| [\d,]+ \| [\d,]+ \| [\d,]+ \| [\d.]+ % \|/);
  assert.match(await readFile(path.join(first.outputs.dashboard!, "index.html"), "utf8"), /<svg id="impressions" class="chart"/);
  const db = await readFile(path.join(repo, "analytics", "asc-analytics.sqlite"));
  assert.equal(db.subarray(0, 15).toString(), "SQLite format 3", "the database file is in the workspace, for the workflow to keep");

  const second = await runAction("second");
  assert.equal(second.code, 0, second.stdout);
  assert.match(second.stdout, /Stored 0 new report instances/);
  assert.equal(thisPeriod(second.summary), thisPeriod(first.summary), "the same figures: nothing counted twice");
  const keyBody = privateKey.split("\n").find((line) => line.length > 40)!;
  for (const text of [first.stdout, first.summary, second.stdout, second.summary]) assert.ok(!text.includes(keyBody), "the key is in no output");
});
