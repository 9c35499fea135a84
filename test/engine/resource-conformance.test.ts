/**
 * The Resource interface is the only way a stage reaches a resource (DESIGN.md
 * §12): a fake resource, registered beside the real three, goes through
 * validate, plan (text, Markdown, JSON), apply, verify and the report with no
 * engine change. Its live state is a map in this test, standing for App Store Connect.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import type { PlanChange } from "../../src/contracts/plan.js";
import type { AnyResource, Resource } from "../../src/contracts/resource.js";
import { applyPlan } from "../../src/engine/apply/index.js";
import { buildDesiredState } from "../../src/engine/desired-state.js";
import { diff } from "../../src/engine/diff.js";
import { readLiveState } from "../../src/engine/read.js";
import { describeChange } from "../../src/engine/render/describe.js";
import { renderJson } from "../../src/engine/render/json.js";
import { renderMarkdown } from "../../src/engine/render/markdown.js";
import { renderText } from "../../src/engine/render/text.js";
import { validateRepository } from "../../src/engine/validate/index.js";
import { RESOURCES } from "../../src/resources/index.js";
import { clientFor, ROOT, TODAY } from "../helpers/apply-harness.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

interface PressNote extends PlanChange {
  kind: "press-note-create" | "press-note-update";
  resource: "pressNotes";
  before: string | null;
  after: string;
}

interface DesiredPressNotes {
  pressNotes: { locale: string; text: string; file: string }[];
}

interface LivePressNotes {
  pressNotes: Map<string, string>;
}

/** A press note per locale file, made from its name: "<name> press kit". */
function pressNotesResource(store: Map<string, string>): Resource<DesiredPressNotes, LivePressNotes, PressNote> {
  return {
    name: "pressNotes",
    kinds: { "press-note-create": "create", "press-note-update": "update" },
    validate: (files) =>
      files.locales.map((localeFile) => ({
        severity: "notice",
        rule: "press-notes.preview",
        file: localeFile.file,
        message: "gets a press note from its name",
      })),
    desired: (files) => ({
      pressNotes: files.locales.flatMap((localeFile) =>
        localeFile.fields.name ? [{ locale: localeFile.locale, text: `${localeFile.fields.name} press kit`, file: localeFile.file }] : [],
      ),
    }),
    locales: (desired) => desired.pressNotes.map((note) => note.locale),
    read: {
      // Rides on the versions read the engine makes anyway: no request of its own.
      includes: { versions: ["appStoreVersionLocalizations"] },
      read: async () => ({ pressNotes: new Map(store) }),
    },
    diff(desired, live) {
      const changes: PressNote[] = [];
      for (const note of desired.pressNotes) {
        const before = live.pressNotes.get(note.locale) ?? null;
        if (before === note.text) continue;
        const kind = before === null ? "press-note-create" : "press-note-update";
        changes.push({ kind, resource: "pressNotes", locale: note.locale, before, after: note.text, source: { file: note.file } });
      }
      return { changes, blocked: [] };
    },
    order: () => [],
    async apply(changes, run) {
      for (const change of changes) {
        store.set(change.locale, change.after);
        run.record(change, "done");
        run.progress(`${change.locale}: ${change.before === null ? "wrote" : "rewrote"} the press note`);
      }
    },
    describe: {
      what: (change) => (change.kind === "press-note-create" ? "write the press note" : "rewrite the press note"),
      count: (kind, changes) => `${changes.length} press ${changes.length === 1 ? "note" : "notes"} to ${kind === "press-note-create" ? "write" : "rewrite"}`,
      text: (change, pen) => [pen.style("green", `  + press note: ${JSON.stringify(change.after)}`) + pen.at(change)],
      markdown: (change, pen) => ({ section: { id: "press-notes", rank: 30 }, lines: [`- :newspaper: press note: ${pen.plain(change.after)}`] }),
    },
  };
}

describe("a resource registered beside the others", () => {
  test("goes through validate, plan (text, Markdown, JSON), apply, verify and the report, with no engine change", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    try {
      const client = await clientFor(sandbox);
      const store = new Map([["en-US", "Old press kit"]]);
      const resources: readonly AnyResource[] = [...RESOURCES, pressNotesResource(store)];

      const validation = await validateRepository({ metadataDir: path.join(ROOT, "metadata"), screenshotsDir: path.join(ROOT, "screenshots"), resources });
      assert.ok(validation.diagnostics.some((item) => item.rule === "press-notes.preview" && item.file.endsWith("ja.yml")));
      const desired = buildDesiredState(validation.files, resources);

      const requestsBefore = client.stats().requests;
      const { live, errors } = await readLiveState(client, desired, { resources });
      assert.ok(live, errors.map((error) => error.message).join("; "));
      const withFake = client.stats().requests - requestsBefore;
      const alone = client.stats().requests;
      await readLiveState(client, buildDesiredState(validation.files));
      assert.equal(withFake, client.stats().requests - alone, "the fake resource's read costs no request");

      const plan = diff(desired, live, { today: TODAY, resources });
      // The plan's type knows the registry's changes; these are the fake's too.
      const changes: readonly PlanChange[] = plan.changes;
      const notes = changes.filter((change) => change.resource === "pressNotes");
      assert.deepEqual(
        notes.map((change) => `${change.kind} ${change.locale}`),
        ["press-note-create de-DE", "press-note-update en-US", "press-note-create ja"],
      );
      assert.equal(plan.summary.byKind["press-note-create"], 2);
      // In apply order: a create of a whole thing comes before a set is created and before the updates.
      const deDE = changes.filter((change) => change.locale === "de-DE").map((change) => change.kind);
      assert.deepEqual(deDE.slice(0, 2), ["press-note-create", "screenshot-set-create"]);

      const text = renderText(plan, { color: false, resources });
      assert.match(text, /2 press notes to write/);
      assert.match(text, /\+ press note: "Acme Fitness press kit" {2}metadata\/en-US\.yml/);
      const markdown = renderMarkdown(plan, { resources });
      assert.match(markdown, /- :newspaper: press note: Acme Fitness press kit/);
      assert.match(markdown, /1 press note to rewrite/);
      assert.equal(JSON.parse(renderJson(plan)).changes.filter((change: PlanChange) => change.resource === "pressNotes").length, 3);

      const progress: string[] = [];
      const report = await applyPlan({
        client,
        desired,
        live,
        plan,
        progress: (line) => progress.push(line),
        writes: () => [],
        options: { pollIntervalMs: 20, processingTimeoutMs: 20_000 },
        resources,
      });
      assert.equal(report.success, true, progress.join("\n"));
      assert.ok(report.verification?.converged);
      assert.equal(store.get("en-US"), "Acme Fitness press kit");
      assert.ok(progress.includes("en-US: rewrote the press note"), progress.join("\n"));
      const steps = report.steps.filter((step) => step.resource === "pressNotes");
      assert.deepEqual(steps.map((step) => `${step.locale}: ${describeChange(step, report.app, resources)} ${step.status}`).sort(), [
        "de-DE: write the press note done",
        "en-US: rewrite the press note done",
        "ja: write the press note done",
      ]);

      const { live: after } = await readLiveState(client, desired, { resources });
      assert.equal(diff(desired, after!, { today: TODAY, resources }).changes.length, 0);
    } finally {
      await dispose();
    }
  });
});
