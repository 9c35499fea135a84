/**
 * app.yml's `categories` through the real command line against the sandbox:
 * the plan shows the demo's one difference, apply sends it, the next plan has
 * nothing to do, a category changed by hand in App Store Connect is drift, and
 * a secondary removed from the file is cleared live.
 */
import assert from "node:assert/strict";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyOfExample, removeFolder, run, type Run } from "../helpers/cli.js";
import { startTestSandbox, type TestSandbox } from "../sandbox/helpers/sandbox.js";

const TODAY = "2026-11-24";
const explain = (result: Run) => `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

describe("asc-gitops with categories in metadata/app.yml, run as a process", () => {
  let box: TestSandbox;
  let repo: string;
  let env: Record<string, string>;
  let args: string[];

  const editableInfo = async () => {
    const app = (await box.api.get("/v1/apps?filter[bundleId]=com.acme.fitness")).body.data[0];
    const infos = await box.api.get(`/v1/apps/${app.id}/appInfos?include=primaryCategory,secondaryCategory`);
    return infos.body.data.find((item: any) => item.attributes.state === "PREPARE_FOR_SUBMISSION");
  };

  before(async () => {
    box = await startTestSandbox();
    env = { ASC_ISSUER_ID: box.sandbox.issuerId, ASC_KEY_ID: box.sandbox.keyId, ASC_PRIVATE_KEY_PATH: box.sandbox.privateKeyPath };
    args = ["--api-url", box.sandbox.url, "--today", TODAY];
    // app.yml alone, with only its categories managed.
    repo = await copyOfExample("asc-gitops-categories-");
    await rm(path.join(repo, "screenshots"), { recursive: true });
    for (const name of await readdir(path.join(repo, "metadata"))) if (name !== "app.yml") await rm(path.join(repo, "metadata", name));
    const app = await readFile(path.join(repo, "metadata", "app.yml"), "utf8");
    await writeFile(
      path.join(repo, "metadata", "app.yml"),
      app
        .replace(/^copyright:.*\n/m, "")
        .replace(/^build:.*\n/m, "")
        .replace(/^(contentRights|release):\n(  .*\n)*/gm, ""),
    );
  });
  after(async () => {
    await box.dispose();
    await removeFolder(repo);
  });

  test("plan shows the secondary category, apply makes it, plan then shows no changes", async () => {
    const plan = await run(["plan", "--detailed-exitcode", ...args], repo, env);
    assert.equal(plan.code, 2, explain(plan));
    assert.match(plan.stdout, /1 change to the app: 1 category to change/);
    assert.match(plan.stdout, /~ categories {2}metadata\/app\.yml:\d+\n {6}secondaryCategory: SPORTS → LIFESTYLE\n/);

    const applied = await run(["apply", ...args], repo, env);
    assert.equal(applied.code, 0, explain(applied));
    assert.match(`${applied.stdout}\n${applied.stderr}`, /categories: 1 relationship updated/);
    assert.equal((await editableInfo()).relationships.secondaryCategory.data.id, "LIFESTYLE");

    const again = await run(["plan", "--detailed-exitcode", ...args], repo, env);
    assert.equal(again.code, 0, explain(again));
    assert.match(again.stdout, /No changes: App Store Connect matches the repository\./);
  });

  test("a category changed by hand in App Store Connect is drift, named by its relationship", async () => {
    const info = await editableInfo();
    const edited = await box.api.patch(`/v1/appInfos/${info.id}`, {
      data: { type: "appInfos", id: info.id, relationships: { primaryCategory: { data: { type: "appCategories", id: "MEDICAL" } } } },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));

    const drift = await run(["drift", ...args], repo, env);
    assert.equal(drift.code, 2, explain(drift));
    assert.match(drift.stdout, /primaryCategory: MEDICAL → HEALTH_AND_FITNESS/);
  });

  test("a secondary removed from app.yml is cleared in App Store Connect (data: null), then nothing is left to do", async () => {
    const file = path.join(repo, "metadata", "app.yml");
    await writeFile(file, (await readFile(file, "utf8")).replace(/^ {2}secondary: LIFESTYLE\n/m, ""));
    const applied = await run(["apply", ...args], repo, env);
    assert.equal(applied.code, 0, explain(applied));
    const info = await editableInfo();
    assert.equal(info.relationships.primaryCategory.data.id, "HEALTH_AND_FITNESS");
    assert.equal(info.relationships.secondaryCategory, undefined, JSON.stringify(info.relationships));
    const again = await run(["plan", "--detailed-exitcode", ...args], repo, env);
    assert.equal(again.code, 0, explain(again));
  });

  test("App Store Connect refuses an id outside the catalogue and a subcategory of another category with 409s that point at them", async () => {
    const info = await editableInfo();
    const refused = await box.api.patch(`/v1/appInfos/${info.id}`, {
      data: {
        type: "appInfos",
        id: info.id,
        relationships: {
          secondaryCategory: { data: { type: "appCategories", id: "FITNESS" } },
          primarySubcategoryOne: { data: { type: "appCategories", id: "GAMES_PUZZLE" } },
        },
      },
    });
    assert.equal(refused.status, 409);
    assert.deepEqual(
      refused.body.errors.map((item: any) => [item.code, item.source.pointer]),
      [
        ["ENTITY_ERROR.RELATIONSHIP.INVALID", "/data/relationships/secondaryCategory"],
        ["ENTITY_ERROR.RELATIONSHIP.INVALID", "/data/relationships/primarySubcategoryOne"],
      ],
    );
  });
});
