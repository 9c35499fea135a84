/**
 * Text fields against App Store Connect's refusals: a cleared URL is sent as
 * null (the spec's `format: uri` refuses ""), and a field refused by its
 * pointer fails alone while the other fields of its PATCH are applied.
 */
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { applyOnce, clientFor, exampleDesired, readLive, ROOT } from "../helpers/apply-harness.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

async function exampleCopy(edit: (enUs: string) => string): Promise<string> {
  const repo = await mkdtemp(path.join(tmpdir(), "asc-gitops-refusals-"));
  await mkdir(path.join(repo, ".git"));
  await cp(path.join(ROOT, "metadata"), path.join(repo, "metadata"), { recursive: true });
  await cp(path.join(ROOT, "screenshots"), path.join(repo, "screenshots"), { recursive: true });
  const file = path.join(repo, "metadata", "en-US.yml");
  await writeFile(file, edit(await readFile(file, "utf8")));
  return repo;
}

describe("text fields and App Store Connect's refusals", () => {
  test('clearing a URL (marketingUrl: "", privacyChoicesUrl: "") clears it live, with the other fields of the same PATCH', async () => {
    const { sandbox, dispose } = await startTestSandbox();
    const repo = await exampleCopy((text) =>
      text.replace(/^marketingUrl: .*$/m, 'marketingUrl: ""').replace(/^privacyChoicesUrl: .*$/m, 'privacyChoicesUrl: ""'),
    );
    try {
      const client = await clientFor(sandbox);
      const desired = await exampleDesired(repo);
      const { report, progress } = await applyOnce(client, desired);
      assert.equal(report.success, true, progress.join("\n"));
      const live = await readLive(client, desired);
      const enUs = live.versionLocalizations.find((item) => item.locale === "en-US")!;
      assert.equal(enUs.fields.marketingUrl, null);
      assert.match(enUs.fields.description ?? "", /400\+ guided sessions/, "the description of the same PATCH changed too");
      assert.equal(live.appInfoLocalizations.find((item) => item.locale === "en-US")!.fields.privacyChoicesUrl, null);
    } finally {
      await dispose();
      await rm(repo, { recursive: true, force: true });
    }
  });

  test("a field refused by its pointer fails alone, at its file and line; the rest of its PATCH is applied", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    try {
      const client = await clientFor(sandbox);
      const desired = await exampleDesired();
      // Longer than App Store Connect takes (validation would stop it; the plan is data, so apply meets Apple's refusal).
      desired.versionLocalizations.find((item) => item.locale === "en-US")!.fields.keywords = "k".repeat(101);
      const { report, progress } = await applyOnce(client, desired);
      assert.equal(report.success, false);
      const enUs = report.steps.filter((step) => step.locale === "en-US" && step.kind === "field-update");
      assert.deepEqual(
        enUs.filter((step) => step.field === "description" || step.field === "keywords").map((step) => [step.field, step.status]),
        [
          ["keywords", "failed"],
          ["description", "done"],
        ],
      );
      assert.deepEqual(
        report.steps.filter((step) => step.status !== "done").map((step) => [step.locale, step.field]),
        [["en-US", "keywords"]],
        "nothing else failed",
      );
      const failed = enUs.find((step) => step.status === "failed")!;
      assert.equal(failed.error?.pointer, "/data/attributes/keywords");
      assert.match(
        failed.error?.message ?? "",
        /^409 ENTITY_ERROR\.ATTRIBUTE\.INVALID: Keywords for en-US cannot be longer than 100 characters; it has 101\. \(at \/data\/attributes\/keywords\)$/,
      );
      assert.ok(
        progress.some((line) => /^✗ en-US: updating keywords failed: .*\(.*metadata\/en-US\.yml:\d+\)$/.test(line)),
        progress.join("\n"),
      );
      const live = await readLive(client, desired);
      assert.match(live.versionLocalizations.find((item) => item.locale === "en-US")!.fields.description ?? "", /400\+ guided sessions/);
      assert.deepEqual(
        report.verification?.remaining.map((change) => [change.locale, "field" in change ? change.field : change.kind]),
        [["en-US", "keywords"]],
        "only the refused field is left to do",
      );
    } finally {
      await dispose();
    }
  });
});
