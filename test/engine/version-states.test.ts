/**
 * The plan and the sandbox read one table of what each state allows
 * (model/version-states.ts): for every state, a change the plan calls blocked
 * is one the sandbox refuses with 409 STATE_ERROR, and a change the plan would
 * make is one the sandbox accepts.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AscClient } from "../../src/asc/client.js";
import { loadCredentials } from "../../src/asc/credentials.js";
import { diff } from "../../src/engine/diff.js";
import type { Plan } from "../../src/engine/plan/plan.js";
import { readLiveState } from "../../src/engine/read.js";
import { APP_INFO_STATES, APP_VERSION_STATES, VERSION_STATES } from "../../src/model/version-states.js";
import { desiredState, shot } from "../helpers/states.js";
import { spec } from "../sandbox/helpers/contract.js";
import { startTestSandbox, tempFolder, type Exchange, type TestSandbox } from "../sandbox/helpers/sandbox.js";
import { writeSandboxState, type WrittenIds } from "../sandbox/helpers/state-file.js";

const TODAY = "2026-11-24";
const IPHONE = "APP_IPHONE_67";
const checksum = (letter: string) => letter.repeat(32);
const versionApp = (state: string) => `com.states.version.${state.toLowerCase().replace(/_/g, "-")}`;
const infoApp = (state: string) => `com.states.info.${state.toLowerCase().replace(/_/g, "-")}`;

/** Refused with STATE_ERROR (true) or accepted (false); any other answer fails the test. */
function refused(exchange: Exchange): boolean {
  if (exchange.status >= 200 && exchange.status < 300) return false;
  assert.equal(exchange.status, 409, `${exchange.method} ${exchange.path}: ${JSON.stringify(exchange.body)}`);
  assert.ok(
    exchange.body.errors.every((item: { code: string }) => item.code === "STATE_ERROR"),
    JSON.stringify(exchange.body),
  );
  return true;
}

/** Whether the plan blocks a change (true), makes it (false), or shows neither (a test failure). */
function planBlocks(plan: Plan, matches: (change: { kind: string; field?: string; resource?: string; locale: string }) => boolean): boolean {
  if (plan.errors.length > 0) return true;
  const blocked = plan.blocked.some(matches);
  const made = plan.changes.some(matches);
  assert.notEqual(blocked, made, `exactly one of blocked and made: ${JSON.stringify({ blocked: plan.blocked, changes: plan.changes })}`);
  return blocked;
}

describe("one table of what each state allows, read by the plan and the sandbox", () => {
  let run: TestSandbox;
  let ids: WrittenIds;
  let client: AscClient;

  before(async () => {
    const folder = await tempFolder();
    ({ ids } = await writeSandboxState(folder, [
      ...APP_VERSION_STATES.map((state) => ({
        bundleId: versionApp(state),
        versions: [
          {
            versionString: "2.0",
            appVersionState: state,
            localizations: [
              {
                locale: "en-US",
                description: "The old description.",
                promotionalText: "Old promotion",
                sets: [{ displayType: IPHONE, screenshots: ["a", "b", "d"].map((name) => ({ fileName: `${name}.png`, checksum: checksum(name) })) }],
              },
            ],
          },
        ],
        appInfos: [{ state: "PREPARE_FOR_SUBMISSION", localizations: [{ locale: "en-US", name: "States" }] }],
      })),
      ...Object.keys(APP_INFO_STATES).map((state) => ({
        bundleId: infoApp(state),
        versions: [{ versionString: "2.0", appVersionState: "PREPARE_FOR_SUBMISSION", localizations: [{ locale: "en-US" }] }],
        appInfos: [{ state, localizations: [{ locale: "en-US", name: "States", subtitle: "Old subtitle" }] }],
      })),
    ]));
    run = await startTestSandbox({}, folder);
    const { sandbox } = run;
    client = new AscClient({
      baseUrl: sandbox.url,
      credentials: await loadCredentials({ issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath }),
    });
  });
  after(async () => {
    client.close();
    await run.dispose();
  });

  const planFor = async (bundleId: string, locales: Parameters<typeof desiredState>[0], sets: Parameters<typeof desiredState>[1] = []) => {
    const desired = desiredState(locales, sets);
    desired.app = { app: { bundleId, platform: "IOS" }, version: "2.0", prune: false };
    const { live, errors } = await readLiveState(client, desired);
    assert.ok(live, errors.map((error) => error.message).join("; "));
    return diff(desired, live, { today: TODAY, errors });
  };

  test("every state of the spec's AppVersionState, AppStoreVersionState and AppInfo enums is in the table", () => {
    const schemas = spec.components!.schemas as Record<string, { enum?: string[]; properties?: any }>;
    for (const name of ["AppVersionState", "AppStoreVersionState"])
      for (const state of schemas[name]!.enum!) assert.ok(Object.hasOwn(VERSION_STATES, state), `${name} ${state}`);
    for (const state of schemas.AppInfo!.properties.attributes.properties.state.enum as string[])
      assert.ok(Object.hasOwn(APP_INFO_STATES, state), `AppInfo ${state}`);
  });

  test("versions: text, promotional text, new locales and screenshots are blocked in the plan exactly when the sandbox refuses them", async () => {
    const outcomes = new Map<string, Record<string, boolean>>();
    for (const state of APP_VERSION_STATES) {
      const bundleId = versionApp(state);
      const plan = await planFor(
        bundleId,
        {
          "en-US": { version: { description: "A new description.", promotionalText: "New promotion" } },
          "fr-FR": { appInfo: { name: "États" }, version: { description: "Une description." } },
        },
        [{ locale: "en-US", displayType: IPHONE, shots: [shot("b.png", checksum("b")), shot("a.png", checksum("a")), shot("c.png", checksum("c"))] }],
      );
      const planned = {
        text: planBlocks(plan, (change) => change.kind === "field-update" && change.field === "description"),
        promotionalText: planBlocks(plan, (change) => change.kind === "field-update" && change.field === "promotionalText"),
        newLocale: planBlocks(
          plan,
          (change) => change.kind === "localization-create" && change.locale === "fr-FR" && change.resource !== "appInfoLocalizations",
        ),
        screenshots: planBlocks(plan, (change) => change.kind.startsWith("screenshot-")),
      };

      const versionId = ids.versions.get(`${bundleId} 2.0`)!;
      const localization = ids.versionLocalizations.get(`${bundleId} 2.0 en-US`)!;
      const set = ids.sets.get(`${bundleId} 2.0 en-US ${IPHONE}`)!;
      const patch = (attributes: object) =>
        run.api.patch(`/v1/appStoreVersionLocalizations/${localization}`, { data: { type: "appStoreVersionLocalizations", id: localization, attributes } });
      const [a, b, d] = set.screenshots as [string, string, string];
      const screenshotAnswers = [
        await run.api.patch(`/v1/appScreenshotSets/${set.id}/relationships/appScreenshots`, { data: [b, a, d].map((id) => ({ type: "appScreenshots", id })) }),
        await run.api.delete(`/v1/appScreenshots/${d}`),
        await run.api.post("/v1/appScreenshotSets", {
          data: {
            type: "appScreenshotSets",
            attributes: { screenshotDisplayType: "APP_IPHONE_65" },
            relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: localization } } },
          },
        }),
        await run.api.post("/v1/appScreenshots", {
          data: {
            type: "appScreenshots",
            attributes: { fileName: "c.png", fileSize: 1000 },
            relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: set.id } } },
          },
        }),
      ].map(refused);
      assert.ok(
        screenshotAnswers.every((answer) => answer === screenshotAnswers[0]),
        `${state}: reorder, delete, set and reservation answered alike (${screenshotAnswers})`,
      );
      const sandboxRefused = {
        text: refused(await patch({ description: "A new description." })),
        promotionalText: refused(await patch({ promotionalText: "New promotion" })),
        newLocale: refused(
          await run.api.post("/v1/appStoreVersionLocalizations", {
            data: {
              type: "appStoreVersionLocalizations",
              attributes: { locale: "fr-FR" },
              relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: versionId } } },
            },
          }),
        ),
        screenshots: screenshotAnswers[0]!,
      };
      assert.deepEqual(planned, sandboxRefused, `${state}: blocked in the plan = refused by the sandbox`);
      outcomes.set(state, planned);
    }
    // Both answers occur, and the cases the evidence names hold.
    assert.deepEqual(outcomes.get("PREPARE_FOR_SUBMISSION"), { text: false, promotionalText: false, newLocale: false, screenshots: false });
    assert.deepEqual(outcomes.get("WAITING_FOR_REVIEW"), { text: true, promotionalText: false, newLocale: true, screenshots: true });
    assert.deepEqual(outcomes.get("READY_FOR_DISTRIBUTION"), { text: true, promotionalText: false, newLocale: true, screenshots: true });
    assert.deepEqual(outcomes.get("REPLACED_WITH_NEW_VERSION"), { text: true, promotionalText: true, newLocale: true, screenshots: true });
  });

  test("app infos: name, subtitle and privacy URLs, and new locales, are blocked in the plan exactly when the sandbox refuses them", async () => {
    const outcomes = new Map<string, Record<string, boolean>>();
    for (const state of Object.keys(APP_INFO_STATES)) {
      const bundleId = infoApp(state);
      const plan = await planFor(bundleId, { "en-US": { appInfo: { subtitle: "New subtitle" } }, "fr-FR": { appInfo: { name: "États" } } });
      const planned = {
        text: planBlocks(plan, (change) => change.kind === "field-update" && change.field === "subtitle"),
        newLocale: planBlocks(
          plan,
          (change) => change.kind === "localization-create" && change.locale === "fr-FR" && change.resource !== "appStoreVersionLocalizations",
        ),
      };
      const infoId = ids.appInfos.get(`${bundleId} ${state}`)!;
      const localization = ids.appInfoLocalizations.get(`${bundleId} ${state} en-US`)!;
      const sandboxRefused = {
        text: refused(
          await run.api.patch(`/v1/appInfoLocalizations/${localization}`, {
            data: { type: "appInfoLocalizations", id: localization, attributes: { subtitle: "New subtitle" } },
          }),
        ),
        newLocale: refused(
          await run.api.post("/v1/appInfoLocalizations", {
            data: {
              type: "appInfoLocalizations",
              attributes: { locale: "fr-FR", name: "États" },
              relationships: { appInfo: { data: { type: "appInfos", id: infoId } } },
            },
          }),
        ),
      };
      assert.deepEqual(planned, sandboxRefused, `app info ${state}: blocked in the plan = refused by the sandbox`);
      outcomes.set(state, planned);
    }
    assert.deepEqual(outcomes.get("PREPARE_FOR_SUBMISSION"), { text: false, newLocale: false });
    assert.deepEqual(outcomes.get("WAITING_FOR_REVIEW"), { text: false, newLocale: true });
    assert.deepEqual(outcomes.get("READY_FOR_DISTRIBUTION"), { text: true, newLocale: true });
  });
});
