import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import type { Plan } from "../../src/engine/plan/plan.js";
import type { AppDetailChange } from "../../src/resources/index.js";
import { copyOfExample, removeFolder, run, startSandboxProcess } from "../helpers/cli.js";

const APP_YML = [
  "app:",
  "  bundleId: com.acme.fitness",
  "  platform: IOS",
  'version: "2.4.0"',
  'copyright: "2027 Acme Inc."',
  "contentRights:",
  "  usesThirdPartyContent: false",
  "",
].join("\n");

describe("copyright and contentRights in app.yml, through the CLI against a sandbox process", () => {
  test("plan shows them, apply makes them, plan shows 0 changes; a hand edit is drift", async () => {
    const work = await copyOfExample("asc-gitops-app-details-");
    await writeFile(path.join(work, "metadata", "app.yml"), APP_YML);
    const sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"));
    try {
      const env = sandbox.env;
      const args = ["--api-url", sandbox.ready.url, "--today", "2026-11-24"];
      const planned = await run(["plan", ...args, "--json"], work, env);
      assert.equal(planned.code, 0, planned.stderr);
      assert.match(planned.stderr, /Read live state with 5 GET/);
      const plan = JSON.parse(planned.stdout) as Plan;
      // The copyright is the version's (sent in its one PATCH with its other settings), the content rights the app's.
      const details = plan.changes.filter((change) => change.kind === "app-detail-update" || change.kind === "app-version-update") as AppDetailChange[];
      const app = details.map((change) => [change.kind, change.field, change.before, change.after]);
      assert.deepEqual(app, [
        ["app-detail-update", "contentRights", "USES_THIRD_PARTY_CONTENT", "DOES_NOT_USE_THIRD_PARTY_CONTENT"],
        ["app-version-update", "copyright", "2026 Acme Inc.", "2027 Acme Inc."],
      ]);
      const text = await run(["plan", ...args], work, env);
      assert.match(text.stdout, /~ copyright: "2026 Acme Inc\." → "2027 Acme Inc\."  metadata\/app\.yml:5/);

      const applied = await run(["apply", ...args], work, env);
      assert.equal(applied.code, 0, applied.stderr);
      const again = JSON.parse((await run(["plan", ...args, "--json"], work, env)).stdout) as Plan;
      assert.deepEqual(again.changes, []);

      const { AscClient } = await import("../../src/asc/client.js");
      const { loadCredentials } = await import("../../src/asc/credentials.js");
      const client = new AscClient({
        baseUrl: sandbox.ready.url,
        credentials: await loadCredentials({ issuerId: env.ASC_ISSUER_ID, keyId: env.ASC_KEY_ID, privateKeyPath: env.ASC_PRIVATE_KEY_PATH }),
      });
      const apps = await client.get<{ data: { id: string }[] }>("/v1/apps", { "filter[bundleId]": "com.acme.fitness" });
      const id = apps.data[0]!.id;
      await client.patch(`/v1/apps/${id}`, { data: { type: "apps", id, attributes: { contentRightsDeclaration: "USES_THIRD_PARTY_CONTENT" } } });
      const drifted = await run(["drift", ...args, "--json"], work, env);
      assert.equal(drifted.code, 2);
      const report = JSON.parse(drifted.stdout) as { drift: { locale: string; field?: string }[] };
      assert.deepEqual(
        report.drift.map((change) => [change.locale, change.field]),
        [["app", "contentRights"]],
      );
    } finally {
      await sandbox.stop();
      await removeFolder(work);
    }
  });
});
