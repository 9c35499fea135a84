/**
 * The command line's own contract, run as a user runs it (the built CLI in
 * its own process, against a sandbox process): --help for every command,
 * unknown options, --prune, --json in every outcome, --plan FILE checked
 * first, --api-url with /v1, and what a refused API key says.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { ApplyReport } from "../../src/engine/apply/report.js";
import type { Plan } from "../../src/engine/plan/plan.js";
import { copyOfExample, removeFolder, run, startSandboxProcess, type SandboxProcess } from "../helpers/cli.js";

const TODAY = "2026-11-24";

/** The one JSON document a --json run printed on stdout (JSON.parse refuses two). */
function onlyDocument<T = Record<string, unknown>>(stdout: string): T {
  assert.notEqual(stdout.trim(), "", "stdout holds a JSON document");
  return JSON.parse(stdout) as T;
}

interface ValidationFailure {
  schemaVersion: number;
  command: string;
  stage: string;
  valid: boolean;
  summary: { errors: number };
  diagnostics: { file: string; message: string }[];
}

/** A copy of the example whose en-US.yml names a locale file that is not a locale. */
async function brokenCopy(): Promise<string> {
  const folder = await copyOfExample("asc-gitops-cli-broken-");
  await writeFile(path.join(folder, "metadata", "xx.yml"), "name: Nowhere\n");
  return folder;
}

describe("asc-gitops --help: every command lists its options, environment and exit codes", () => {
  const expectations: Record<string, { options: string[]; environment: string[]; exitCodes: string[] }> = {
    validate: { options: ["--metadata DIR", "--screenshots DIR", "--json", "--strict"], environment: ["NO_COLOR"], exitCodes: ["0", "1"] },
    plan: {
      options: [
        "--metadata DIR",
        "--screenshots DIR",
        "--json",
        "--out FILE",
        "--detailed-exitcode",
        "--prune",
        "--today YYYY-MM-DD",
        "--sandbox",
        "--api-url URL",
      ],
      environment: ["ASC_ISSUER_ID", "ASC_KEY_ID", "ASC_PRIVATE_KEY", "ASC_PRIVATE_KEY_PATH", "HTTPS_PROXY", "NO_PROXY"],
      exitCodes: ["0", "1", "2"],
    },
    apply: {
      options: ["--metadata DIR", "--json", "--out FILE", "--plan FILE", "--prune", "--today YYYY-MM-DD", "--sandbox", "--api-url URL"],
      environment: ["ASC_ISSUER_ID", "ASC_KEY_ID", "ASC_PRIVATE_KEY", "ASC_PRIVATE_KEY_PATH", "HTTPS_PROXY", "NO_PROXY"],
      exitCodes: ["0", "1"],
    },
    drift: {
      options: ["--metadata DIR", "--json", "--prune", "--today YYYY-MM-DD", "--sandbox", "--api-url URL"],
      environment: ["ASC_ISSUER_ID", "HTTPS_PROXY"],
      exitCodes: ["0", "1", "2"],
    },
    pull: {
      options: [
        "--metadata DIR",
        "--force",
        "--from-fastlane DIR",
        "--rating-config FILE",
        "--bundle-id ID",
        "--app-id ID",
        "--platform PLATFORM",
        "--sandbox",
        "--api-url URL",
      ],
      environment: ["ASC_KEY_ID", "NO_PROXY"],
      exitCodes: ["0", "1"],
    },
    sandbox: {
      options: ["--port N", "--state FILE", "--empty", "--seed N", "--latency MS", "--fail-rate R", "--processing-ms MS", "--hourly-limit N"],
      environment: [],
      exitCodes: ["0", "1"],
    },
  };
  let work: string;
  before(async () => {
    work = await copyOfExample("asc-gitops-cli-help-");
  });
  after(() => removeFolder(work));

  for (const [command, expected] of Object.entries(expectations)) {
    test(`${command} --help describes each option, with its default where it has one`, async () => {
      const result = await run([command, "--help"], work);
      assert.equal(result.code, 0, result.stderr);
      const section = (title: string) => result.stdout.split(`\n${title}:\n`)[1]?.split("\n\n")[0] ?? "";
      const options = section("Options").split("\n");
      for (const option of [...expected.options, "--debug", "-h, --help"]) {
        const row = options.find((line) => line.trimStart().startsWith(`${option}  `));
        assert.ok(row, `${command} --help lists ${option}\n${result.stdout}`);
        assert.match(row!.slice(row!.indexOf(option) + option.length), /\S{3,}/, `${option} has a description`);
      }
      // Every option the usage line names is described below it.
      const usage = result.stdout.split("\n")[0]!;
      for (const flag of usage.match(/--[a-z-]+/g) ?? [])
        assert.ok(
          options.some((line) => line.trim().split(/\s+/).includes(flag)),
          `${flag} is described`,
        );
      if (command !== "sandbox") assert.match(section("Options"), /--metadata DIR +.*\(default: metadata\)/);
      for (const variable of expected.environment)
        assert.match(section("Environment"), new RegExp(`^  ${variable} +\\S`, "m"), `${command} --help names ${variable}`);
      for (const code of expected.exitCodes) assert.match(section("Exit codes"), new RegExp(`^  ${code}  \\S`, "m"), `${command} --help explains exit ${code}`);
    });
  }

  test("an unknown option is named with the option it was probably meant to be", async () => {
    const result = await run(["plan", "--scrennshots", "shots", "--sandbox"], work);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^asc-gitops: unknown option "--scrennshots"; did you mean --screenshots\?$/m);
    assert.match(result.stderr, /^Run asc-gitops plan --help for what each option does\.$/m);
    assert.equal(result.stdout, "");
    const far = await run(["validate", "--colour"], work);
    assert.match(far.stderr, /^asc-gitops: unknown option "--colour"\n/, "no suggestion when nothing is close");
  });
});

describe("the command line against a sandbox process: --json, --prune, --plan FILE, --api-url, a refused key", () => {
  let work: string;
  let broken: string;
  let sandbox: SandboxProcess;
  let env: Record<string, string>;

  before(async () => {
    work = await copyOfExample("asc-gitops-cli-");
    broken = await brokenCopy();
    sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"));
    env = sandbox.env;
  });
  after(async () => {
    await sandbox.stop();
    await removeFolder(work);
    await removeFolder(broken);
  });

  test("plan, apply and drift --json print one validation document when the files fail, and exit 1", async () => {
    for (const command of ["plan", "apply", "drift"]) {
      const result = await run([command, "--api-url", sandbox.ready.url, "--json"], broken, env);
      assert.equal(result.code, 1, result.stderr);
      const document = onlyDocument<ValidationFailure>(result.stdout);
      assert.equal(document.schemaVersion, 1);
      assert.equal(document.command, command);
      assert.equal(document.stage, "validate");
      assert.equal(document.valid, false);
      assert.ok(document.summary.errors >= 1);
      assert.ok(
        document.diagnostics.some((diagnostic) => diagnostic.file === "metadata/xx.yml" && /not an App Store locale/.test(diagnostic.message)),
        result.stdout,
      );
      assert.match(result.stderr, /validation failed/, "the human text stays on stderr");
    }
  });

  test("a usage mistake with --json is a JSON document too", async () => {
    const result = await run(["drift", "--json", "--today", "tomorrow", "--api-url", sandbox.ready.url], work, env);
    assert.equal(result.code, 1);
    const document = onlyDocument<{ command: string; stage: string; errors: { message: string }[] }>(result.stdout);
    assert.deepEqual([document.command, document.stage], ["drift", "usage"]);
    assert.match(document.errors[0]!.message, /--today must be a date written YYYY-MM-DD/);
  });

  test("apply --plan FILE is checked first: a missing, non-JSON, non-plan or other-version file is refused before validating or connecting", async () => {
    // The broken repository and no credentials: only the plan file can be what is said.
    await writeFile(path.join(broken, "notes.txt"), "not a plan\n");
    await writeFile(path.join(broken, "cut.json"), '{\n  "schemaVersion": 1,\n  "changes": [');
    await writeFile(path.join(broken, "report.json"), JSON.stringify({ schemaVersion: 1, steps: [], verification: null }));
    await writeFile(path.join(broken, "other.json"), JSON.stringify({ schemaVersion: 1, valid: true }));
    await writeFile(path.join(broken, "future.json"), JSON.stringify({ schemaVersion: 7, app: { id: "1" }, today: TODAY, changes: [] }));
    const cases: [string, RegExp][] = [
      ["missing.json", /^asc-gitops: --plan missing\.json: no such file; expected a plan saved by asc-gitops plan --out FILE$/m],
      ["notes.txt", /^asc-gitops: --plan notes\.txt(:1:\d+)?: is not JSON; expected a plan saved by asc-gitops plan --out FILE$/m],
      ["cut.json", /^asc-gitops: --plan cut\.json:3:15: is not JSON; expected a plan saved by asc-gitops plan --out FILE$/m],
      ["report.json", /^asc-gitops: --plan report\.json: is an apply report \(apply --out\), not a plan/m],
      ["other.json", /^asc-gitops: --plan other\.json: is not a plan/m],
      ["future.json", /^asc-gitops: --plan future\.json: is a plan of schemaVersion 7; this asc-gitops reads schemaVersion 1/m],
    ];
    for (const [file, expected] of cases) {
      const result = await run(["apply", "--plan", file, "--api-url", sandbox.ready.url], broken);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, expected);
      assert.doesNotMatch(result.stderr, /xx\.yml|validation|ASC_ISSUER_ID|Cannot read|\n\s+at /, `nothing was validated or connected: ${result.stderr}`);
    }
    const json = await run(["apply", "--plan", "missing.json", "--json", "--sandbox"], broken);
    const document = onlyDocument<{ command: string; stage: string }>(json.stdout);
    assert.deepEqual([document.command, document.stage], ["apply", "plan-file"]);
    await assert.rejects(readFile(path.join(broken, ".asc-sandbox", "state.json")), "no sandbox was started");
  });

  test("--api-url written with /v1 (as Apple's documentation writes it) reaches the API, not /v1/v1", async () => {
    const plain = await run(["plan", "--api-url", sandbox.ready.url, "--json", "--today", TODAY], work, env);
    assert.equal(plain.code, 0, plain.stderr);
    for (const url of [`${sandbox.ready.url}/v1`, `${sandbox.ready.url}/v1/`, `${sandbox.ready.url}/`]) {
      const result = await run(["plan", "--api-url", url, "--json", "--today", TODAY], work, env);
      assert.equal(result.code, 0, `${url}: ${result.stderr}`);
      assert.equal(result.stdout, plain.stdout, `${url} plans the same as the bare URL`);
    }
  });

  test("--api-url with a query, a fragment, credentials or another scheme is refused at once, with what to give", async () => {
    const cases: [string, RegExp][] = [
      [`${sandbox.ready.url}/v1?limit=1`, /--api-url must not carry a query or fragment: give the base URL/],
      [`${sandbox.ready.url}#top`, /--api-url must not carry a query or fragment/],
      ["https://user:secret@api.example.com", /--api-url must not carry a user name or password/],
      ["ftp://api.example.com", /--api-url must be an http or https URL, not ftp:/],
      ["not a url", /--api-url is not a URL/],
    ];
    for (const [url, expected] of cases) {
      const result = await run(["plan", "--api-url", url], work, env);
      assert.equal(result.code, 1);
      assert.match(result.stderr, expected);
      assert.doesNotMatch(result.stderr, /secret/);
      assert.doesNotMatch(result.stderr, /Read live state|\n\s+at /);
    }
  });

  test("a key App Store Connect refuses (401) names the ASC_* variables to check, and never the key or a token", async () => {
    const otherKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const refused = { ASC_ISSUER_ID: env.ASC_ISSUER_ID!, ASC_KEY_ID: env.ASC_KEY_ID!, ASC_PRIVATE_KEY: otherKey };
    const result = await run(["plan", "--api-url", sandbox.ready.url, "--json"], work, refused);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /401 NOT_AUTHORIZED/);
    assert.match(result.stderr, /did not accept the API key: check ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY \(or ASC_PRIVATE_KEY_PATH\)/);
    const document = onlyDocument<{ stage: string; errors: { message: string }[] }>(result.stdout);
    assert.equal(document.stage, "read");
    assert.match(document.errors[0]!.message, /check ASC_ISSUER_ID/);
    const everything = result.stdout + result.stderr;
    for (const line of otherKey.split("\n").filter((line) => line && !line.startsWith("-----")))
      assert.ok(!everything.includes(line), "a line of the key is in the output");
    assert.doesNotMatch(everything, /eyJ[\w-]+\./, "no token in the output");
  });

  test("--prune deletes what the repository lacks, whatever app.yml says: plan and drift show it, apply does it", async () => {
    const pruned = await copyOfExample("asc-gitops-cli-prune-");
    const state = path.join(pruned, "sandbox", "state.json");
    const own = await startSandboxProcess(state);
    try {
      await rm(path.join(pruned, "metadata", "de-DE.yml"));
      await rm(path.join(pruned, "screenshots", "de-DE"), { recursive: true });
      assert.match(await readFile(path.join(pruned, "metadata", "app.yml"), "utf8"), /^prune: false/m);
      const args = ["--api-url", own.ready.url, "--json", "--today", TODAY];
      const deletesDe = (changes: { kind: string; locale: string }[]) =>
        changes.filter((change) => change.locale === "de-DE" && change.kind === "localization-delete");

      const without = onlyDocument<Plan>((await run(["plan", ...args], pruned, own.env)).stdout);
      assert.equal(deletesDe(without.changes).length, 0, "without --prune, de-DE is unmanaged");
      const plan = await run(["plan", ...args, "--prune"], pruned, own.env);
      assert.equal(plan.code, 0, plan.stderr);
      assert.ok(deletesDe(onlyDocument<Plan>(plan.stdout).changes).length >= 1, "plan --prune deletes the de-DE localization");
      const drift = await run(["drift", ...args, "--prune"], pruned, own.env);
      assert.equal(drift.code, 2, drift.stderr);
      assert.ok(deletesDe(onlyDocument<{ drift: { kind: string; locale: string }[] }>(drift.stdout).drift).length >= 1, "drift --prune reports it");

      const apply = await run(["apply", ...args, "--prune"], pruned, own.env);
      const report = onlyDocument<ApplyReport>(apply.stdout);
      assert.ok(
        report.steps.some((step) => step.kind === "localization-delete" && step.locale === "de-DE" && step.status === "done"),
        apply.stderr,
      );
      const after = onlyDocument<Plan>((await run(["plan", ...args, "--prune"], pruned, own.env)).stdout);
      assert.equal(deletesDe(after.changes).length, 0, "de-DE is gone from App Store Connect");
    } finally {
      await own.stop();
      await removeFolder(pruned);
    }
  });
});
