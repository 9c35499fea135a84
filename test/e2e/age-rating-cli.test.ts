/**
 * metadata/age-rating.yml through the real command line against the sandbox:
 * the plan shows the demo's two answers, apply sends them, the next plan has
 * nothing to do, and an answer edited by hand in App Store Connect is drift.
 */
import assert from "node:assert/strict";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyOfExample, removeFolder, run, type Run } from "../helpers/cli.js";
import { startTestSandbox, type TestSandbox } from "../sandbox/helpers/sandbox.js";

const TODAY = "2026-11-24";
const explain = (result: Run) => `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

describe("asc-gitops with metadata/age-rating.yml, run as a process", () => {
  let box: TestSandbox;
  let repo: string;
  let env: Record<string, string>;
  let args: string[];

  before(async () => {
    box = await startTestSandbox();
    env = { ASC_ISSUER_ID: box.sandbox.issuerId, ASC_KEY_ID: box.sandbox.keyId, ASC_PRIVATE_KEY_PATH: box.sandbox.privateKeyPath };
    args = ["--api-url", box.sandbox.url, "--today", TODAY];
    // Only app.yml and age-rating.yml: the age rating alone is managed.
    repo = await copyOfExample("asc-gitops-age-rating-");
    await rm(path.join(repo, "screenshots"), { recursive: true });
    for (const name of await readdir(path.join(repo, "metadata")))
      if (name !== "app.yml" && name !== "age-rating.yml") await rm(path.join(repo, "metadata", name));
  });
  after(async () => {
    await box.dispose();
    await removeFolder(repo);
  });

  test("plan shows the two answers, apply makes them, plan then shows no changes", async () => {
    const plan = await run(["plan", "--detailed-exitcode", ...args], repo, env);
    assert.equal(plan.code, 2, explain(plan));
    assert.match(
      plan.stdout,
      new RegExp(
        "6 changes to the app: 1 phased release to set up, 2 age rating answers to change, 1 category to change, " +
          "1 app detail to update, 2 version settings to update",
      ),
    );
    assert.match(
      plan.stdout,
      /~ age rating {2}metadata\/age-rating\.yml:11\n {6}healthOrWellnessTopics: \(none\) → true\n {6}medicalOrTreatmentInformation: NONE → INFREQUENT_OR_MILD/,
    );

    const applied = await run(["apply", ...args], repo, env);
    assert.equal(applied.code, 0, explain(applied));
    assert.match(`${applied.stdout}\n${applied.stderr}`, /age rating: 2 answers updated/);

    const again = await run(["plan", "--detailed-exitcode", ...args], repo, env);
    assert.equal(again.code, 0, explain(again));
    assert.match(again.stdout, /No changes: App Store Connect matches the repository\./);
  });

  test("an answer edited by hand in App Store Connect is drift, named by its attribute", async () => {
    const infos = await box.api.get(`/v1/apps/${(await box.api.get("/v1/apps?filter[bundleId]=com.acme.fitness")).body.data[0].id}/appInfos`);
    const editable = infos.body.data.find((item: any) => item.attributes.state === "PREPARE_FOR_SUBMISSION");
    const id = (await box.api.get(`/v1/appInfos/${editable.id}/ageRatingDeclaration`)).body.data.id;
    const edited = await box.api.patch(`/v1/ageRatingDeclarations/${id}`, {
      data: { type: "ageRatingDeclarations", id, attributes: { medicalOrTreatmentInformation: "FREQUENT_OR_INTENSE" } },
    });
    assert.equal(edited.status, 200);

    const drift = await run(["drift", ...args], repo, env);
    assert.equal(drift.code, 2, explain(drift));
    assert.match(drift.stdout, /medicalOrTreatmentInformation: FREQUENT_OR_INTENSE → INFREQUENT_OR_MILD/);
  });
});
