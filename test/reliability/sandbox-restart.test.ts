/**
 * App Store Connect going away in the middle of an apply: `asc-gitops sandbox`
 * runs as its own process and is killed (SIGKILL) while `asc-gitops apply`
 * works against it. The apply must end on its own, soon, with exit 1 and
 * readable one-line errors that say what failed and where (no stack trace);
 * the sandbox, restarted on the same state file and port, then gets a re-run
 * that converges with nothing duplicated and nothing left over.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { describe, test } from "node:test";
import { AscClient } from "../../src/asc/client.js";
import { loadCredentials } from "../../src/asc/credentials.js";
import { readLiveState } from "../../src/engine/read.js";
import { exampleDesired } from "../helpers/apply-harness.js";
import { BIN, copyOfExample, removeFolder, run, startSandboxProcess } from "../helpers/cli.js";
import { assertConverged } from "../helpers/states.js";

const TODAY = "2026-11-24";

const sandboxArgs = (port: number | string) => ["--port", String(port), "--latency", "10", "--processing-ms", "300"];
const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

describe("the sandbox killed in the middle of an apply, then restarted", { concurrency: true }, () => {
  const KILL_POINTS = [
    { when: "after the first change is reported", line: /^ja: created the app info localization/ },
    { when: "as the first screenshot upload starts", line: /: uploading 1 of \d+ / },
  ];
  for (const { when, line } of KILL_POINTS) {
    test(`killed ${when}: apply exits 1 with one-line errors naming what failed, and a re-run converges`, async () => {
      const repo = await copyOfExample("asc-gitops-restart-");
      const statePath = path.join(repo, "sandbox", "state.json");
      let sandbox = await startSandboxProcess(statePath, sandboxArgs(0));
      try {
        const { url } = sandbox.ready;
        const port = new URL(url).port;
        const env = sandbox.env;

        const apply = spawn(process.execPath, [BIN, "apply", "--api-url", url, "--today", TODAY], {
          cwd: repo,
          env: { PATH: process.env.PATH!, NO_COLOR: "1", ...env },
        });
        let stderr = "";
        let stdout = "";
        apply.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        let killed = false;
        apply.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          if (!killed && stderr.split("\n").some((text) => line.test(text))) {
            killed = true;
            sandbox.child.kill("SIGKILL");
          }
        });
        const code = await new Promise<number | null>((resolve) => apply.once("exit", resolve));
        const output = `--- stderr ---\n${stderr}\n--- stdout ---\n${stdout}`;
        assert.ok(killed, `the sandbox was killed before the apply ended:\n${output}`);
        await exited(sandbox.child);

        assert.equal(code, 1, output);
        assert.doesNotMatch(`${stderr}\n${stdout}`, STACK_LINE, `no stack trace:\n${output}`);
        const refused = `could not connect (connect ECONNREFUSED 127.0.0.1:${port})`;
        assert.match(
          stderr,
          new RegExp(
            `^✗ App Store Connect could not be reached: [A-Z]+ /v1/\\S+: ${escape(refused)}; ` +
              `the changes after it failed at once\\. Run apply again once it answers\\.$`,
            "m",
          ),
          output,
        );
        const failures = stderr
          .split("\n")
          .filter((text) => text.startsWith("✗ ") && !text.startsWith("✗ App Store Connect") && !text.startsWith("✗ verification"));
        assert.ok(failures.length > 0, output);
        for (const failure of failures)
          assert.match(
            failure,
            /^✗ [A-Za-z-]+( \w+)?: .+ failed: .+ \((metadata|screenshots)\/\S+\)$/,
            `each failure names the locale, what failed and the file: ${failure}`,
          );
        assert.match(stdout, /^✗ applied \d+ of \d+ changes with \d+ write requests?$/m, output);

        // The same state file and port: the sandbox takes over its killed predecessor's lock.
        sandbox = await startSandboxProcess(statePath, sandboxArgs(port));
        assert.equal(sandbox.ready.url, url);
        const rerun = await run(["apply", "--api-url", url, "--today", TODAY], repo, env);
        assert.equal(rerun.code, 0, `${output}\n--- re-run ---\n${rerun.stderr}\n${rerun.stdout}`);
        assert.match(rerun.stdout, /verified: App Store Connect now matches the repository/);

        const desired = await exampleDesired(repo);
        const credentials = await loadCredentials({
          issuerId: sandbox.ready.issuerId,
          keyId: sandbox.ready.keyId,
          privateKeyPath: sandbox.ready.privateKeyPath,
        });
        const { live } = await readLiveState(new AscClient({ baseUrl: url, credentials }), desired, { allScreenshots: true });
        assert.ok(live);
        assertConverged(desired, live, { strict: true });
        assert.equal(live.versionLocalizations.filter((item) => item.locale === "ja").length, 1);
        assert.equal(live.appInfoLocalizations.filter((item) => item.locale === "ja").length, 1);
        for (const set of live.screenshotSets) {
          assert.deepEqual(
            set.screenshots.filter((shot) => shot.state !== "COMPLETE").map((shot) => shot.fileName),
            [],
            `${set.locale} ${set.displayType}: no reservation is left`,
          );
          const checksums = set.screenshots.map((shot) => shot.checksum);
          assert.equal(new Set(checksums).size, checksums.length, `${set.locale} ${set.displayType}: nothing is there twice`);
        }
        const again = await run(["apply", "--api-url", url, "--today", TODAY], repo, env);
        assert.match(again.stdout, /applied 0 of 0 changes with 0 write requests/);
      } finally {
        await sandbox.stop();
        await removeFolder(repo);
      }
    });
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
