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
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer, type AddressInfo } from "node:net";
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
    assert.deepEqual(
      leaks(body.join(""), secrets),
      body.map((_, index) => `line ${index + 1} of key 1's PEM body`).concat("key 1's body, wrapped another way"),
    );
    assert.deepEqual(
      leaks(
        body
          .join("")
          .match(/.{1,76}/g)!
          .join("\n"),
        secrets,
      ).at(-1),
      "key 1's body, wrapped another way",
    );
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
      [
        { ASC_PRIVATE_KEY: garbage },
        [plan, [...apply, "--debug"]],
        /^asc-gitops: ASC_PRIVATE_KEY is not a PEM private key; App Store Connect keys \(\.p8 files\) are PKCS#8 PEM/,
      ],
      [{ ASC_PRIVATE_KEY: p384Key }, [[...plan, "--debug"], apply], /^asc-gitops: ASC_PRIVATE_KEY is not a P-256 \(ES256\) private key in PKCS#8 PEM/],
      [{ ASC_PRIVATE_KEY: cutShort }, [plan], /^asc-gitops: ASC_PRIVATE_KEY is not a P-256 \(ES256\) private key in PKCS#8 PEM/],
    ];
    // One case at a time: two applies of one app at once would wait for each other's lock and say so first.
    for (const [env, commands, message] of cases) {
      const runs = await runAll(commands, env);
      assertCleanFailure(runs, message);
      for (const [line, run] of runs) assertNoLeak(`${run.stdout}\n${run.stderr}`, localSecrets, line);
    }
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
    const runs = await runAll(
      [
        ["plan", "--api-url", url, "--today", TODAY],
        ["apply", "--api-url", url, "--today", TODAY, "--debug"],
      ],
      {
        ASC_PRIVATE_KEY_PATH: sandbox.sandbox.privateKeyPath,
      },
    );
    assertCleanFailure(runs, new RegExp(`could not connect \\(connect ECONNREFUSED ${url.replace("http://", "").replace(/\./g, "\\.")}\\)`));
  });

  test("the notification URLs and the webhook's secret: in no output, whether a delivery fails or the setting is refused", async () => {
    const token = "slackWebhookTokenThatMustNotLeak";
    const secret = `whsec_${Buffer.from("webhook-secret-that-must-not-leak").toString("base64")}`;
    const target = `http://127.0.0.1:${await closedPort()}`;
    const notify = {
      ASC_GITOPS_SLACK_WEBHOOK: `${target}/services/T0/B0/${token}`,
      ASC_GITOPS_WEBHOOK_URL: `${target}/hooks/${token}`,
      ASC_GITOPS_WEBHOOK_SECRET: secret,
    };
    const localSecrets: Secrets = {
      ...secrets,
      named: { ...secrets.named, "the Slack token": token, "the webhook secret": secret, "its key": secret.slice(6) },
    };
    const url = `http://127.0.0.1:${await closedPort()}`;
    // Nothing listens at App Store Connect nor at the targets: the apply fails, and so does telling it.
    const [line, failed] = (
      await runAll([["apply", "--api-url", url, "--today", TODAY, "--debug"]], {
        ASC_PRIVATE_KEY_PATH: sandbox.sandbox.privateKeyPath,
        ...notify,
      })
    )[0]!;
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /apply\.failed notification could not be delivered to the Slack target \(the connection could not be made after 4 attempts\)/);
    assert.match(failed.stderr, /could not be delivered to the webhook target/);
    assertNoLeak(`${failed.stdout}\n${failed.stderr}`, localSecrets, line);
    const refused = await runAll(
      [
        ["drift", "--api-url", url, "--today", TODAY],
        ["apply", "--api-url", url, "--today", TODAY, "--debug"],
      ],
      { ASC_PRIVATE_KEY_PATH: sandbox.sandbox.privateKeyPath, ...notify, ASC_GITOPS_SLACK_WEBHOOK: `http://hooks.example/services/T0/B0/${token}` },
    );
    for (const [command, run] of refused) {
      assert.equal(run.code, 1, command);
      assert.match(run.stderr, /ASC_GITOPS_SLACK_WEBHOOK must be an https:\/\/ URL/);
      assertNoLeak(`${run.stdout}\n${run.stderr}`, localSecrets, command);
    }
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

      const planned = await cli(["plan", "--api-url", url, "--today", TODAY, "--json", "--out", "out/plan.json"], repo, {
        ...env,
        ASC_PRIVATE_KEY_PATH: sandbox.sandbox.privateKeyPath,
      });
      assert.equal(planned.code, 0, planned.stderr);
      // The key as text in the environment, as CI secrets give it.
      const applied = await cli(["apply", "--api-url", url, "--today", TODAY, "--json", "--out", "out/report.json", "--debug"], repo, {
        ...env,
        ASC_PRIVATE_KEY: sandboxKey,
      });
      assert.equal(applied.code, 0, applied.stderr);
      for (const [what, run] of [
        ["plan", planned],
        ["apply", applied],
      ] as const)
        assertNoLeak(`${run.stdout}\n${run.stderr}`, secrets, what);

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

/** An App Store Connect that refuses every token, echoing it back whole, part by part and decoded, as a careless gateway might. */
async function startEchoing401(): Promise<{ url: string; tokens: Set<string>; close(): Promise<void> }> {
  const tokens = new Set<string>();
  const server: Server = createHttpServer((request, response) => {
    const token = String(request.headers.authorization ?? "").replace(/^Bearer /, "");
    if (token) tokens.add(token);
    const [header = "", payload = "", signature = ""] = token.split(".");
    const decoded = Buffer.from(payload, "base64url").toString("utf8");
    const detail =
      "Provide a properly configured and signed bearer token, and make sure that it has not expired. " +
      `Received ${token}; header ${header}; payload ${payload} (${decoded}); signature ${signature}`;
    response.writeHead(401, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        errors: [{ status: "401", code: "NOT_AUTHORIZED", title: "Authentication credentials are missing or invalid.", detail, meta: { signature } }],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A CONNECT proxy that refuses every tunnel with 407, its status line echoing the credentials it was sent, decoded and encoded. */
async function startEchoing407(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createHttpServer((_request, response) => response.writeHead(405).end());
  server.on("connect", (request, socket: import("node:net").Socket) => {
    const authorization = String(request.headers["proxy-authorization"] ?? "");
    const decoded = Buffer.from(authorization.replace(/^Basic /, ""), "base64").toString("utf8");
    socket.end(`HTTP/1.1 407 Wrong credentials ${decoded} (${authorization})\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("servers and proxies that echo the credentials back", { concurrency: true }, () => {
  let repo: Awaited<ReturnType<typeof workspace>>;
  let key: string;
  const issuerId = "69a6de7e-0000-47e3-e053-5b8c7c11a4d1";

  before(async () => {
    repo = await workspace();
    key = await exportPKCS8((await generateKeyPair("ES256", { extractable: true })).privateKey);
  });
  after(() => repo.dispose());

  const env = (extra: Record<string, string>) => ({ ...repo.env, ASC_ISSUER_ID: issuerId, ASC_KEY_ID: "ECHO123456", ASC_PRIVATE_KEY: key, ...extra });

  test("a 401 that echoes the token, each of its parts and its decoded payload: none of it is printed", async () => {
    const echo = await startEchoing401();
    try {
      const runs = await Promise.all(
        [
          ["plan", "--api-url", echo.url, "--today", TODAY],
          ["apply", "--api-url", echo.url, "--today", TODAY, "--debug"],
          ["drift", "--api-url", echo.url, "--today", TODAY, "--json"],
        ].map(async (args) => [args.join(" "), await cli(args, repo.repo, env({}))] as const),
      );
      assert.ok(echo.tokens.size > 0, "tokens reached the server");
      const parts = Object.fromEntries(
        [...echo.tokens].flatMap((token, index) => [
          [`token ${index + 1}`, token],
          ...token.split(".").map((part, number) => [`part ${number + 1} of token ${index + 1}`, part]),
        ]),
      );
      const secrets: Secrets = { pems: [key], named: { ...parts, "the issuer id": issuerId } };
      for (const [line, run] of runs) {
        assert.equal(run.code, 1, `${line}\n${run.stderr}`);
        assert.match(run.stderr, /401 NOT_AUTHORIZED: Provide a properly configured and signed bearer token/, line);
        if (!line.includes("--debug")) assert.doesNotMatch(run.stderr, /^\s+at /m, `${line}: no stack trace`);
        assertNoLeak(`${run.stdout}\n${run.stderr}`, secrets, line);
      }
    } finally {
      await echo.close();
    }
  });

  test("a proxy that answers 407 echoing its password, or a user name that is the only credential: neither is printed", async () => {
    const proxy = await startEchoing407();
    try {
      const cases: [string, string, Record<string, string>][] = [
        [
          "user and password",
          `http://buildbot:s3cret%2Bpass@127.0.0.1:${proxy.port}`,
          {
            "the password": "s3cret%2Bpass",
            "the password decoded": "s3cret+pass",
            "the Basic credential": Buffer.from("buildbot:s3cret+pass").toString("base64"),
          },
        ],
        [
          "a user name only",
          `http://tok-9f8e7d6c5b4a@127.0.0.1:${proxy.port}`,
          { "the user name": "tok-9f8e7d6c5b4a", "the Basic credential": Buffer.from("tok-9f8e7d6c5b4a:").toString("base64") },
        ],
      ];
      await Promise.all(
        cases.map(async ([what, url, named]) => {
          const run = await cli(["plan", "--api-url", "https://api.asc-gitops.test", "--today", TODAY], repo.repo, env({ HTTPS_PROXY: url }));
          assert.equal(run.code, 1, `${what}\n${run.stderr}`);
          assert.match(run.stderr, /the proxy at 127\.0\.0\.1:\d+ answered 407/, what);
          assert.doesNotMatch(run.stderr, /^\s+at /m, `${what}: no stack trace`);
          assertNoLeak(`${run.stdout}\n${run.stderr}`, { pems: [key], named: { ...named, "the proxy URL": url } }, what);
        }),
      );
    } finally {
      await proxy.close();
    }
  });

  test("a % in the proxy password that starts no escape is a clear error, not a URIError, and repeats nothing", async () => {
    const url = "http://buildbot:50%zzoff@127.0.0.1:9";
    for (const args of [
      ["plan", "--api-url", "https://api.asc-gitops.test", "--today", TODAY],
      ["plan", "--api-url", "https://api.asc-gitops.test", "--today", TODAY, "--debug"],
    ]) {
      const run = await cli(args, repo.repo, env({ HTTPS_PROXY: url }));
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /^asc-gitops: HTTPS_PROXY's user name or password holds a % that starts no %-escape: write a % in them as %25/);
      assert.doesNotMatch(run.stderr, /URIError|URI malformed/);
      assertNoLeak(`${run.stdout}\n${run.stderr}`, { pems: [key], named: { "the password": "50%zzoff" } }, args.join(" "));
    }
  });
});

describe("the App Review demo account's password (review.yml's { env: ASC_DEMO_PASSWORD })", () => {
  test("is in no output of plan, apply and drift (with --debug too), nor in any file they write; it is shown as where it comes from", async () => {
    const own = await startTestSandbox();
    const space = await workspace();
    try {
      await writeFile(
        path.join(space.repo, "metadata", "review.yml"),
        "demoAccount:\n  required: true\n  name: review@acme.example\n  password: { env: ASC_DEMO_PASSWORD }\n",
      );
      const password = "correct horse battery staple";
      const secrets: Secrets = { pems: [], named: { "the demo account password": password, "its first word run on": "correct horse" } };
      const env = {
        ...space.env,
        ASC_ISSUER_ID: own.sandbox.issuerId,
        ASC_KEY_ID: own.sandbox.keyId,
        ASC_PRIVATE_KEY_PATH: own.sandbox.privateKeyPath,
        ASC_DEMO_PASSWORD: password,
      };
      const url = own.sandbox.url;
      const beforeRuns = await listing(space.repo);
      const outputs: string[] = [];
      for (const args of [
        ["plan", "--api-url", url, "--today", TODAY, "--out", "plan.json"],
        ["plan", "--api-url", url, "--today", TODAY, "--json", "--debug"],
        ["apply", "--api-url", url, "--today", TODAY, "--debug", "--out", "report.json"],
        ["drift", "--api-url", url, "--today", TODAY, "--json"],
      ]) {
        const result = await cli(args, space.repo, env);
        assertNoLeak(`${result.stdout}\n${result.stderr}`, secrets, args.join(" "));
        outputs.push(result.stdout);
      }
      assert.match(outputs[0]!, /demo account password: \(from ASC_DEMO_PASSWORD, changed\)/);
      for (const file of written(beforeRuns, await listing(space.repo))) assertNoLeak(await readFile(file, "utf8"), secrets, path.basename(file));
    } finally {
      await own.dispose();
      await space.dispose();
    }
  });
});
