import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { classifyDrift } from "../../src/engine/drift.js";
import { diff } from "../../src/engine/diff.js";
import { applyOnce, clientFor, exampleDesired, readLive } from "../helpers/apply-harness.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

describe("drift and rotations against the sandbox", () => {
  test("a hand edit is drift; a window that started is a pending rotation", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    try {
      const client = await clientFor(sandbox);
      const desired = await exampleDesired();
      assert.equal((await applyOnce(client, desired)).report.success, true);
      const live = await readLive(client, desired);
      const english = live.versionLocalizations.find((item) => item.locale === "en-US")!;
      await client.patch(`/v1/appStoreVersionLocalizations/${english.id}`, {
        data: { type: "appStoreVersionLocalizations", id: english.id, attributes: { description: "Edited by hand in the web UI.", keywords: "hand,edited" } },
      });
      const report = classifyDrift(diff(desired, await readLive(client, desired), { today: "2026-11-27" }), desired);
      assert.deepEqual(
        report.drift.map((change) => change.kind === "field-update" && [change.locale, change.field]),
        [
          ["en-US", "description"],
          ["en-US", "keywords"],
        ],
      );
      assert.deepEqual(
        report.rotations.map((change) => change.kind === "field-update" && [change.locale, change.field, change.target]),
        [
          ["en-US", "promotionalText", "editable"],
          ["en-US", "promotionalText", "live"],
        ],
      );
    } finally {
      await dispose();
    }
  });

  test("a keyword window changes live keywords on its first day and restores them the day after it ends", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    try {
      const client = await clientFor(sandbox);
      const desired = await exampleDesired();
      const keywordsOf = async (locale: string) =>
        (await readLive(client, desired)).versionLocalizations.find((item) => item.locale === locale)!.fields.keywords;
      const base = desired.versionLocalizations.find((item) => item.locale === "de-DE")!.fields.keywords;
      const window = desired.versionLocalizations.find((item) => item.locale === "de-DE")!.rotations.find((item) => item.keywords)!;
      assert.deepEqual([window.from, window.until], ["2027-01-01", "2027-01-31"]);

      const day = async (today: string) => {
        const outcome = await applyOnce(client, desired, undefined, today);
        assert.equal(outcome.report.success, true, `${today}: ${outcome.progress.join("\n")}`);
        return { writes: outcome.writes, keywords: await keywordsOf("de-DE") };
      };
      assert.equal((await day("2026-12-31")).keywords, base, "the day before: the base value");
      const first = await day("2027-01-01");
      assert.equal(first.keywords, window.keywords, "the first day: the window's value");
      assert.ok(first.writes > 0);
      assert.deepEqual(await day("2027-01-31"), { writes: 0, keywords: window.keywords }, "the last day: still the window, nothing to write");
      assert.equal((await day("2027-02-01")).keywords, base, "the day after: the base value again");
    } finally {
      await dispose();
    }
  });
});
