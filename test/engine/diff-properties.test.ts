import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { diff } from "../../src/engine/diff.js";
import { applyPlanToLive, assertConverged, desiredState, liveFromDesired, shot, type LocaleSpec } from "../helpers/states.js";

const TODAY = "2026-11-24";
const LOCALES = ["en-US", "de-DE", "ja", "fr-FR"];
const DISPLAY_TYPES = ["APP_IPHONE_67", "APP_IPAD_PRO_3GEN_129"];

const text = fc.constantFrom("", "alpha", "beta", "Gamma delta", "日本語");
const appInfo = fc.record({ name: fc.constantFrom("Acme", "Acme Fitness"), subtitle: text }, { requiredKeys: ["name"] });
const version = fc.record(
  {
    description: text,
    keywords: fc.constantFrom("gym", "gym,yoga", "yoga,gym"),
    promotionalText: text,
    whatsNew: text,
    supportUrl: fc.constantFrom("https://a.example", "https://b.example"),
  },
  { requiredKeys: [] },
);
const localeSpec: fc.Arbitrary<LocaleSpec> = fc.record({ appInfo, version });
const screenshotNames = fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f"), { minLength: 1, maxLength: 6 });

const repository = fc.record({
  locales: fc.dictionary(fc.constantFrom(...LOCALES), localeSpec, { minKeys: 1 }),
  sets: fc.array(fc.record({ locale: fc.constantFrom(...LOCALES), displayType: fc.constantFrom(...DISPLAY_TYPES), names: screenshotNames }), { maxLength: 4 }),
  prune: fc.boolean(),
});

type Repository = typeof repository extends fc.Arbitrary<infer T> ? T : never;

function toDesired(repo: Repository) {
  const seen = new Set<string>();
  const sets = repo.sets
    .filter((set) => repo.locales[set.locale] && !seen.has(`${set.locale}/${set.displayType}`) && seen.add(`${set.locale}/${set.displayType}`))
    .map((set) => ({
      locale: set.locale,
      displayType: set.displayType,
      shots: set.names.map((name, index) => shot(`${index + 1}-${name}.png`, `md5-${name}`)),
    }));
  return desiredState(repo.locales, sets, repo.prune);
}

describe("diff properties (fast-check)", () => {
  test("diff(x, x) is empty", () => {
    fc.assert(
      fc.property(repository, (repo) => {
        const desired = toDesired(repo);
        const plan = diff(desired, liveFromDesired(desired, TODAY), { today: TODAY });
        assert.deepEqual(plan.changes, []);
        assert.deepEqual(plan.blocked, []);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  test("applying the plan to any live state yields the desired state, and the plan is deterministic", () => {
    fc.assert(
      fc.property(repository, repository, (wanted, current) => {
        const desired = toDesired(wanted);
        const live = liveFromDesired(toDesired({ ...current, prune: false }), TODAY);
        const plan = diff(desired, live, { today: TODAY });
        assert.equal(JSON.stringify(plan), JSON.stringify(diff(desired, structuredClone(live), { today: TODAY })));
        const after = applyPlanToLive(live, plan);
        const replan = diff(desired, after, { today: TODAY });
        // What remains is only what the App Store refuses by rule: locales without a name, the primary locale under prune.
        assert.deepEqual(replan.changes, [], JSON.stringify({ plan: plan.changes, replan: replan.changes }, null, 1));
        for (const blocked of replan.blocked) assert.match(blocked.reason, /needs a name|primary locale|does not exist in App Store Connect/);
        assertConverged(desired, after);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
