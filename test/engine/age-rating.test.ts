/**
 * metadata/age-rating.yml: the table of attributes is the spec's, validation
 * refuses unknown and removed attributes at their line, the diff is one change
 * of the answers that differ (blocked when the app info cannot change), the read
 * rides on the appInfos read, and apply is ONE PATCH.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import type { SharedLive } from "../../src/contracts/live-state.js";
import { buildDesiredState } from "../../src/engine/desired-state.js";
import { validateRepository } from "../../src/engine/validate/index.js";
import { diff } from "../../src/engine/diff.js";
import { readLiveState } from "../../src/engine/read.js";
import { renderMarkdown } from "../../src/engine/render/markdown.js";
import { renderText } from "../../src/engine/render/text.js";
import { diffAgeRating } from "../../src/resources/age-rating/diff.js";
import { DEMO_AGE_RATING } from "../../src/sandbox/seed/demo.js";
import { applyOnce, clientFor, ROOT, TODAY } from "../helpers/apply-harness.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

const shared = (state = "PREPARE_FOR_SUBMISSION"): SharedLive => ({
  app: { id: "1", bundleId: "com.acme.fitness", platform: "IOS" },
  isFirstVersion: false,
  appInfo: { id: "info", state, editable: state === "PREPARE_FOR_SUBMISSION" },
});
const sources = { file: "metadata/age-rating.yml", positions: { lootBox: { line: 2, column: 10 }, contests: { line: 3, column: 11 } } };

describe("the demo repository", () => {
  test("the demo repository's file validates clean", async () => {
    const result = await validateRepository({ metadataDir: path.join(ROOT, "metadata"), screenshotsDir: path.join(ROOT, "screenshots") });
    assert.deepEqual(
      result.diagnostics.filter((item) => item.file.endsWith("age-rating.yml")),
      [],
    );
    assert.ok(result.files.ageRating?.file.endsWith("metadata/age-rating.yml"));
  });
});

describe("the age rating diff", () => {
  const cases: Array<{ name: string; desired: any; live: any; state?: string; expect: string[] }> = [
    { name: "no file: nothing managed", desired: undefined, live: { id: "d", answers: { lootBox: true } }, expect: [] },
    {
      name: "equal answers: no change",
      desired: { lootBox: true, contests: "NONE" },
      live: { id: "d", answers: { lootBox: true, contests: "NONE" } },
      expect: [],
    },
    {
      name: "answers that differ, unanswered ones included, in one change",
      desired: { lootBox: true, contests: "NONE" },
      live: { id: "d", answers: { lootBox: null, contests: "FREQUENT" } },
      expect: ["update d contests FREQUENT→NONE lootBox null→true @2"],
    },
    { name: "absent answers are left alone", desired: { contests: "NONE" }, live: { id: "d", answers: { lootBox: true, contests: "NONE" } }, expect: [] },
    {
      name: "an app info in review: blocked, with why",
      desired: { lootBox: true },
      live: { id: "d", answers: { lootBox: false } },
      state: "IN_REVIEW",
      expect: ["blocked lootBox: the app info is IN_REVIEW; the age rating changes with a new version: create one in App Store Connect"],
    },
    {
      name: "no declaration: blocked (it cannot be created)",
      desired: { lootBox: true },
      live: undefined,
      expect: [
        "blocked lootBox: App Store Connect returned no age rating declaration for the app info; it cannot be created, only answered: " +
          "open the app info in App Store Connect once",
      ],
    },
  ];
  for (const item of cases)
    test(item.name, () => {
      const result = diffAgeRating(item.desired && { answers: item.desired, sources }, {
        ...shared(item.state),
        ...(item.live ? { ageRatingDeclaration: item.live } : {}),
      });
      const shown = [
        ...result.changes.map(
          (change) =>
            `update ${change.id} ${change.answers.map((answer) => `${answer.attribute} ${answer.before}→${answer.after}`).join(" ")} @${change.source?.line}`,
        ),
        ...result.blocked.map((blocked) => `blocked ${blocked.field}: ${blocked.reason}`),
      ];
      assert.deepEqual(shown, item.expect);
    });
});

describe("the age rating against the sandbox", () => {
  test("rides on the appInfos read, plans the demo's two answers, applies them with ONE PATCH, then plans nothing", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    try {
      const client = await clientFor(sandbox);
      const validation = await validateRepository({ metadataDir: path.join(ROOT, "metadata"), screenshotsDir: path.join(ROOT, "screenshots") });
      const desired = buildDesiredState(validation.files);
      const before = client.stats().requests;
      const { live } = await readLiveState(client, desired);
      const withFile = client.stats().requests - before;
      const withoutBefore = client.stats().requests;
      await readLiveState(client, { ...desired, ageRating: undefined });
      assert.equal(withFile, client.stats().requests - withoutBefore, "the age rating costs no request");

      const plan = diff(desired, live!, { today: TODAY });
      const change = plan.changes.find((item) => item.kind === "age-rating-update");
      assert.ok(change && change.kind === "age-rating-update");
      assert.deepEqual(
        change.answers.map((answer) => [answer.attribute, answer.before, answer.after]),
        [
          ["healthOrWellnessTopics", null, true],
          ["medicalOrTreatmentInformation", DEMO_AGE_RATING.medicalOrTreatmentInformation, "INFREQUENT_OR_MILD"],
        ],
      );
      // ONE app section: the age rating stands under "app" with the other app-level changes, App Review information's too.
      const text = renderText(plan, { color: false });
      const headings = text.split("\n").filter((line) => /^\S/.test(line) && !/^(Plan|\d+ changes|Upcoming|No changes)/.test(line));
      assert.deepEqual(headings, ["app", "de-DE", "en-US", "ja"], text);
      const appSection = text.split("\napp\n")[1]!.split("\n\n")[0]!;
      assert.match(appSection, /^ {2}~ age rating {2}metadata\/age-rating\.yml:\d+\n {6}healthOrWellnessTopics: \(none\) → true\n/m);
      assert.match(appSection, /^ {2}~ notes {2}metadata\/review\.yml:\d+$/m);
      assert.match(appSection, /^ {2}~ categories {2}metadata\/app\.yml:\d+$/m);
      const markdown = renderMarkdown(plan);
      assert.deepEqual(
        [...markdown.matchAll(/<summary><b>([^<]+)<\/b>/g)].map((match) => match[1]),
        ["app", "de-DE", "en-US", "ja"],
      );
      const appDetails = markdown.split("<summary><b>app</b>")[1]!.split("</details>")[0]!;
      assert.match(appDetails, /^ · 7 changes<\/summary>/);
      for (const table of ["| age rating |", "| category |", "| App Review information |"])
        assert.ok(appDetails.includes(table), `${table} in the app section`);
      assert.match(renderMarkdown(plan), /\| medicalOrTreatmentInformation \| <code>NONE<\/code> \| <code>INFREQUENT_OR_MILD<\/code> \|/);

      const onlyAgeRating = { ...desired, appInfoLocalizations: [], versionLocalizations: [], screenshotSets: [] } as typeof desired;
      const patches: string[] = [];
      const outcome = await applyOnce(
        client,
        onlyAgeRating,
        (inner) =>
          ({
            ...inner,
            get: inner.get.bind(inner),
            getAll: inner.getAll.bind(inner),
            post: inner.post.bind(inner),
            delete: inner.delete.bind(inner),
            upload: inner.upload.bind(inner),
            patch: (requestPath: string, body: unknown) => {
              patches.push(requestPath);
              return inner.patch(requestPath, body);
            },
          }) as never,
      );
      assert.equal(outcome.report.success, true, outcome.progress.join("\n"));
      assert.deepEqual(
        patches.filter((requestPath) => requestPath.startsWith("/v1/ageRatingDeclarations/")),
        [`/v1/ageRatingDeclarations/${change.id}`],
        "one PATCH of the declaration",
      );
      const after = diff(desired, (await readLiveState(client, desired)).live!, { today: TODAY });
      assert.equal(after.changes.filter((item) => item.kind === "age-rating-update").length, 0);
    } finally {
      await dispose();
    }
  });
});
