/**
 * DESIGN.md §9, security: the private key and every token never appear in any
 * output. The command line runs as a user runs it (bin/asc-gitops.js, built by
 * `npm run build`) on the paths where secrets are most likely to slip out:
 * App Store Connect refusing the key (401), a malformed key, no network, each
 * with and without --debug (stack traces may print there; secrets may not).
 * The key file is read where it lies: plan and apply copy it nowhere, and the
 * files they write (--out) hold none of it.
 *
 * A failed assertion names what leaked (say "line 2 of the key's PEM body"),
 * never the secret itself: test output is output too.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { exportPKCS8, generateKeyPair } from "jose";
import { copyOfExample, removeFolder, run as cli, type Run } from "../helpers/cli.js";
import { startTestSandbox, type TestSandbox } from "../sandbox/helpers/sandbox.js";

const TODAY = "2026-11-24";

/** A compact JWS: three base64url parts (a header always starts "eyJ", base64 of '{"'). */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/;

interface Secrets {
  /** PEM texts whose every body line is secret. */
  pems: string[];
  /** Other secret strings, by what to call them in a failure. */
  named: Record<string, string>;
}

/** What of `secrets` appears in `text`, described without repeating it. */
function leaks(text: string, secrets: Secrets): string[] {
  const found: string[] = [];
  if (text.includes("-----BEGIN") || /PRIVATE KEY-----/.test(text)) found.push("a PEM armour line");
  if (JWT.test(text)) found.push("a JWT");
  for (const [index, pem] of secrets.pems.entries()) {
    const body = pem.split(/\r?\n/).filter((line) => line.trim() && !line.startsWith("-----"));
    for (const [number, line] of body.entries()) if (text.includes(line.trim())) found.push(`line ${number + 1} of key ${index + 1}'s PEM body`);
    // Wrapped another way (or with none): 48 characters past the first line, which starts alike in every key of a curve.
    if (text.replace(/\s+/g, "").includes(body.join("").slice(64, 112))) found.push(`key ${index + 1}'s body, wrapped another way`);
  }
  for (const [name, value] of Object.entries(secrets.named)) if (text.includes(value)) found.push(name);
  return found;
}

function assertNoLeak(text: string, secrets: Secrets, where: string): void {
  const found = leaks(text, secrets);
  assert.deepEqual(found, [], `${where} leaks ${found.join(", ")}`);
}

/** A 127.0.0.1 port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every file under `dir` (recursively) with its size and modification time; {} when it does not exist. */
async function listing(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return; // gone meanwhile (another test's folder), or unreadable
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const info = await stat(full).catch(() => undefined);
        if (info) files.set(full, `${info.size}:${info.mtimeMs}`);
      }
    }
  };
  await walk(dir);
  return files;
}

/** Files added or changed between two listings. */
function written(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([file, signature]) => before.get(file) !== signature).map(([file]) => file);
}

describe("the leak check", () => {
  test("finds a line of a key's body, the body run together, a PEM armour line, a JWT and a named secret", async () => {
    const pem = await exportPKCS8((await generateKeyPair("ES256", { extractable: true })).privateKey);
    const secrets: Secrets = { pems: [pem], named: { "the issuer id": "69a6de7e-0000-47e3-e053-5b8c7c11a4d1" } };
    const body = pem.split("\n").filter((line) => line && !line.startsWith("-----"));
    assert.deepEqual(leaks(`x ${body[2]} y`, secrets), ["line 3 of key 1's PEM body"]);
    assert.deepEqual(leaks(body.join(""), secrets), body.map((_, index) => `line ${index + 1} of key 1's PEM body`).concat("key 1's body, wrapped another way"));
    assert.deepEqual(leaks(body.join("").match(/.{1,76}/g)!.join("\n"), secrets).at(-1), "key 1's body, wrapped another way");
    // Every P-256 key starts alike: that common start is no leak.
    const another = await exportPKCS8((await generateKeyPair("ES256", { extractable: true })).privateKey);
    assert.deepEqual(leaks(another.replace(/-----[^-]+-----/g, ""), secrets), []);
    assert.deepEqual(leaks("-----BEGIN PRIVATE KEY-----", secrets), ["a PEM armour line"]);
    assert.deepEqual(leaks("Bearer eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl", secrets), ["a JWT"]);
    assert.deepEqual(leaks("issuer 69a6de7e-0000-47e3-e053-5b8c7c11a4d1", secrets), ["the issuer id"]);
    assert.deepEqual(leaks("asc-gitops: 401 NOT_AUTHORIZED: Provide a properly configured and signed bearer token", secrets), []);
  });
});

/** A copy of the example app, and a private HOME and TMPDIR, so that whatever a run writes can be looked at. */
async function workspace(): Promise<{ repo: string; home: string; env: Record<string, string>; dispose(): Promise<void> }> {
  const repo = await copyOfExample("asc-gitops-secrets-");
  const home = await mkdtemp(path.join(tmpdir(), "asc-gitops-secrets-home-"));
  await mkdir(path.join(home, "tmp"));
  return {
    repo,
    home,
    env: { HOME: home, TMPDIR: path.join(home, "tmp") },
    dispose: async () => {
      await removeFolder(repo);
      await removeFolder(home);
    },
  };
}

describe("no secret in any output of the command line", { concurrency: true }, () => {
  let sandbox: TestSandbox;
  let shared: Awaited<ReturnType<typeof workspace>>;
  let sandboxKey: string;
  let foreignKey: string;
  let p384Key: string;
  let secrets: Secrets;
  /** What every run gets: the private HOME and TMPDIR, and the sandbox's issuer id and key id. */
  let base: Record<string, string>;

  before(async () => {
    sandbox = await startTestSandbox();
    shared = await workspace();
    base = { ...shared.env, ASC_ISSUER_ID: sandbox.sandbox.issuerId, ASC_KEY_ID: sandbox.sandbox.keyId };
    sandboxKey = await readFile(sandbox.sandbox.privateKeyPath, "utf8");
    foreignKey = await exportPKCS8((await generateKeyPair("ES256", { extractable: true })).privateKey);
    p384Key = await exportPKCS8((await generateKeyPair("ES384", { extractable: true })).privateKey);
    secrets = { pems: [sandboxKey, foreignKey, p384Key], named: { "the issuer id": sandbox.sandbox.issuerId } };
  });

  after(async () => {
    await sandbox.dispose();
    await shared.dispose();
  });

  /** Runs the command lines at once (each path is run with and without --debug somewhere); answers the runs by command line. */
  async function runAll(commands: string[][], env: Record<string, string>): Promise<[string, Run][]> {
    return Promise.all(commands.map(async (args) => [args.join(" "), await cli(args, shared.repo, { ...base, ...env })] as [string, Run]));
  }

  function assertCleanFailure(runs: [string, Run][], message: RegExp): void {
    for (const [line, run] of runs) {
      assert.equal(run.code, 1, `${line}: exit 1\n${run.stderr}`);
      const firstLine = run.stderr.split("\n")[0]!;
      assert.match(run.stderr, message, `${line}: says what went wrong`);
      if (!line.includes("--debug")) assert.doesNotMatch(run.stderr, /^\s+at /m, `${line}: no stack trace without --debug`);
      assertNoLeak(`${run.stdout}\n${run.stderr}`, secrets, line);
      assert.ok(firstLine.length > 0);
    }
  }

  test("a key App Store Connect does not know (401): Apple's message whole, and no key, token or issuer id", async () => {
    const url = sandbox.sandbox.url;
    const runs = await runAll(
      [
        ["plan", "--api-url", url, "--today", TODAY],
        ["apply", "--api-url", url, "--today", TODAY, "--debug"],
        ["drift", "--api-url", url, "--today", TODAY, "--json", "--debug"],
      ],
      { ASC_PRIVATE_KEY: foreignKey },
    );
    // Apple's own words, not "signed Bearer [redacted]": the redaction leaves prose alone.
    assertCleanFailure(runs, /401 NOT_AUTHORIZED: Provide a properly configured and signed bearer token, and make sure that it has not expired\./);
  });

  test("a malformed key (not PEM, a P-384 key, a PEM cut short): the variable is named, and none of its text is repeated", async () => {
    const garbage = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNotAKeyAtAll";
    const lines = sandboxKey.trim().split("\n");
    const cutShort = [...lines.slice(0, 3), lines.at(-1)!].join("\n");
    const localSecrets: Secrets = { ...secrets, named: { ...secrets.named, "the garbage key text": garbage } };
    const url = sandbox.sandbox.url;
    const plan = ["plan", "--api-url", url, "--today", TODAY];
    const apply = ["apply", "--api-url", url, "--today", TODAY];
    const cases: [Record<string, string>, string[][], RegExp][] = [
      [{ ASC_PRIVATE_KEY: garbage }, [plan, [...apply, "--debug"]], /^asc-gitops: ASC_PRIVATE_KEY is not a PEM private key; App Store Connect keys \(\.p8 files\) are PKCS#8 PEM/],
      [{ ASC_PRIVATE_KEY: p384Key }, [[...plan, "--debug"], apply], /^asc-gitops: ASC_PRIVATE_KEY is not a P-256 \(ES256\) private key in PKCS#8 PEM/],
      [{ ASC_PRIVATE_KEY: cutShort }, [plan], /^asc-gitops: ASC_PRIVATE_KEY is not a P-256 \(ES256\) private key in PKCS#8 PEM/],
    ];
    await Promise.all(
      cases.map(async ([env, commands, message]) => {
        const runs = await runAll(commands, env);
        assertCleanFailure(runs, message);
        for (const [line, run] of runs) assertNoLeak(`${run.stdout}\n${run.stderr}`, localSecrets, line);
      }),
    );
    // The same key in a file: the message names the variable and the path, and repeats nothing of the file.
    const keys = await mkdtemp(path.join(tmpdir(), "asc-gitops-keys-"));
    const keyFile = path.join(keys, "AuthKey_P384.p8");
    await writeFile(keyFile, p384Key);
    const fromFile = await runAll([[...plan, "--debug"]], { ASC_PRIVATE_KEY_PATH: keyFile });
    await removeFolder(keys);
    assertCleanFailure(fromFile, /ASC_PRIVATE_KEY_PATH \(.*AuthKey_P384\.p8\) is not a P-256 \(ES256\) private key/);
  });

  test("no network (nothing listens at --api-url): could not connect, and nothing secret", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const runs = await runAll([["plan", "--api-url", url, "--today", TODAY], ["apply", "--api-url", url, "--today", TODAY, "--debug"]], {
      ASC_PRIVATE_KEY_PATH: sandbox.sandbox.privateKeyPath,
    });
    assertCleanFailure(runs, new RegExp(`could not connect \\(connect ECONNREFUSED ${url.replace("http://", "").replace(/\./g, "\\.")}\\)`));
  });

  test("plan and apply read the key file where it lies: no copy anywhere, and nothing of it in what they write", async () => {
    const url = sandbox.sandbox.url;
    const started = Date.now();
    const own = await workspace();
    try {
      const { repo, home } = own;
      const env = { ...base, ...own.env };
      const watched = [repo, home];
      const beforeRuns = await Promise.all(watched.map(listing));

      const planned = await cli(["plan", "--api-url", url, "--today", TODAY, "--json", "--out", "out/plan.json"], repo, { ...env, ASC_PRIVATE_KEY_PATH: sandbox.sandbox.privateKeyPath });
      assert.equal(planned.code, 0, planned.stderr);
      // The key as text in the environment, as CI secrets give it.
      const applied = await cli(["apply", "--api-url", url, "--today", TODAY, "--json", "--out", "out/report.json", "--debug"], repo, { ...env, ASC_PRIVATE_KEY: sandboxKey });
      assert.equal(applied.code, 0, applied.stderr);
      for (const [what, run] of [["plan", planned], ["apply", applied]] as const) assertNoLeak(`${run.stdout}\n${run.stderr}`, secrets, what);

      const afterRuns = await Promise.all(watched.map(listing));
      const changed = watched.flatMap((_, index) => written(beforeRuns[index]!, afterRuns[index]!));
      assert.deepEqual(
        changed.map((file) => path.relative(repo, file)).sort(),
        [path.join("out", "plan.json"), path.join("out", "report.json")],
        "plan and apply write only their --out files (nothing in HOME or TMPDIR)",
      );
      for (const file of changed) assertNoLeak(await readFile(file, "utf8"), secrets, path.basename(file));
      const report = JSON.parse(await readFile(path.join(repo, "out", "report.json"), "utf8")) as { success: boolean };
      assert.equal(report.success, true);
    } finally {
      await own.dispose();
    }

    // Nor anywhere in the system's temporary folder (other tests write there too: only new files are read).
    const systemTmp = tmpdir();
    for (const [file, signature] of await listing(systemTmp)) {
      if (Number(signature.split(":")[1]) < started || Number(signature.split(":")[0]) > 4 * 1024 * 1024) continue;
      const text = await readFile(file, "utf8").catch(() => "");
      const found = leaks(text, { pems: [sandboxKey], named: {} }).filter((item) => item !== "a JWT" && item !== "a PEM armour line");
      assert.deepEqual(found, [], `${path.relative(systemTmp, file)} holds ${found.join(", ")}`);
    }
  });
});
