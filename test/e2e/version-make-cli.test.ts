/**
 * version: in app.yml made declarative, as EAS Metadata makes it: the one
 * editable version renamed, or, with none editable, a version created, the
 * rest planned against the version it is copied from and planned again once
 * App Store Connect lists it (the sandbox's read-after-write lag on).
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import type { Plan } from "../../src/engine/plan/plan.js";
import type { AppVersionChange } from "../../src/resources/index.js";
import type { SandboxState } from "../../src/sandbox/store/records.js";
import { copyOfExample, removeFolder, run } from "../helpers/cli.js";
import { startTestSandbox, tempFolder } from "../sandbox/helpers/sandbox.js";

const TODAY = "2026-11-24";
const appYml = (version: string) =>
  ["app:", "  bundleId: com.acme.fitness", "  platform: IOS", `version: "${version}"`, "release:", "  type: after-approval", ""].join("\n");
const versionChanges = (plan: Plan) =>
  (plan.changes.filter((change) => "resource" in change && change.resource === "appVersion") as AppVersionChange[]).map((change) => [
    change.kind,
    change.field,
    change.before,
    change.after,
  ]);

describe("a version app.yml names that the app does not have", () => {
  test("the editable version is renamed in the same PATCH as its release type; plan then shows 0 changes", async () => {
    const work = await copyOfExample("asc-gitops-version-rename-");
    await writeFile(path.join(work, "metadata", "app.yml"), appYml("2.5.0"));
    const box = await startTestSandbox();
    try {
      const env = { ASC_ISSUER_ID: box.sandbox.issuerId, ASC_KEY_ID: box.sandbox.keyId, ASC_PRIVATE_KEY_PATH: box.sandbox.privateKeyPath };
      const args = ["--api-url", box.sandbox.url, "--today", TODAY];
      const planned = JSON.parse((await run(["plan", ...args, "--json"], work, env)).stdout) as Plan;
      assert.deepEqual(versionChanges(planned), [
        ["app-version-update", "versionString", "2.4.0", "2.5.0"],
        ["app-version-update", "releaseType", "MANUAL", "AFTER_APPROVAL"],
      ]);
      const text = await run(["plan", ...args], work, env);
      assert.match(text.stdout, /~ rename version 2\.4\.0 → 2\.5\.0 {2}metadata\/app\.yml:4/);
      const applied = await run(["apply", ...args], work, env);
      assert.equal(applied.code, 0, `${applied.stdout}\n${applied.stderr}`);
      assert.match(applied.stdout + applied.stderr, /app: updated versionString, releaseType on the version/);
      const again = JSON.parse((await run(["plan", ...args, "--json"], work, env)).stdout) as Plan;
      assert.equal(again.app.version?.versionString, "2.5.0");
      assert.deepEqual([again.changes, again.blocked], [[], []]);
    } finally {
      await box.dispose();
      await removeFolder(work);
    }
  });

  test("with none editable it is created; apply waits for it to be listed, plans the rest again against it, converges", async () => {
    // The state after 2.4.0's release: 2.4.0 on sale, 2.3.1 replaced, nothing being prepared.
    const home = await tempFolder();
    const seeding = await startTestSandbox({}, home);
    await seeding.dispose();
    const file = path.join(home, "state.json");
    const state = JSON.parse(await readFile(file, "utf8")) as SandboxState;
    for (const version of state.appStoreVersions) {
      const released = version.versionString === "2.4.0";
      version.appVersionState = released ? "READY_FOR_DISTRIBUTION" : "REPLACED_WITH_NEW_VERSION";
      version.appStoreState = released ? "READY_FOR_SALE" : "REPLACED_WITH_NEW_VERSION";
    }
    await writeFile(file, JSON.stringify(state));
    const box = await startTestSandbox({ readAfterWriteLagMs: 1500 }, home);
    const work = await copyOfExample("asc-gitops-version-create-");
    await writeFile(path.join(work, "metadata", "app.yml"), appYml("2.5.0"));
    try {
      const env = { ASC_ISSUER_ID: box.sandbox.issuerId, ASC_KEY_ID: box.sandbox.keyId, ASC_PRIVATE_KEY_PATH: box.sandbox.privateKeyPath };
      const args = ["--api-url", box.sandbox.url, "--today", TODAY];
      const planned = JSON.parse((await run(["plan", ...args, "--json"], work, env)).stdout) as Plan;
      assert.deepEqual(versionChanges(planned)[0], ["version-create", "versionString", null, "2.5.0"]);
      const text = await run(["plan", ...args], work, env);
      assert.match(text.stdout, /\+ create version 2\.5\.0 \(App Store Connect copies 2\.4\.0 into it; the rest is planned against 2\.4\.0/);

      const applied = await run(["apply", ...args], work, env);
      const output = `${applied.stdout}\n${applied.stderr}`;
      assert.equal(applied.code, 0, output);
      assert.match(output, /app: created version 2\.5\.0\n[\s\S]*Planned again: /);
      const again = JSON.parse((await run(["plan", ...args, "--json"], work, env)).stdout) as Plan;
      assert.deepEqual([again.app.version?.versionString, again.app.version?.state], ["2.5.0", "PREPARE_FOR_SUBMISSION"]);
      assert.deepEqual([again.changes, again.blocked], [[], []]);
      // Nothing was written to the version it was copied from.
      const live = await box.api.get(`/v1/apps/${again.app.id}/appStoreVersions?filter[versionString]=2.4.0&include=appStoreVersionLocalizations`);
      const copiedFrom = state.appStoreVersionLocalizations.filter((item) => item.versionId === live.body.data[0].id);
      assert.deepEqual(
        live.body.included.map((item: any) => [item.attributes.locale, item.attributes.description]).sort(),
        copiedFrom.map((item) => [item.locale, item.description ?? null]).sort(),
      );
      assert.equal(live.body.data[0].attributes.releaseType, "MANUAL");
    } finally {
      await box.dispose();
      await removeFolder(home);
      await removeFolder(work);
    }
  });

  test("a second create while a version is being prepared answers Apple's two-error 409", async () => {
    const box = await startTestSandbox();
    try {
      const apps = await box.api.get("/v1/apps?filter[bundleId]=com.acme.fitness");
      const answer = await box.api.post("/v1/appStoreVersions", {
        data: {
          type: "appStoreVersions",
          attributes: { platform: "IOS", versionString: "2.5.0" },
          relationships: { app: { data: { type: "apps", id: apps.body.data[0].id } } },
        },
      });
      assert.equal(answer.status, 409);
      assert.deepEqual(
        answer.body.errors.map((item: any) => [item.code, item.source?.pointer]),
        [
          ["ENTITY_ERROR.RELATIONSHIP.INVALID", "/data/relationships/app"],
          ["ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", "/data/attributes/versionString"],
        ],
      );
      assert.equal(answer.body.errors[0].detail, "You cannot create a new version of the App in the current state.");
    } finally {
      await box.dispose();
    }
  });
});
