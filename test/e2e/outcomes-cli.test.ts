/**
 * What the command line claims, run as a process against a sandbox: a folder
 * named on the command line must exist (an absent one would read as "no
 * screenshots", and prune would delete every live set), the default
 * screenshots folder may be absent (then nothing of it is managed), and a
 * blocked change is a difference (plan exits 2, apply 1, drift 2; nothing
 * says "matches" while anything is blocked).
 */
import assert from "node:assert/strict";
import { access, cp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { ApplyReport } from "../../src/engine/apply/report.js";
import type { Plan } from "../../src/engine/plan/plan.js";
import { copyOfExample, removeFolder, run, type Run } from "../helpers/cli.js";
import { startTestSandbox, type TestSandbox } from "../sandbox/helpers/sandbox.js";

const TODAY = "2026-11-24";

/** A proxy in front of the sandbox that counts the requests reaching it. */
async function countingProxy(target: string): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((incoming, outgoing) => {
    requests.push(`${incoming.method} ${incoming.url}`);
    const upstream = httpRequest(`${target}${incoming.url}`, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on("error", () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  await writeFile(file, change(await readFile(file, "utf8")));
}

const everything = (result: Run) => `${result.stdout}\n${result.stderr}`;
const explain = (result: Run) => `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

describe("folders: one named on the command line must exist; the default screenshots folder may be absent", () => {
  let box: TestSandbox;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let repo: string;
  let env: Record<string, string>;

  before(async () => {
    box = await startTestSandbox();
    proxy = await countingProxy(box.sandbox.url);
    env = { ASC_ISSUER_ID: box.sandbox.issuerId, ASC_KEY_ID: box.sandbox.keyId, ASC_PRIVATE_KEY_PATH: box.sandbox.privateKeyPath };
    repo = await copyOfExample("asc-gitops-folders-");
    await edit(path.join(repo, "metadata", "app.yml"), (text) => text.replace("prune: false", "prune: true"));
  });
  after(async () => {
    proxy.server.closeAllConnections();
    await new Promise((resolve) => proxy.server.close(resolve));
    await box.dispose();
    await removeFolder(repo);
  });

  test("a mistyped --screenshots with prune: every command exits 1 naming the folder, and nothing is read or written", async () => {
    const message = new RegExp(
      /^screenshot: no such folder, and --screenshots names it: fix the path, or create the folder /.source +
        /\(without --screenshots, an absent screenshots folder leaves every screenshot set unmanaged\)$/.source,
      "m",
    );
    for (const command of [["plan", "--detailed-exitcode", "--out", "plan.json"], ["apply", "--out", "report.json"], ["drift"]]) {
      const result = await run([...command, "--screenshots", "screenshot", "--api-url", proxy.url, "--today", TODAY], repo, env);
      assert.equal(result.code, 1, explain(result));
      assert.match(result.stderr, message);
      assert.match(result.stderr, /nothing was (read from App Store Connect|changed)/);
      assert.equal(result.stdout, "", `${command[0]} prints no plan or report`);
    }
    assert.deepEqual(proxy.requests, [], "no request reached App Store Connect");
    await assert.rejects(access(path.join(repo, "plan.json")), "no plan file is written");
    await assert.rejects(access(path.join(repo, "report.json")), "no report file is written");
  });

  test("no screenshots folder at all (the default) with prune: no live screenshot set is planned for deletion", async () => {
    const bare = await copyOfExample("asc-gitops-no-screenshots-");
    try {
      await cp(path.join(repo, "metadata", "app.yml"), path.join(bare, "metadata", "app.yml"));
      await rm(path.join(bare, "screenshots"), { recursive: true });
      const result = await run(["plan", "--json", "--api-url", box.sandbox.url, "--today", TODAY], bare, env);
      assert.equal(result.code, 0, explain(result));
      const plan = JSON.parse(result.stdout) as Plan;
      assert.ok(plan.changes.length > 0, "the text changes are planned");
      assert.deepEqual(
        plan.changes.filter((change) => change.kind.startsWith("screenshot-")).map((change) => `${change.kind} ${change.locale}`),
        [],
        "screenshots are unmanaged: nothing uploaded, reordered or deleted",
      );
      const withFolder = JSON.parse((await run(["plan", "--json", "--api-url", box.sandbox.url, "--today", TODAY], repo, env)).stdout) as Plan;
      assert.ok(
        withFolder.changes.some((change) => change.kind.startsWith("screenshot-")),
        "the same app with its screenshots folder does manage its sets",
      );
    } finally {
      await removeFolder(bare);
    }
  });
});

describe("a blocked change is a difference: plan exits 2, apply exits 1 and never says it matches, drift exits 2", () => {
  let box: TestSandbox;
  let env: Record<string, string>;
  let api: string[];
  const variants: string[] = [];

  before(async () => {
    box = await startTestSandbox();
    env = { ASC_ISSUER_ID: box.sandbox.issuerId, ASC_KEY_ID: box.sandbox.keyId, ASC_PRIVATE_KEY_PATH: box.sandbox.privateKeyPath };
    api = ["--api-url", box.sandbox.url, "--today", TODAY];
    // Live first equals the example app, so that what is blocked is the only difference.
    const example = await copyOfExample("asc-gitops-converged-");
    variants.push(example);
    const applied = await run(["apply", ...api], example, env);
    assert.equal(applied.code, 0, explain(applied));
  });
  after(async () => {
    await box.dispose();
    for (const folder of variants) await removeFolder(folder);
  });

  /** A copy of the (applied) example app, changed by `change`. */
  async function variant(change: (repo: string) => Promise<void>): Promise<string> {
    const repo = await copyOfExample("asc-gitops-blocked-");
    variants.push(repo);
    await change(repo);
    return repo;
  }

  async function assertBlocked(repo: string, blocked: RegExp, count: number): Promise<void> {
    const plan = await run(["plan", "--detailed-exitcode", ...api], repo, env);
    assert.equal(plan.code, 2, `plan --detailed-exitcode exits 2\n${explain(plan)}`);
    const lines = plan.stdout.split("\n");
    const heading = lines.findIndex((line) => line.startsWith("Blocked: "));
    assert.equal(heading, 3, `the blocked changes come right after the counts\n${plan.stdout}`);
    assert.equal(
      lines[heading],
      `Blocked: ${count} change${count === 1 ? "" : "s"} cannot be applied now, so App Store Connect will still differ from the repository:`,
    );
    assert.match(plan.stdout, blocked);
    assert.doesNotMatch(plan.stdout, /No changes: App Store Connect matches the repository/);

    const json = await run(["plan", "--json", ...api], repo, env);
    const saved = JSON.parse(json.stdout) as Plan;
    assert.equal(saved.blocked.length, count);
    assert.deepEqual(Object.keys(saved).slice(0, 4), ["schemaVersion", "today", "app", "blocked"], "the plan JSON has the blocked changes first too");

    const applied = await run(["apply", "--json", ...api], repo, env);
    assert.equal(applied.code, 1, `apply exits 1\n${explain(applied)}`);
    assert.doesNotMatch(everything(applied), /verified|now matches|already matched|✓/);
    assert.match(applied.stderr, new RegExp(`blocked: ${count} changes? (was|were) not applied, so App Store Connect does not match the repository:`));
    assert.match(applied.stderr, blocked);
    const report = JSON.parse(applied.stdout) as ApplyReport;
    assert.equal(report.success, false);
    assert.equal(report.verification?.converged, false);
    assert.equal(report.verification?.blocked.length, count);

    const drift = await run(["drift", ...api], repo, env);
    assert.equal(drift.code, 2, `drift exits 2\n${explain(drift)}`);
    assert.doesNotMatch(drift.stdout, /No drift/);
    assert.match(drift.stdout, new RegExp(`^0 drifted changes \\(live edited by hand\\), 0 pending rotations, ${count} blocked changes?$`, "m"));
    assert.match(drift.stdout, blocked);
  }

  test("(a) a screenshots folder for a locale with no metadata file and none live", async () => {
    const repo = await variant((folder) =>
      cp(path.join(folder, "screenshots", "en-US", "iphone-6.9"), path.join(folder, "screenshots", "it", "iphone-6.9"), { recursive: true }),
    );
    await assertBlocked(
      repo,
      new RegExp(
        /it: create the iphone-6\.9 set: it does not exist in App Store Connect and the repository has no metadata file for it: /.source +
          /add metadata\/it\.yml \(with at least name\) to create the locale \(screenshots\/it\/iphone-6\.9\)/.source,
      ),
      1,
    );
  });

  test("(b) version: a version that is on sale", async () => {
    const repo = await variant((folder) => edit(path.join(folder, "metadata", "app.yml"), (text) => text.replace('version: "2.4.0"', 'version: "2.3.1"')));
    const plan = JSON.parse((await run(["plan", "--json", ...api], repo, env)).stdout) as Plan;
    assert.ok(plan.blocked.length > 1, "the on-sale version's text differs in several fields");
    await assertBlocked(
      repo,
      new RegExp(
        /changes: version 2\.3\.1 is READY_FOR_DISTRIBUTION; /.source +
          /its text and screenshots change only while it is prepared .*create a new version in App Store Connect\n/.source +
          /[\s\S]*de-DE: update description on version 2\.3\.1 \(on sale\) \(metadata\/de-DE\.yml:\d+\)/.source,
      ),
      plan.blocked.length,
    );
  });

  test("(c) a new locale without a name", async () => {
    const repo = await variant((folder) =>
      writeFile(
        path.join(folder, "metadata", "fr-FR.yml"),
        "description: |\n  Acme Fitness plans your week around the days you actually have.\n" +
          "keywords: [gym, exercise]\nsupportUrl: https://acme.example/support\n",
      ),
    );
    await assertBlocked(
      repo,
      new RegExp(
        /fr-FR: create the app info localization: a new locale needs a name: /.source +
          /App Store Connect refuses to create an app info localization without one; add name: to the locale file \(metadata\/fr-FR\.yml\)/.source,
      ),
      1,
    );
  });
});

describe("between a release and the next version, the version on sale is what the repository is compared with", () => {
  test("a repository that matches it has no change and nothing blocked; a text that differs is blocked, promotional text is applied", async () => {
    const first = await startTestSandbox();
    const repo = await copyOfExample("asc-gitops-released-");
    let box: TestSandbox | undefined;
    try {
      const env = { ASC_ISSUER_ID: first.sandbox.issuerId, ASC_KEY_ID: first.sandbox.keyId, ASC_PRIVATE_KEY_PATH: first.sandbox.privateKeyPath };
      await edit(path.join(repo, "metadata", "app.yml"), (text) => text.replace(/^version: .*\n/m, ""));
      const applied = await run(["apply", "--api-url", first.sandbox.url, "--today", TODAY], repo, env);
      assert.equal(applied.code, 0, explain(applied));

      // 2.4.0 is released: it is on sale, 2.3.1 is replaced, and no version is being prepared.
      await first.sandbox.close();
      const statePath = path.join(first.folder, "state.json");
      const state = JSON.parse(await readFile(statePath, "utf8")) as Record<string, Record<string, string>[]>;
      for (const version of state.appStoreVersions!) {
        const released = version.versionString === "2.4.0";
        version.appStoreState = released ? "READY_FOR_SALE" : "REPLACED_WITH_NEW_VERSION";
        version.appVersionState = released ? "READY_FOR_DISTRIBUTION" : "REPLACED_WITH_NEW_VERSION";
      }
      state.appInfos = state
        .appInfos!.filter((info) => info.state === "PREPARE_FOR_SUBMISSION")
        .map((info) => ({ ...info, state: "READY_FOR_DISTRIBUTION", appStoreState: "READY_FOR_SALE" }));
      await writeFile(statePath, JSON.stringify(state));
      box = await startTestSandbox({}, first.folder);
      const api = ["--api-url", box.sandbox.url, "--today", TODAY];

      const plan = await run(["plan", "--detailed-exitcode", ...api], repo, env);
      assert.equal(plan.code, 0, explain(plan));
      assert.match(plan.stdout, /^Plan: Acme Fitness \(com\.acme\.fitness\) · IOS version 2\.4\.0 \(READY_FOR_DISTRIBUTION\) · /);
      assert.match(plan.stdout, /^No changes: App Store Connect matches the repository\.$/m);
      assert.equal((await run(["drift", ...api], repo, env)).code, 0);

      await edit(path.join(repo, "metadata", "en-US.yml"), (text) =>
        text.replace(/^promotionalText: .*$/m, "promotionalText: Now with streaks.").replace("Free to try.", "Free to try for a week."),
      );
      const changed = await run(["plan", "--json", ...api], repo, env);
      const next = JSON.parse(changed.stdout) as Plan;
      assert.deepEqual(
        next.blocked.map((item) => `${item.locale} ${item.field}: ${item.reason.split(";")[0]}`),
        ["en-US description: version 2.4.0 is READY_FOR_DISTRIBUTION"],
      );
      assert.deepEqual(
        next.changes.map((change) => change.kind === "field-update" && `${change.locale} ${change.field}`),
        ["en-US promotionalText"],
      );
    } finally {
      await box?.sandbox.close();
      await first.dispose();
      await removeFolder(repo);
    }
  });
});
