import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { diff } from "../../src/engine/diff.js";
import type { LiveState } from "../../src/engine/live-state.js";
import type { Change, Plan } from "../../src/engine/plan/plan.js";
import { applyPlanToLive, desiredState, liveFromDesired, shot } from "../helpers/states.js";

const TODAY = "2026-11-24";
const IPHONE = "APP_IPHONE_67";
const base = {
  appInfo: { name: "Acme Fitness", subtitle: "Workouts that stick" },
  version: { description: "Plans your week.", keywords: "gym,yoga", promotionalText: "New in 2.4" },
};

const kinds = (plan: Plan) => plan.changes.map((change) => change.kind);
const only = <K extends Change["kind"]>(plan: Plan, kind: K) => plan.changes.filter((change): change is Extract<Change, { kind: K }> => change.kind === kind);

describe("diff of text", () => {
  test("equal desired and live state plan nothing", () => {
    const desired = desiredState({ "en-US": base, "de-DE": base }, [{ locale: "en-US", displayType: IPHONE, shots: [shot("1.png"), shot("2.png")] }]);
    const plan = diff(desired, liveFromDesired(desired, TODAY), { today: TODAY });
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.blocked, []);
    assert.equal(plan.summary.changes, 0);
  });

  test("a changed description is one field update with before, after and its line", () => {
    const desired = desiredState({ "en-US": base });
    const live = liveFromDesired(desired, TODAY);
    live.versionLocalizations[0]!.fields.description = "Old text.";
    const plan = diff(desired, live, { today: TODAY });
    assert.deepEqual(plan.changes, [
      {
        kind: "field-update",
        resource: "appStoreVersionLocalizations",
        target: "editable",
        localizationId: live.versionLocalizations[0]!.id,
        locale: "en-US",
        field: "description",
        before: "Old text.",
        after: "Plans your week.",
        source: { file: "metadata/en-US.yml", line: 3, column: 14 },
      },
    ]);
  });

  test("an absent field is unmanaged; an empty string clears; live null equals an empty string", () => {
    const desired = desiredState({ "en-US": { appInfo: { name: "Acme", subtitle: "" }, version: { whatsNew: "" } } });
    const live = liveFromDesired(desired, TODAY);
    live.appInfoLocalizations[0]!.fields.privacyPolicyUrl = "https://elsewhere.example";
    live.appInfoLocalizations[0]!.fields.subtitle = "Old subtitle";
    live.versionLocalizations[0]!.fields.whatsNew = null;
    const plan = diff(desired, live, { today: TODAY });
    assert.deepEqual(
      plan.changes.map((change) => change.kind === "field-update" && [change.field, change.before, change.after]),
      [["subtitle", "Old subtitle", ""]],
    );
  });

  test("a difference of form only (trailing newline, CRLF, spaces around keywords) is no change", () => {
    const desired = desiredState({ "en-US": { version: { description: "Line one\nLine two", keywords: "gym,yoga" } } });
    const live = liveFromDesired(desired, TODAY);
    live.versionLocalizations[0]!.fields.description = "Line one\r\nLine two\n";
    live.versionLocalizations[0]!.fields.keywords = "gym, yoga";
    assert.deepEqual(diff(desired, live, { today: TODAY }).changes, []);
    live.versionLocalizations[0]!.fields.keywords = "yoga,gym";
    assert.equal(diff(desired, live, { today: TODAY }).changes.length, 1, "another order is a change");
  });

  test("a locale missing live is created with its fields; app info needs a name", () => {
    const desired = desiredState({ "en-US": base, ja: base, fr: { version: { description: "Votre semaine." } } });
    const live = liveFromDesired(desiredState({ "en-US": base }), TODAY);
    const plan = diff(desired, live, { today: TODAY });
    assert.deepEqual(
      only(plan, "localization-create").map((change) => [change.locale, change.resource, change.fields]),
      [
        ["fr", "appStoreVersionLocalizations", { description: "Votre semaine." }],
        ["ja", "appInfoLocalizations", { name: "Acme Fitness", subtitle: "Workouts that stick" }],
        ["ja", "appStoreVersionLocalizations", { description: "Plans your week.", keywords: "gym,yoga", promotionalText: "New in 2.4" }],
      ],
    );
    assert.deepEqual(
      plan.blocked.map((blocked) => [blocked.kind, blocked.locale, blocked.reason]),
      [
        [
          "localization-create",
          "fr",
          "a new locale needs a name: App Store Connect refuses to create an app info localization without one; add name: to the locale file",
        ],
      ],
    );
  });

  test("prune deletes live locales the repository lacks, never the primary locale; without prune they are left alone", () => {
    const desired = desiredState({ "de-DE": base });
    const live = liveFromDesired(desiredState({ "de-DE": base, "en-US": base, "fr-FR": base }), TODAY);
    assert.deepEqual(diff(desired, live, { today: TODAY }).changes, []);
    const pruned = diff({ ...desired, app: { ...desired.app, prune: true } }, live, { today: TODAY });
    assert.deepEqual(
      pruned.changes.map((change) => [change.kind, change.locale]),
      [
        ["localization-delete", "fr-FR"],
        ["localization-delete", "fr-FR"],
      ],
    );
    assert.ok(pruned.blocked.every((blocked) => blocked.locale === "en-US" && /primary locale/.test(blocked.reason)));
    assert.equal(pruned.blocked.length, 2);
  });

  test("a version that is not editable blocks text and screenshots, but promotionalText still reaches a version on sale", () => {
    const desired = desiredState({ "en-US": { version: { description: "New words here.", promotionalText: "Sale now on" } } }, [
      { locale: "en-US", displayType: IPHONE, shots: [shot("1.png"), shot("2.png")] },
    ]);
    const live = liveFromDesired(
      desiredState({ "en-US": { version: { description: "Old words here.", promotionalText: "Old promo" } } }, [
        { locale: "en-US", displayType: IPHONE, shots: [shot("1.png")] },
      ]),
      TODAY,
      {
        version: { id: "v-2.3.1", versionString: "2.3.1", state: "READY_FOR_SALE", editable: false },
        liveVersion: undefined,
      },
    );
    const plan = diff(desired, live, { today: TODAY });
    assert.deepEqual(
      plan.changes.map((change) => change.kind === "field-update" && [change.field, change.after]),
      [["promotionalText", "Sale now on"]],
    );
    assert.deepEqual(
      plan.blocked.map((blocked) => [blocked.kind, blocked.field ?? blocked.displayType]),
      [
        ["field-update", "description"],
        ["screenshot-upload", IPHONE],
      ],
    );
    assert.match(plan.blocked[0]!.reason, /^version 2\.3\.1 is READY_FOR_SALE; its text and screenshots change only while it is prepared/);
  });

  test("whatsNew is blocked on an app's first version", () => {
    const desired = desiredState({ "en-US": { version: { whatsNew: "Everything is new." } } });
    const live = liveFromDesired(desiredState({ "en-US": { version: {} } }), TODAY, { isFirstVersion: true, liveVersion: undefined });
    const plan = diff(desired, live, { today: TODAY });
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(
      plan.blocked.map((blocked) => blocked.field),
      ["whatsNew"],
    );
  });

  test("promotionalText goes to the version on sale as well as the one being prepared", () => {
    const desired = desiredState({ "en-US": base });
    const live: LiveState = liveFromDesired(desired, TODAY);
    live.liveVersionLocalizations = [{ id: "live-en", locale: "en-US", fields: { promotionalText: "Last year's promo" } }];
    const plan = diff(desired, live, { today: TODAY });
    assert.deepEqual(
      plan.changes.map((change) => change.kind === "field-update" && [change.target, change.localizationId, change.after]),
      [["live", "live-en", "New in 2.4"]],
    );
  });
});

describe("rotations", () => {
  const rotating = desiredState({
    "en-US": {
      version: { keywords: "gym,yoga", promotionalText: "Base promo" },
      rotations: [
        { from: "2026-11-27", until: "2026-11-30", promotionalText: "Black Friday" },
        { from: "2027-01-01", until: "2027-01-31", keywords: "new year,gym" },
      ],
    },
  });
  const baseLive = () => liveFromDesired(rotating, "2026-11-24");

  test("outside every window the base value holds", () => {
    assert.deepEqual(diff(rotating, baseLive(), { today: "2026-11-26" }).changes, []);
    assert.deepEqual(diff(rotating, baseLive(), { today: "2026-12-01" }).changes, []);
  });

  test("inside a window, on its first and last day, the rotated value is planned with its window", () => {
    for (const today of ["2026-11-27", "2026-11-30"]) {
      const plan = diff(rotating, baseLive(), { today });
      assert.deepEqual(
        plan.changes.map((change) => change.kind === "field-update" && [change.field, change.after, change.rotation]),
        [["promotionalText", "Black Friday", { from: "2026-11-27", until: "2026-11-30" }]],
        today,
      );
    }
  });

  test("the plan lists the coming rotation dates", () => {
    const plan = diff(rotating, baseLive(), { today: "2026-11-24" });
    assert.deepEqual(plan.upcomingRotations, [
      { locale: "en-US", field: "promotionalText", date: "2026-11-27", value: "Black Friday" },
      { locale: "en-US", field: "promotionalText", date: "2026-12-01", value: "Base promo" },
      { locale: "en-US", field: "keywords", date: "2027-01-01", value: "new year,gym" },
      { locale: "en-US", field: "keywords", date: "2027-02-01", value: "gym,yoga" },
    ]);
  });
});

describe("diff of screenshots", () => {
  const set = (...shots: ReturnType<typeof shot>[]) => desiredState({ "en-US": base }, [{ locale: "en-US", displayType: IPHONE, shots }]);
  const planFor = (desiredShots: ReturnType<typeof shot>[], liveShots: ReturnType<typeof shot>[], edit?: (live: LiveState) => void) => {
    const live = liveFromDesired(set(...liveShots), TODAY);
    edit?.(live);
    return { plan: diff(set(...desiredShots), live, { today: TODAY }), live };
  };

  test("unchanged files are never uploaded again; a renamed file in place is no change", () => {
    assert.deepEqual(planFor([shot("a.png"), shot("b.png")], [shot("a.png"), shot("b.png")]).plan.changes, []);
    assert.deepEqual(planFor([shot("01-home.png", "md5-a.png"), shot("b.png")], [shot("a.png"), shot("b.png")]).plan.changes, []);
  });

  test("a moved file is one reorder, not an upload", () => {
    const { plan } = planFor([shot("b.png"), shot("a.png"), shot("c.png")], [shot("a.png"), shot("b.png"), shot("c.png")]);
    assert.deepEqual(kinds(plan), ["screenshot-reorder"]);
    assert.deepEqual(only(plan, "screenshot-reorder")[0]!.after, ["b.png", "a.png", "c.png"]);
    assert.deepEqual(only(plan, "screenshot-reorder")[0]!.before, ["a.png", "b.png", "c.png"]);
  });

  test("changed bytes upload the new file and delete the old, last", () => {
    const { plan, live } = planFor([shot("a.png"), shot("b.png", "md5-b2")], [shot("a.png"), shot("b.png")]);
    assert.deepEqual(kinds(plan), ["screenshot-upload", "screenshot-delete"]);
    const [upload] = only(plan, "screenshot-upload");
    assert.equal(upload!.replaces, live.screenshotSets[0]!.screenshots[1]!.id);
    assert.equal(upload!.position, 2);
    assert.equal(only(plan, "screenshot-delete")[0]!.reason, "replaced");
  });

  test("a new file in the middle is uploaded and the set reordered; a removed file is deleted", () => {
    const { plan } = planFor([shot("a.png"), shot("new.png"), shot("c.png")], [shot("a.png"), shot("b.png"), shot("c.png")]);
    assert.deepEqual(kinds(plan), ["screenshot-upload", "screenshot-reorder", "screenshot-delete"]);
    assert.deepEqual(only(plan, "screenshot-reorder")[0]!.before, ["a.png", "c.png", "new.png"]);
    assert.equal(only(plan, "screenshot-delete")[0]!.reason, "replaced", "the new file takes the place of the one that goes");
  });

  test("a screenshot still processing is pending, not missing, and never uploaded twice", () => {
    const { plan } = planFor([shot("a.png"), shot("b.png")], [shot("a.png"), shot("b.png")], (live) => {
      const processing = live.screenshotSets[0]!.screenshots[1]!;
      processing.checksum = null;
      processing.state = "UPLOAD_COMPLETE";
    });
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.pending, [{ locale: "en-US", displayType: IPHONE, fileName: "b.png" }]);
  });

  test("reservations left awaiting upload and failed assets are cleaned up, and a failed file is uploaded again", () => {
    const { plan } = planFor([shot("a.png"), shot("b.png")], [shot("a.png"), shot("b.png"), shot("b.png")], (live) => {
      const [, failed, stale] = live.screenshotSets[0]!.screenshots;
      Object.assign(failed!, { state: "FAILED", checksum: null });
      Object.assign(stale!, { state: "AWAITING_UPLOAD", checksum: null });
    });
    assert.deepEqual(kinds(plan), ["screenshot-upload", "screenshot-delete", "screenshot-delete"]);
    assert.deepEqual(
      only(plan, "screenshot-delete")
        .map((change) => change.reason)
        .sort(),
      ["failed-processing", "stale-reservation"],
    );
  });

  test("a new set is created and filled in order", () => {
    const desired = desiredState({ "en-US": base }, [{ locale: "en-US", displayType: "APP_IPAD_PRO_3GEN_129", shots: [shot("1.png"), shot("2.png")] }]);
    const plan = diff(desired, liveFromDesired(desiredState({ "en-US": base }), TODAY), { today: TODAY });
    assert.deepEqual(kinds(plan), ["screenshot-set-create", "screenshot-upload", "screenshot-upload"]);
    assert.deepEqual(
      only(plan, "screenshot-upload").map((change) => change.position),
      [1, 2],
    );
  });

  test("screenshots of a locale that exists nowhere are blocked with what to do", () => {
    const desired = desiredState({ "en-US": base }, [{ locale: "fr-FR", displayType: IPHONE, shots: [shot("1.png")] }]);
    const plan = diff(desired, liveFromDesired(desiredState({ "en-US": base }), TODAY), { today: TODAY });
    assert.deepEqual(plan.changes, []);
    assert.match(
      plan.blocked[0]!.reason,
      /^fr-FR does not exist in App Store Connect and the repository has no metadata file for it: add metadata\/fr-FR\.yml/,
    );
  });

  test("a set without a folder is unmanaged, and deleted only with prune", () => {
    const desired = set(shot("a.png"));
    const live = liveFromDesired(
      desiredState({ "en-US": base }, [
        { locale: "en-US", displayType: IPHONE, shots: [shot("a.png")] },
        { locale: "en-US", displayType: "APP_IPHONE_65", shots: [shot("x.png")] },
      ]),
      TODAY,
    );
    assert.deepEqual(diff(desired, live, { today: TODAY }).changes, []);
    const pruned = diff({ ...desired, app: { ...desired.app, prune: true } }, live, { today: TODAY });
    assert.deepEqual(
      pruned.changes.map((change) => [change.kind, "displayType" in change && change.displayType]),
      [["screenshot-set-delete", "APP_IPHONE_65"]],
    );
  });
});

describe("the plan as data", () => {
  test("is deterministic whatever order live state arrives in", () => {
    const desired = desiredState({ "en-US": base, "de-DE": base, ja: base }, [
      { locale: "en-US", displayType: IPHONE, shots: [shot("1.png"), shot("2.png"), shot("3.png")] },
      { locale: "de-DE", displayType: IPHONE, shots: [shot("1.png")] },
    ]);
    const live = liveFromDesired(
      desiredState({ "en-US": { version: { description: "Old." } } }, [{ locale: "en-US", displayType: IPHONE, shots: [shot("3.png"), shot("x.png")] }]),
      TODAY,
    );
    const reversed: LiveState = {
      ...structuredClone(live),
      appInfoLocalizations: [...live.appInfoLocalizations].reverse(),
      versionLocalizations: [...live.versionLocalizations].reverse(),
      screenshotSets: [...live.screenshotSets].reverse(),
    };
    assert.equal(JSON.stringify(diff(desired, live, { today: TODAY })), JSON.stringify(diff(desired, reversed, { today: TODAY })));
  });

  test("applying a plan to live state yields the desired state: a second diff is empty", () => {
    const desired = desiredState({ "en-US": base, "de-DE": { ...base, version: { ...base.version, description: "Plant deine Woche." } }, ja: base }, [
      { locale: "en-US", displayType: IPHONE, shots: [shot("1.png"), shot("2.png"), shot("3.png")] },
      { locale: "ja", displayType: IPHONE, shots: [shot("1.png")] },
    ]);
    const live = liveFromDesired(
      desiredState({ "en-US": { appInfo: { name: "Old" }, version: { description: "Old." } }, "de-DE": base }, [
        { locale: "en-US", displayType: IPHONE, shots: [shot("3.png"), shot("x.png"), shot("1.png")] },
      ]),
      TODAY,
    );
    const plan = diff(desired, live, { today: TODAY });
    assert.ok(plan.changes.length > 5);
    assert.deepEqual(diff(desired, applyPlanToLive(live, plan), { today: TODAY }).changes, []);
  });
});
