import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Plan } from "../../src/engine/plan/plan.js";
import { copyOfExample, removeFolder, ROOT, run, startSandboxProcess, type SandboxProcess } from "../helpers/cli.js";

describe("asc-gitops plan, run as a process against a sandbox process", () => {
  let work: string;
  let sandbox: SandboxProcess;
  let env: Record<string, string>;

  before(async () => {
    work = await copyOfExample("asc-gitops-plan-");
    sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"));
    env = sandbox.env;
  });
  after(async () => {
    await sandbox.stop();
    await removeFolder(work);
  });

  test("--json gives the same bytes twice and changes nothing live", async () => {
    const stateBefore = await readFile(path.join(work, "sandbox", "state.json"));
    const first = await run(["plan", "--api-url", sandbox.ready.url, "--json", "--today", "2026-11-24"], work, env);
    assert.equal(first.code, 0, first.stderr);
    const second = await run(["plan", "--api-url", sandbox.ready.url, "--json", "--today", "2026-11-24"], work, env);
    assert.equal(first.stdout, second.stdout);
    assert.deepEqual(await readFile(path.join(work, "sandbox", "state.json")), stateBefore);
    // 1 + 2 + 2 screenshot locales + 1 read of the builds (the demo's build: latest).
    assert.match(first.stderr, /Read live state with 6 GET in \d+ ms; nothing was changed\./);

    const plan = JSON.parse(first.stdout) as Plan;
    assert.equal(plan.schemaVersion, 1);
    const has = (predicate: (change: Plan["changes"][number]) => boolean, what: string) => assert.ok(plan.changes.some(predicate), what);
    has((change) => change.kind === "localization-create" && change.locale === "ja", "ja is created");
    has((change) => change.kind === "field-update" && change.locale === "de-DE" && change.field === "keywords", "de-DE keywords are updated");
    has((change) => change.kind === "screenshot-reorder" && change.locale === "en-US", "an en-US set is reordered");
    has((change) => change.kind === "screenshot-delete" && change.reason === "removed", "a screenshot the repo no longer has is deleted");
    assert.ok(
      !plan.changes.some((change) => change.kind === "screenshot-upload" && change.locale === "en-US" && change.displayType === "APP_IPHONE_67"),
      "unchanged screenshots are not uploaded",
    );
  });

  test("--detailed-exitcode exits 2 when there are changes; --out writes the plan JSON", async () => {
    const result = await run(["plan", "--api-url", sandbox.ready.url, "--detailed-exitcode", "--out", "plan.json", "--today", "2026-11-24"], work, env);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stdout, /^Plan: Acme Fitness \(com\.acme\.fitness\)/);
    const saved = JSON.parse(await readFile(path.join(work, "plan.json"), "utf8")) as Plan;
    assert.ok(saved.summary.changes > 0);
  });

  test("missing credentials are named, and no request is made", async () => {
    const result = await run(["plan", "--api-url", sandbox.ready.url], work, { ASC_KEY_ID: "ABC" });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /ASC_ISSUER_ID/);
    assert.match(result.stderr, /ASC_PRIVATE_KEY/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  test("--sandbox plans against the embedded sandbox, seeded in .asc-sandbox", async () => {
    const result = await run(["plan", "--sandbox", "--today", "2026-11-27"], work);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /promotionalText.*\[rotation 2026-11-27 to 2026-11-30\]/);
    await readFile(path.join(work, ".asc-sandbox", "state.json"));
  });

  test("an invalid repository is not planned: validation errors, exit 1", async () => {
    const broken = await mkdtemp(path.join(tmpdir(), "asc-gitops-plan-broken-"));
    try {
      await cp(path.join(ROOT, "metadata"), path.join(broken, "metadata"), { recursive: true });
      await cp(path.join(ROOT, "metadata", "en-US.yml"), path.join(broken, "metadata", "xx.yml"));
      const result = await run(["plan", "--api-url", sandbox.ready.url], broken, env);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /metadata\/xx\.yml: "xx" is not an App Store locale/);
      assert.match(result.stderr, /validation failed/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});

describe("apply --plan: a saved plan is applied only while it still holds", () => {
  test("applies an unchanged plan, and refuses one that live state has outgrown", async () => {
    const work = await copyOfExample("asc-gitops-saved-");
    const sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"));
    try {
      const env = sandbox.env;
      const args = ["--api-url", sandbox.ready.url, "--today", "2026-11-24"];
      assert.equal((await run(["plan", ...args, "--out", "plan.json"], work, env)).code, 0);
      const applied = await run(["apply", ...args, "--plan", "plan.json", "--json", "--out", "report.json"], work, env);
      assert.equal(applied.code, 0, applied.stderr);
      const report = JSON.parse(applied.stdout) as { success: boolean; requests: { method: string; path: string; status: number; at: string }[] };
      assert.equal(report.success, true);
      assert.ok(
        report.requests.length > 0 &&
          report.requests.every((request) => (request.method !== "GET" && request.at && request.path.startsWith("/")) || request.method === "PUT"),
      );
      assert.deepEqual(JSON.parse(await readFile(path.join(work, "report.json"), "utf8")), report);
      // The saved plan is spent: live state now differs from what it expected.
      const again = await run(["apply", ...args, "--plan", "plan.json"], work, env);
      assert.equal(again.code, 1);
      assert.match(
        again.stderr,
        /plan\.json no longer matches: the repository or App Store Connect changed since it was made\. Run plan again; nothing was changed\./,
      );
    } finally {
      await sandbox.stop();
      await removeFolder(work);
    }
  });
});

describe("asc-gitops drift, run as a process", () => {
  test("exits 2 while live differs, 0 once applied, 2 again after a hand edit, and tells drift from rotations", async () => {
    const work = await copyOfExample("asc-gitops-drift-");
    const sandbox = await startSandboxProcess(path.join(work, "sandbox", "state.json"));
    try {
      const env = sandbox.env;
      const args = ["--api-url", sandbox.ready.url, "--today", "2026-11-24"];
      assert.equal((await run(["drift", ...args], work, env)).code, 2);
      assert.equal((await run(["apply", ...args], work, env)).code, 0);
      const clean = await run(["drift", ...args], work, env);
      assert.equal(clean.code, 0, clean.stderr);
      assert.match(clean.stdout, /No drift: App Store Connect matches the repository\./);

      const { AscClient } = await import("../../src/asc/client.js");
      const { loadCredentials } = await import("../../src/asc/credentials.js");
      const client = new AscClient({
        baseUrl: sandbox.ready.url,
        credentials: await loadCredentials({ issuerId: env.ASC_ISSUER_ID, keyId: env.ASC_KEY_ID, privateKeyPath: env.ASC_PRIVATE_KEY_PATH }),
      });
      const apps = await client.get<{ data: { id: string }[] }>("/v1/apps", { "filter[bundleId]": "com.acme.fitness" });
      const versions = await client.getAll<{
        data: { id: string; attributes: { versionString: string } }[];
        included: { id: string; type: string; attributes: { locale: string } }[];
      }>(`/v1/apps/${apps.data[0]!.id}/appStoreVersions`, { "filter[versionString]": "2.4.0", include: ["appStoreVersionLocalizations"] });
      const english = versions.included.find((item) => item.type === "appStoreVersionLocalizations" && item.attributes.locale === "en-US");
      assert.ok(english, "the en-US localization of 2.4.0");
      await client.patch(`/v1/appStoreVersionLocalizations/${english.id}`, {
        data: { type: "appStoreVersionLocalizations", id: english.id, attributes: { description: "Edited by hand." } },
      });
      const drifted = await run(["drift", ...args, "--json"], work, env);
      assert.equal(drifted.code, 2);
      const report = JSON.parse(drifted.stdout) as { drift: { locale: string; field?: string }[]; rotations: unknown[] };
      assert.deepEqual(
        report.drift.map((change) => [change.locale, change.field]),
        [["en-US", "description"]],
      );
      assert.deepEqual(report.rotations, []);
      const rotating = await run(["drift", "--api-url", sandbox.ready.url, "--today", "2026-11-27"], work, env);
      assert.equal(rotating.code, 2);
      assert.match(rotating.stdout, /2 pending rotations/);
    } finally {
      await sandbox.stop();
      await removeFolder(work);
    }
  });
});
