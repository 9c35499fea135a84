/**
 * Small builders of DesiredState and LiveState for diff tests, and a model of
 * App Store Connect that carries out a plan, so a test can check that applying
 * a plan to live state yields the desired state.
 */
import type { DesiredState } from "../../src/engine/desired-state.js";
import type { LiveLocalization, LiveScreenshotSet, LiveState } from "../../src/engine/live-state.js";
import type { Plan } from "../../src/engine/plan/plan.js";
import assert from "node:assert/strict";
import { comparableValue } from "../../src/model/text.js";
import { fieldsInForce } from "../../src/resources/version-localizations/diff.js";
import type { DesiredAppInfoLocalization } from "../../src/resources/app-info-localizations/desired.js";
import type { DesiredScreenshot, DesiredScreenshotSet } from "../../src/resources/screenshots/desired.js";
import type { DesiredRotation, DesiredVersionLocalization } from "../../src/resources/version-localizations/desired.js";
import type { AppInfoField, VersionField } from "../../src/model/fields.js";
import type { AppStoreLocale } from "../../src/model/locales.js";

export interface LocaleSpec {
  appInfo?: Partial<Record<AppInfoField, string>>;
  version?: Partial<Record<VersionField, string>>;
  rotations?: Omit<DesiredRotation, "index">[];
}

export function shot(name: string, checksum = `md5-${name}`, fileSize = 1000): DesiredScreenshot {
  return { fileName: name, file: `screenshots/x/${name}`, absolutePath: `/nowhere/${name}`, fileSize, checksum, width: 1320, height: 2868 };
}

export function desiredState(
  locales: Record<string, LocaleSpec>,
  sets: { locale: string; displayType: string; shots: DesiredScreenshot[] }[] = [],
  prune = false,
): DesiredState {
  const appInfoLocalizations: DesiredAppInfoLocalization[] = [];
  const versionLocalizations: DesiredVersionLocalization[] = [];
  for (const [locale, spec] of Object.entries(locales)) {
    const file = `metadata/${locale}.yml`;
    appInfoLocalizations.push({
      locale: locale as AppStoreLocale,
      fields: { ...spec.appInfo },
      sources: { file, positions: { name: { line: 1, column: 7 } } },
    });
    versionLocalizations.push({
      locale: locale as AppStoreLocale,
      fields: { ...spec.version },
      rotations: (spec.rotations ?? []).map((rotation, index) => ({ ...rotation, index })),
      sources: { file, positions: { description: { line: 3, column: 14 } } },
    });
  }
  const screenshotSets: DesiredScreenshotSet[] = sets.map((set) => ({
    locale: set.locale as AppStoreLocale,
    displayType: set.displayType,
    folder: `screenshots/${set.locale}/${set.displayType}`,
    screenshots: set.shots.map((item) => ({ ...item, file: `screenshots/${set.locale}/${set.displayType}/${item.fileName}` })),
  }));
  return {
    app: { app: { bundleId: "com.acme.fitness", platform: "IOS" }, prune },
    appInfoLocalizations,
    versionLocalizations,
    screenshotSets,
    previewSets: [],
  };
}

let nextId = 1;
const newId = (prefix: string) => `${prefix}-${nextId++}`;

/** A live state equal to `desired` on `today`: what a perfect apply leaves behind. */
export function liveFromDesired(desired: DesiredState, today: string, overrides: Partial<LiveState> = {}): LiveState {
  const versionLocalizations: LiveLocalization<VersionField>[] = desired.versionLocalizations.map((localization) => ({
    id: newId("vl"),
    locale: localization.locale,
    fields: Object.fromEntries([...fieldsInForce(localization, today)].map(([field, value]) => [field, value.value])),
  }));
  const byLocale = new Map(versionLocalizations.map((localization) => [localization.locale, localization.id]));
  return {
    app: { id: "1", bundleId: "com.acme.fitness", name: "Acme Fitness", primaryLocale: "en-US", platform: "IOS" },
    version: { id: "v-2.4.0", versionString: "2.4.0", state: "PREPARE_FOR_SUBMISSION", editable: true },
    liveVersion: { id: "v-2.3.1", versionString: "2.3.1", state: "READY_FOR_SALE", editable: false },
    isFirstVersion: false,
    appInfo: { id: "ai-edit", state: "PREPARE_FOR_SUBMISSION", editable: true },
    appInfoLocalizations: desired.appInfoLocalizations.map((localization) => ({
      id: newId("al"),
      locale: localization.locale,
      fields: { ...localization.fields },
    })),
    versionLocalizations,
    liveVersionLocalizations: [],
    previewSets: [],
    screenshotSets: desired.screenshotSets.map((set) => ({
      id: newId("set"),
      locale: set.locale,
      localizationId: byLocale.get(set.locale) ?? newId("vl"),
      displayType: set.displayType,
      screenshots: set.screenshots.map((item) => ({
        id: newId("shot"),
        fileName: item.fileName,
        fileSize: item.fileSize,
        checksum: item.checksum,
        state: "COMPLETE" as const,
      })),
    })),
    ...overrides,
  };
}

/** Carries out a plan on a copy of live state, as App Store Connect would once every upload has processed. */
export function applyPlanToLive(live: LiveState, plan: Plan): LiveState {
  const next: LiveState = structuredClone(live);
  const setOf = (locale: string, displayType: string) => next.screenshotSets.find((set) => set.locale === locale && set.displayType === displayType);
  for (const change of plan.changes) {
    switch (change.kind) {
      case "localization-create": {
        const list = (change.resource === "appInfoLocalizations" ? next.appInfoLocalizations : next.versionLocalizations) as LiveLocalization<string>[];
        list.push({ id: newId("created"), locale: change.locale, fields: { ...change.fields } });
        break;
      }
      case "localization-delete":
        if (change.resource === "appInfoLocalizations")
          next.appInfoLocalizations = next.appInfoLocalizations.filter((item) => item.id !== change.localizationId);
        else {
          next.versionLocalizations = next.versionLocalizations.filter((item) => item.id !== change.localizationId);
          next.screenshotSets = next.screenshotSets.filter((set) => set.locale !== change.locale);
        }
        break;
      case "field-update": {
        const list = (
          change.target === "live"
            ? next.liveVersionLocalizations
            : change.resource === "appInfoLocalizations"
              ? next.appInfoLocalizations
              : next.versionLocalizations
        ) as LiveLocalization<string>[];
        const localization = list.find((item) => item.id === change.localizationId)!;
        localization.fields[change.field] = change.after;
        break;
      }
      case "screenshot-set-create":
        next.screenshotSets.push({
          id: newId("set"),
          locale: change.locale,
          localizationId: "",
          displayType: change.displayType,
          screenshots: [],
        } satisfies LiveScreenshotSet);
        break;
      case "screenshot-set-delete":
        next.screenshotSets = next.screenshotSets.filter((set) => set.id !== change.setId);
        break;
      case "screenshot-upload":
        setOf(change.locale, change.displayType)!.screenshots.push({
          id: newId("shot"),
          fileName: change.fileName,
          fileSize: change.fileSize,
          checksum: change.checksum,
          state: "COMPLETE",
        });
        break;
      case "screenshot-delete": {
        const set = setOf(change.locale, change.displayType)!;
        set.screenshots = set.screenshots.filter((item) => item.id !== change.screenshotId);
        break;
      }
      case "screenshot-reorder": {
        const set = setOf(change.locale, change.displayType)!;
        // As apply does: a screenshot the plan deletes (a second copy of a file, say) is never the one put in place.
        const deleted = new Set(plan.changes.flatMap((item) => (item.kind === "screenshot-delete" ? [item.screenshotId] : [])));
        const remaining = set.screenshots.filter((item) => !deleted.has(item.id));
        set.screenshots = change.checksums.map(
          (checksum) =>
            remaining.splice(
              remaining.findIndex((item) => item.checksum === checksum),
              1,
            )[0]!,
        );
        break;
      }
    }
  }
  return next;
}

/** Checks convergence independently of diff: every managed value and every set's order equals the repository's. */
export function assertConverged(desired: DesiredState, live: LiveState, options: { strict?: boolean } = {}): void {
  const missing = (what: string) => assert.ok(!options.strict, `${what} is missing live`);
  for (const localization of desired.versionLocalizations) {
    const found = live.versionLocalizations.find((item) => item.locale === localization.locale);
    if (!found) {
      missing(`${localization.locale} version localization`);
      continue;
    }
    for (const [field, value] of Object.entries(localization.fields))
      assert.equal(comparableValue(field, found.fields[field as keyof typeof found.fields]), comparableValue(field, value), `${localization.locale} ${field}`);
  }
  for (const localization of desired.appInfoLocalizations) {
    const found = live.appInfoLocalizations.find((item) => item.locale === localization.locale);
    if (!found) {
      missing(`${localization.locale} app info localization`);
      continue;
    }
    for (const [field, value] of Object.entries(localization.fields))
      assert.equal(comparableValue(field, found.fields[field as keyof typeof found.fields]), comparableValue(field, value), `${localization.locale} ${field}`);
  }
  for (const set of desired.screenshotSets) {
    const found = live.screenshotSets.find((item) => item.locale === set.locale && item.displayType === set.displayType);
    if (!found) {
      missing(`${set.locale} ${set.displayType} set`);
      continue;
    }
    if (options.strict)
      assert.ok(
        found.screenshots.every((item) => item.state === "COMPLETE"),
        `${set.locale} ${set.displayType}: every screenshot is processed, none is a leftover reservation`,
      );
    assert.deepEqual(
      found.screenshots.map((item) => item.checksum),
      set.screenshots.map((item) => item.checksum),
      `${set.locale} ${set.displayType}`,
    );
  }
}
