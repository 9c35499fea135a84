/**
 * The seeded demo app: "Acme Fitness" (com.acme.fitness, iOS), matching the
 * example metadata/app.yml, whose live state differs from the example
 * repository the way a real app's does after a few releases:
 *
 *  - versions: 2.3.1 live (READY_FOR_SALE), 2.4.0 being prepared (PREPARE_FOR_SUBMISSION);
 *  - app infos: the live one and the one being prepared;
 *  - en-US has an older description; de-DE has older keywords;
 *  - ja is missing (no app info or version localization);
 *  - the live version's promotional text is last release's;
 *  - en-US iPhone screenshots are out of order; en-US iPad has one screenshot
 *    the repository no longer has; de-DE has no iPad set;
 *  - the age rating (both app infos) leaves the 2025 question healthOrWellnessTopics
 *    unanswered and answers medicalOrTreatmentInformation NONE, which metadata/age-rating.yml changes;
 *  - App Review information on both versions; the 2.4.0 one has last release's notes;
 *  - analytics: an ONGOING report request made 10 days ago (so 60 days of figures are ready) and an older one
 *    Apple stopped for inactivity (analytics/materialize.ts makes the reports, instances and segments);
 *  - customer reviews in six territories (seed/customer-reviews.ts), two of them arriving after the seed time;
 *  - 2.4.0 is released manually and has build 240 attached, where metadata/app.yml wants the
 *    newest valid build (241), a release after approval and a phased release, which 2.3.1 had (COMPLETE)
 *    (seed/builds.ts has a PROCESSING and an expired build too);
 *  - every other text and screenshot equals the repository (screenshots by MD5).
 *
 * `--empty` seeds only the app, its two versions (with their builds) and its two app infos (with unanswered age ratings).
 */
import type { AssetFiles } from "../store/assets.js";
import type { AppStoreVersionRecord, ScreenshotRecord, VersionLocalizationRecord } from "../store/records.js";
import type { Store } from "../store/store.js";
import { assetToken, mimeTypeOf } from "../uploads/processing.js";
import { seedCustomerReviews } from "./customer-reviews.js";
import { seedBuilds } from "./builds.js";
import { drawScreenshot, readLocaleTexts, readScreenshotSets, type LocaleTexts, type RepositoryScreenshot } from "./repository-files.js";

export const DEMO_APP = { name: "Acme Fitness", bundleId: "com.acme.fitness", sku: "ACME-FITNESS", primaryLocale: "en-US", platform: "IOS" } as const;
/** The seeded copyright, as metadata/app.yml writes it. */
export const DEMO_COPYRIGHT = "2026 Acme Inc.";
export const DEMO_VERSIONS = { live: "2.3.1", editable: "2.4.0" } as const;

/** The age rating questionnaire as App Store Connect holds it for the demo app (model/age-rating.ts). */
export const DEMO_AGE_RATING: Readonly<Record<string, string | boolean>> = {
  advertising: false,
  ageAssurance: false,
  alcoholTobaccoOrDrugUseOrReferences: "NONE",
  contests: "NONE",
  gambling: false,
  gamblingSimulated: "NONE",
  gunsOrOtherWeapons: "NONE",
  horrorOrFearThemes: "NONE",
  lootBox: false,
  matureOrSuggestiveThemes: "NONE",
  medicalOrTreatmentInformation: "NONE",
  messagingAndChat: false,
  parentalControls: false,
  profanityOrCrudeHumor: "NONE",
  sexualContentGraphicAndNudity: "NONE",
  sexualContentOrNudity: "NONE",
  socialMedia: false,
  socialMediaAgeRestricted: false,
  unrestrictedWebAccess: false,
  userGeneratedContent: false,
  violenceCartoonOrFantasy: "NONE",
  violenceRealistic: "NONE",
  violenceRealisticProlongedGraphicOrSadistic: "NONE",
};

/** The deliberate differences, in one place. */
const MISSING_LOCALE = "ja";
const OLDER_KEYWORDS: Record<string, string> = {
  "de-DE": "Fitness,Training,Workout,Laufen,Joggen,Yoga,Abnehmen,Gesundheit,Sport,Zuhause",
};
const LAST_RELEASE: Record<string, { promotionalText: string; whatsNew: string }> = {
  "en-US": {
    promotionalText: "New in 2.3 — streaks now count your rest days.",
    whatsNew: "• Streaks now count rest days.\n• Bug fixes and performance improvements.\n",
  },
  "de-DE": {
    promotionalText: "Neu in 2.3 – Serien zählen jetzt auch Ruhetage.",
    whatsNew: "• Serien zählen jetzt Ruhetage.\n• Fehlerbehebungen und Leistungsverbesserungen.\n",
  },
};
const OUT_OF_ORDER = { locale: "en-US", alias: "iphone-6.9" };
const EXTRA_SCREENSHOT = { locale: "en-US", alias: "ipad-13", fileName: "03-share.png", label: "Share your streak" };
const MISSING_SET = { locale: "de-DE", alias: "ipad-13" };

/** metadata/review.yml's contact, with last release's notes (the one difference). */
const REVIEW_DETAIL = {
  contactFirstName: "Jane",
  contactLastName: "Appleseed",
  contactPhone: "+1 408 555 0123",
  contactEmail: "app-review@acme.example",
  demoAccountRequired: false,
  notes: "Streaks: open the app on two days in a row to see a streak.",
} as const;

function olderDescription(description: string | undefined): string | undefined {
  if (!description) return description;
  const changed = description.replace("400+", "300+");
  if (changed !== description) return changed;
  const paragraphs = description.trimEnd().split("\n\n");
  return paragraphs.length > 1 ? `${paragraphs.slice(0, -1).join("\n\n")}\n` : `${description.trimEnd()} (2.3)\n`;
}

function daysAgo(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

interface SeedParts {
  store: Store;
  assets: AssetFiles;
  now: Date;
}

function seedApp({ store, now }: SeedParts): { live: AppStoreVersionRecord; editable: AppStoreVersionRecord; liveInfoId: string; editableInfoId: string } {
  const { tables } = store;
  const app = tables.apps.insert({
    id: store.newId("numeric"),
    name: DEMO_APP.name,
    bundleId: DEMO_APP.bundleId,
    sku: DEMO_APP.sku,
    primaryLocale: DEMO_APP.primaryLocale,
    // metadata/app.yml declares no third-party content: `npm start` shows the content rights change.
    contentRightsDeclaration: "USES_THIRD_PARTY_CONTENT",
  });
  const common = { appId: app.id, platform: DEMO_APP.platform, copyright: DEMO_COPYRIGHT, reviewType: "APP_STORE", downloadable: true };
  const live = tables.appStoreVersions.insert({
    id: store.newId(),
    ...common,
    versionString: DEMO_VERSIONS.live,
    appStoreState: "READY_FOR_SALE",
    appVersionState: "READY_FOR_DISTRIBUTION",
    releaseType: "AFTER_APPROVAL",
    createdDate: daysAgo(now, 45),
  });
  const editable = tables.appStoreVersions.insert({
    id: store.newId(),
    ...common,
    versionString: DEMO_VERSIONS.editable,
    appStoreState: "PREPARE_FOR_SUBMISSION",
    appVersionState: "PREPARE_FOR_SUBMISSION",
    releaseType: "MANUAL",
    createdDate: daysAgo(now, 3),
  });
  // The demo's metadata/app.yml names LIFESTYLE as the secondary category: the plan shows that one change.
  const categories = { primaryCategory: "HEALTH_AND_FITNESS", secondaryCategory: "SPORTS" };
  const liveInfoId = tables.appInfos.insert({
    id: store.newId(),
    appId: app.id,
    state: "READY_FOR_DISTRIBUTION",
    appStoreState: "READY_FOR_SALE",
    categories: { ...categories },
  }).id;
  const editableInfoId = tables.appInfos.insert({
    id: store.newId(),
    appId: app.id,
    state: "PREPARE_FOR_SUBMISSION",
    appStoreState: "PREPARE_FOR_SUBMISSION",
    categories: { ...categories },
  }).id;
  for (const appInfoId of [liveInfoId, editableInfoId]) tables.ageRatingDeclarations.insert({ id: store.newId(), appInfoId, answers: {} });
  return { live, editable, liveInfoId, editableInfoId };
}

function versionText(texts: LocaleTexts): Omit<VersionLocalizationRecord, "id" | "versionId" | "locale"> {
  const pick = (name: string) => (texts[name] ? { [name]: texts[name] } : {});
  return {
    ...pick("description"),
    ...pick("keywords"),
    ...pick("marketingUrl"),
    ...pick("promotionalText"),
    ...pick("supportUrl"),
    ...pick("whatsNew"),
  };
}

async function addScreenshot(parts: SeedParts, setId: string, file: RepositoryScreenshot): Promise<string> {
  const id = parts.store.newId();
  await parts.assets.storeOriginal(id, file.bytes);
  const screenshot: ScreenshotRecord = {
    id,
    setId,
    fileName: file.fileName,
    fileSize: file.bytes.length,
    mimeType: mimeTypeOf(file.fileName),
    assetToken: assetToken({ id, fileName: file.fileName }),
    uploadKey: id.replace(/-/g, ""),
    parts: [],
    state: "COMPLETE",
    createdAt: parts.now.toISOString(),
    checksum: file.md5,
    width: file.width,
    height: file.height,
  };
  parts.store.tables.appScreenshots.insert(screenshot);
  return id;
}

export async function seedDemo(parts: SeedParts, root: string, empty: boolean): Promise<void> {
  const { store } = parts;
  const { tables } = store;
  const { live, editable, liveInfoId, editableInfoId } = seedApp(parts);
  // Builds are the app's binaries, not its listing: an empty sandbox has them too.
  seedBuilds(store, parts.now, live, editable);
  if (empty) return;
  const day = 86_400_000;
  const appId = live.appId;
  for (const [age, stopped] of [
    [200, true],
    [10, false],
  ] as const)
    tables.analyticsReportRequests.insert({
      id: store.newId(),
      appId,
      accessType: "ONGOING",
      stoppedDueToInactivity: stopped,
      createdAt: parts.now.getTime() - age * day,
    });
  // 2.3.1 was rolled out in phases, done; 2.4.0 has none yet (metadata/app.yml wants one).
  tables.appStoreVersionPhasedReleases.insert({
    id: store.newId(),
    versionId: live.id,
    state: "COMPLETE",
    startDate: daysAgo(parts.now, 44),
    totalPauseDuration: 0,
    currentDayNumber: 7,
  });
  for (const version of [live, editable]) tables.appStoreReviewDetails.insert({ id: store.newId(), versionId: version.id, ...REVIEW_DETAIL });

  for (const declaration of tables.ageRatingDeclarations.all()) declaration.answers = { ...DEMO_AGE_RATING };

  const locales = await readLocaleTexts(root);
  const localizationIds = new Map<string, { live: string; editable: string }>();
  for (const [locale, texts] of locales) {
    if (locale === MISSING_LOCALE) continue;
    for (const appInfoId of [liveInfoId, editableInfoId]) {
      const record = { id: store.newId(), appInfoId, locale };
      for (const name of ["name", "subtitle", "privacyPolicyUrl", "privacyChoicesUrl"] as const)
        if (texts[name]) Object.assign(record, { [name]: texts[name] });
      tables.appInfoLocalizations.insert(record);
    }
    const current = versionText(texts);
    const editableText = { ...current };
    if (locale === DEMO_APP.primaryLocale) editableText.description = olderDescription(current.description);
    if (OLDER_KEYWORDS[locale]) editableText.keywords = OLDER_KEYWORDS[locale];
    const previous = LAST_RELEASE[locale] ?? { promotionalText: current.promotionalText, whatsNew: current.whatsNew };
    const liveText = {
      ...current,
      ...previous,
      description: olderDescription(current.description),
      ...(OLDER_KEYWORDS[locale] ? { keywords: OLDER_KEYWORDS[locale] } : {}),
    };
    const clean = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, text]) => text !== undefined)) as T;
    const liveId = tables.appStoreVersionLocalizations.insert({ id: store.newId(), versionId: live.id, locale, ...clean(liveText) }).id;
    const editableId = tables.appStoreVersionLocalizations.insert({ id: store.newId(), versionId: editable.id, locale, ...clean(editableText) }).id;
    localizationIds.set(locale, { live: liveId, editable: editableId });
  }

  for (const set of await readScreenshotSets(root)) {
    const ids = localizationIds.get(set.locale);
    if (!ids) continue;
    const files = [...set.screenshots];
    const isOutOfOrder = set.locale === OUT_OF_ORDER.locale && set.alias === OUT_OF_ORDER.alias && files.length > 1;
    // The live version shows last release's screenshots: the repository's, in its order.
    if (set.locale === DEMO_APP.primaryLocale && set.alias === OUT_OF_ORDER.alias) {
      const liveSet = tables.appScreenshotSets.insert({
        id: store.newId(),
        localizationId: ids.live,
        screenshotDisplayType: set.displayType,
        screenshotIds: [],
      });
      for (const file of files) liveSet.screenshotIds.push(await addScreenshot(parts, liveSet.id, file));
    }
    if (set.locale === MISSING_SET.locale && set.alias === MISSING_SET.alias) continue;
    if (isOutOfOrder) files.splice(0, 2, files[1]!, files[0]!);
    if (set.locale === EXTRA_SCREENSHOT.locale && set.alias === EXTRA_SCREENSHOT.alias) {
      const { width, height } = files[0]!;
      files.push(await drawScreenshot(EXTRA_SCREENSHOT.fileName, width, height, EXTRA_SCREENSHOT.label));
    }
    const editableSet = tables.appScreenshotSets.insert({
      id: store.newId(),
      localizationId: ids.editable,
      screenshotDisplayType: set.displayType,
      screenshotIds: [],
    });
    for (const file of files) editableSet.screenshotIds.push(await addScreenshot(parts, editableSet.id, file));
  }
  // Last, so the ids of everything above stay as they were.
  seedCustomerReviews(store, live.appId, parts.now);
}
