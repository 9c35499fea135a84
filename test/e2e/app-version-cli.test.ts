import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import type { Plan } from "../../src/engine/plan/plan.js";
import type { AppVersionChange } from "../../src/resources/index.js";
import { copyOfExample, removeFolder, run, startSandboxProcess } from "../helpers/cli.js";

const appYml = (lines: string[]) => ["app:", "  bundleId: com.acme.fitness", "  platform: IOS", 'version: "2.4.0"', ...lines, ""].join("\n");
const settings = (plan: Plan) =>
  (plan.changes.filter((change) => change.kind === "app-version-update") as AppVersionChange[]).map((change) => [change.field, change.before, change.after]);

describe("release and build in app.yml, through the CLI against a sandbox process", () => {
  test("plan shows the release type, date, newest build and phased release; apply sets them (one PATCH of the version); plan shows 0 changes", async () => {
    const work = await copyOfExample("asc-gitops-app-version-");
    await writeFile(
      path.join(work, "metadata", "app.yml"),
      appYml(["build: latest", "release:", "  type: scheduled", "  date: 2030-01-15T17:00:00Z", "  phased: true"]),
    );
    const sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"));
    try {
      const args = ["--api-url", sandbox.ready.url];
      const planned = await run(["plan", ...args, "--json"], work, sandbox.env);
      assert.equal(planned.code, 0, planned.stderr);
      assert.match(planned.stderr, /Read live state with 6 GET/);
      assert.deepEqual(settings(JSON.parse(planned.stdout) as Plan), [
        ["releaseType", "MANUAL", "SCHEDULED"],
        ["earliestReleaseDate", null, "2030-01-15T17:00:00.000Z"],
        ["build", "240", "241"],
      ]);
      const phased = (JSON.parse(planned.stdout) as Plan).changes.filter((change) => change.kind.startsWith("phased-release"));
      assert.deepEqual(
        phased.map((change) => [change.kind, (change as { after?: string }).after]),
        [["phased-release-create", "ACTIVE"]],
      );
      const text = await run(["plan", ...args], work, sandbox.env);
      assert.match(text.stdout, /\+ phased release \(ACTIVE, over 7 days\) {2}metadata\/app\.yml:9/);
      assert.match(text.stdout, /~ release type: manual → scheduled {2}metadata\/app\.yml:7/);
      assert.match(text.stdout, /~ build: 240 → 241 {2}metadata\/app\.yml:5/);

      const applied = await run(["apply", ...args, "--json"], work, sandbox.env);
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(applied.stderr, /app: updated releaseType, earliestReleaseDate, build on the version/);
      const report = JSON.parse(applied.stdout) as { requests: { method: string; path: string }[] };
      const versionPatches = report.requests.filter((request) => request.method === "PATCH" && request.path.startsWith("/v1/appStoreVersions/"));
      assert.equal(versionPatches.length, 1, JSON.stringify(versionPatches));
      const again = JSON.parse((await run(["plan", ...args, "--json"], work, sandbox.env)).stdout) as Plan;
      assert.deepEqual(again.changes, []);
      assert.deepEqual(again.blocked, []);
    } finally {
      await sandbox.stop();
      await removeFolder(work);
    }
  });

  test("a PROCESSING build is a blocked change that names it: apply makes the rest and exits 1", async () => {
    const work = await copyOfExample("asc-gitops-app-version-");
    await writeFile(path.join(work, "metadata", "app.yml"), appYml(['build: "242"', "release:", "  type: after-approval"]));
    const sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"));
    try {
      const args = ["--api-url", sandbox.ready.url];
      const plan = JSON.parse((await run(["plan", ...args, "--json"], work, sandbox.env)).stdout) as Plan;
      assert.deepEqual(
        plan.blocked.map((change) => [change.field, change.reason.split(";")[0]]),
        [["build", "build 242 is PROCESSING"]],
      );
      assert.deepEqual(settings(plan), [["releaseType", "MANUAL", "AFTER_APPROVAL"]]);
      const applied = await run(["apply", ...args], work, sandbox.env);
      assert.equal(applied.code, 1, applied.stderr);
      const after = JSON.parse((await run(["plan", ...args, "--json"], work, sandbox.env)).stdout) as Plan;
      assert.deepEqual(settings(after), []);
      assert.equal(after.blocked.length, 1);
    } finally {
      await sandbox.stop();
      await removeFolder(work);
    }
  });
});
