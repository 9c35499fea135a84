import assert from "node:assert/strict";
import { access, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { pullCommand } from "../../src/commands/pull.js";
import type { Plan } from "../../src/engine/plan/plan.js";
import { IPHONE_69, makeImage } from "../helpers/fixture-repo.js";
import { copyOfExample, ROOT, run } from "../helpers/cli.js";
import { demoIds, startTestSandbox, uploadScreenshot } from "../sandbox/helpers/sandbox.js";

async function emptyRepo(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), "asc-gitops-pull-"));
  await mkdir(path.join(folder, ".git"));
  return folder;
}

describe("asc-gitops pull from App Store Connect", () => {
  test("into an empty folder: files validate clean, plan shows 0 changes, a replaced screenshot is the only upload", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    const repo = await emptyRepo();
    try {
      const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
      const api = ["--api-url", sandbox.url];
      const pulled = await run(["pull", ...api], repo, env);
      assert.equal(pulled.code, 0, pulled.stderr);
      assert.match(pulled.stdout, /pulled 2 locale files, age-rating\.yml, review\.yml into metadata\/ and 9 screenshots into screenshots\//);
      assert.deepEqual((await readdir(path.join(repo, "metadata"))).sort(), ["age-rating.yml", "app.yml", "de-DE.yml", "en-US.yml", "review.yml"]);
      await access(path.join(repo, "screenshots", ".asc-gitops.lock"));

      const validation = await run(["validate"], repo);
      assert.equal(validation.code, 0, validation.stderr);
      assert.doesNotMatch(validation.stderr, /^[^:]+:\d+:\d+: (?!warning|notice)/m);

      const plan = await run(["plan", ...api, "--detailed-exitcode", "--today", "2026-11-24"], repo, env);
      assert.equal(plan.code, 0, plan.stdout + plan.stderr);
      assert.match(plan.stdout, /No changes: App Store Connect matches the repository\./);

      // Replace one pulled screenshot: it alone is uploaded, the others stay.
      const replaced = path.join(repo, "screenshots", "en-US", "iphone-6.9", "02-today.png");
      await writeFile(replaced, await makeImage({ ...IPHONE_69, shade: 77 }));
      const after = await run(["plan", ...api, "--json", "--today", "2026-11-24"], repo, env);
      const changes = (JSON.parse(after.stdout) as Plan).changes;
      // The new file is appended by App Store Connect, so a reorder puts it back in second place.
      assert.deepEqual(
        changes.map((change) => change.kind),
        ["screenshot-upload", "screenshot-reorder", "screenshot-delete"],
      );
      const [upload, , removal] = changes;
      assert.ok(upload?.kind === "screenshot-upload" && removal?.kind === "screenshot-delete");
      assert.deepEqual([upload.fileName, upload.position], ["02-today.png", 2]);
      assert.deepEqual([removal.reason, removal.screenshotId], ["replaced", upload.replaces]);
    } finally {
      await dispose();
      await rm(repo, { recursive: true, force: true });
    }
  });

  test("never writes into existing files without --force, and never leaves half-written files", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    const repo = await emptyRepo();
    try {
      const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
      await mkdir(path.join(repo, "metadata"));
      await writeFile(path.join(repo, "metadata", "en-US.yml"), "name: Mine\n");
      const refused = await run(["pull", "--api-url", sandbox.url], repo, env);
      assert.equal(refused.code, 1);
      // Without --force: what it would write, and nothing written.
      assert.match(refused.stderr, /pull would write:\n {2}\+ metadata\/app\.yml \(new\)\n/);
      assert.match(refused.stderr, /^ {2}~ metadata\/en-US\.yml: name, subtitle, /m);
      assert.match(refused.stderr, /✗ nothing written: metadata\/ and screenshots\/ already hold files\. Pass --force to merge these changes into them/);
      assert.equal(await readFile(path.join(repo, "metadata", "en-US.yml"), "utf8"), "name: Mine\n");
      assert.deepEqual(await readdir(path.join(repo, "metadata")), ["en-US.yml"]);

      // A download that fails part-way: nothing of the pull is left behind, the old file stays.
      let downloads = 0;
      const output = { stdout: () => {}, stderr: () => {}, color: false };
      const failing = pullCommand(
        {
          metadataDir: path.join(repo, "metadata"),
          screenshotsDir: path.join(repo, "screenshots"),
          force: true,
          connection: { sandbox: false, apiUrl: sandbox.url, env },
          download: async (url) => {
            if (++downloads === 3) throw new Error("connection reset");
            return new Uint8Array(await (await fetch(url)).arrayBuffer());
          },
        },
        output,
      );
      await assert.rejects(failing, /connection reset/);
      assert.equal(await readFile(path.join(repo, "metadata", "en-US.yml"), "utf8"), "name: Mine\n");
      await assert.rejects(access(path.join(repo, "screenshots")));
      assert.deepEqual(
        (await readdir(repo)).filter((name) => name.startsWith(".asc-gitops-pull")),
        [],
      );

      const forced = await run(["pull", "--api-url", sandbox.url, "--force"], repo, env);
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(await readFile(path.join(repo, "metadata", "en-US.yml"), "utf8"), /^name: Acme Fitness$/m);
    } finally {
      await dispose();
      await rm(repo, { recursive: true, force: true });
    }
  });
});

/** Every file under `folder` (relative path -> bytes), to compare a tree before and after. */
async function treeOf(folder: string, files = new Map<string, Buffer>(), prefix = ""): Promise<Map<string, Buffer>> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const absolute = path.join(folder, entry.name);
    if (entry.isDirectory()) await treeOf(absolute, files, `${prefix}${entry.name}/`);
    else files.set(`${prefix}${entry.name}`, await readFile(absolute));
  }
  return files;
}

const TODAY = "2026-11-28";
const LIVE_PASSWORD = "hunter2-live-only";
const BLACK_FRIDAY = "Black Friday: 50% off Acme Plus for your first year, until Monday.";

describe("asc-gitops pull --force into a repository", () => {
  test("merges live values into the base fields and keeps version, prune, comments, rotations and files it does not own", async () => {
    const { sandbox, api, dispose } = await startTestSandbox();
    const repo = await copyOfExample("asc-gitops-pull-merge-");
    try {
      const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
      const api_ = ["--api-url", sandbox.url];
      // What only the repository holds: a comment, an option-laden app.yml, notes, a locale and a set that are not live.
      const appFile = path.join(repo, "metadata", "app.yml");
      await writeFile(appFile, `# The team's app.\n${await readFile(appFile, "utf8")}`);
      const english = path.join(repo, "metadata", "en-US.yml");
      const original = (await readFile(english, "utf8"))
        .replace("name: Acme Fitness\n", "# Marketing owns this file; ask before editing.\nname: Acme Fitness\n")
        .replace("subtitle: Workouts that stick\n", "subtitle: Workouts that stick  # A/B tested in October\n");
      await writeFile(english, original);
      await writeFile(path.join(repo, "metadata", "NOTES.md"), "Launch checklist.\n");
      const before = {
        app: await readFile(appFile),
        ja: await readFile(path.join(repo, "metadata", "ja.yml")),
        germanIpad: await treeOf(path.join(repo, "screenshots", "de-DE", "ipad-13")),
      };

      // Live: the scheduled run put the Black Friday rotation in force; someone edited the subtitle and keywords in the web UI.
      const ids = await demoIds(api);
      const patch = async (type: string, id: string, attributes: Record<string, string>) =>
        assert.equal((await api.patch(`/v1/${type}/${id}`, { data: { type, id, attributes } })).status, 200);
      await patch("appStoreVersionLocalizations", ids.localizationOf(ids.editableVersionId, "en-US")!, {
        promotionalText: BLACK_FRIDAY,
        keywords: "gym,running,yoga,hiit",
      });
      await patch("appStoreVersionLocalizations", ids.localizationOf(ids.liveVersionId, "en-US")!, { promotionalText: BLACK_FRIDAY });
      await patch("appInfoLocalizations", ids.infoLocalizationOf(ids.editableInfoId, "en-US")!, { subtitle: "Train smarter, every day" });
      const detailId = (await api.get(`/v1/appStoreVersions/${ids.editableVersionId}/appStoreReviewDetail`)).body.data.id;
      const account = { demoAccountRequired: true, demoAccountName: "review@acme.example", demoAccountPassword: LIVE_PASSWORD } as never;
      await patch("appStoreReviewDetails", detailId, account);

      const pulled = await run(["pull", ...api_, "--force", "--today", TODAY], repo, env);
      assert.equal(pulled.code, 0, pulled.stderr);
      assert.match(pulled.stdout, /✓ merged App Store Connect into metadata\/ and screenshots\//);
      const ageRating = await readFile(path.join(repo, "metadata", "age-rating.yml"), "utf8");
      assert.match(ageRating, /^medicalOrTreatmentInformation: NONE$/m, "live's answer merged in place");
      assert.match(ageRating, /^healthOrWellnessTopics: true$/m, "an answer live lacks is kept");
      assert.match(ageRating, /^# The age rating questionnaire/m, "comments kept");

      // app.yml: live's categories and content rights in place; its version, prune and comment byte for byte.
      assert.equal(
        await readFile(appFile, "utf8"),
        before.app.toString("utf8").replace("secondary: LIFESTYLE", "secondary: SPORTS").replace("usesThirdPartyContent: false", "usesThirdPartyContent: true"),
      );
      // review.yml: live's notes merged in; the demo password set live is in no file, only the variable's name.
      const review = await readFile(path.join(repo, "metadata", "review.yml"), "utf8");
      assert.match(review, /^# App Review information for the version being prepared\.$/m, "comments kept");
      assert.doesNotMatch(review, /Rest days/, "live's notes");
      assert.match(review, /password: \{ env: ASC_DEMO_PASSWORD \}|password:\n {4}env: ASC_DEMO_PASSWORD/);
      for (const [name, bytes] of await treeOf(repo)) assert.ok(!bytes.includes(LIVE_PASSWORD), `the live password is in ${name}`);
      assert.match(pulled.stdout + pulled.stderr, /set ASC_DEMO_PASSWORD/);
      // Kept byte for byte: the notes, the locale and the set that are not live.
      assert.equal(await readFile(path.join(repo, "metadata", "NOTES.md"), "utf8"), "Launch checklist.\n");
      assert.deepEqual(await readFile(path.join(repo, "metadata", "ja.yml")), before.ja);
      assert.deepEqual(await treeOf(path.join(repo, "screenshots", "de-DE", "ipad-13")), before.germanIpad);

      // Live values in the base fields, in place; comments, the base promotional text and both rotations kept.
      const merged = await readFile(english, "utf8");
      assert.match(
        merged,
        /^# yaml-language-server: \$schema=\.\.\/schema\/locale\.schema\.json\n# Marketing owns this file; ask before editing\.\nname: Acme Fitness\n/,
      );
      assert.match(merged, /^subtitle: Train smarter, every day {2}# A\/B tested in October$/m);
      assert.match(merged, /^keywords: \[gym, running, yoga, hiit\]$/m);
      assert.match(merged, /^promotionalText: New in 2\.4 — plans that adapt when you miss a day\.$/m);
      assert.ok(merged.endsWith(original.slice(original.indexOf("marketingUrl:"))), merged);
      assert.match(merged, /^ {2}• 300\+ guided sessions, from 7-minute mobility to 60-minute strength$/m, "the description is live's");

      // Right after: plan shows only what the repository genuinely holds beyond live.
      const plan = await run(["plan", ...api_, "--json", "--today", TODAY], repo, env);
      assert.equal(plan.code, 0, plan.stderr);
      const changes = (JSON.parse(plan.stdout) as Plan).changes.map((change) => `${change.kind} ${change.locale}`);
      assert.deepEqual(
        changes.filter((change) => change.endsWith(" en-US")),
        [],
      );
      // The age rating: live's answers merged in, and the one live has not answered (healthOrWellnessTopics) kept from the repository.
      // app.yml's categories and content rights and review.yml are live's now: none of them differs.
      assert.deepEqual([...new Set(changes)].sort(), [
        "age-rating-update app",
        // pull leaves the version's build and release settings to the repository: the demo's newest build, release after approval
        // and phased release still differ.
        "app-version-update app",
        "field-update de-DE",
        "localization-create ja",
        "phased-release-create app",
        "screenshot-set-create de-DE",
        "screenshot-upload de-DE",
      ]);
    } finally {
      await dispose();
      await rm(repo, { recursive: true, force: true });
    }
  });
});

describe("asc-gitops pull and screenshots still processing", () => {
  test("a set with an image Apple has not processed yet keeps its folder as it was (it would tell apply to delete it), and pull exits 1", async () => {
    const { sandbox, api, dispose } = await startTestSandbox({ processingMs: 600_000 });
    const repo = await copyOfExample("asc-gitops-pull-processing-");
    try {
      const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
      const ids = await demoIds(api);
      const sets = await api.get(`/v1/appStoreVersionLocalizations/${ids.localizationOf(ids.editableVersionId, "en-US")}/appScreenshotSets`);
      const iphone = sets.body.data.find((set: any) => set.attributes.screenshotDisplayType === "APP_IPHONE_67");
      await uploadScreenshot(api, iphone.id, "04-new.png", await makeImage({ ...IPHONE_69, shade: 31 }));
      const folder = path.join(repo, "screenshots", "en-US", "iphone-6.9");
      const before = await treeOf(folder);

      const pulled = await run(["pull", "--api-url", sandbox.url, "--force"], repo, env);
      assert.equal(pulled.code, 1, pulled.stdout + pulled.stderr);
      assert.match(pulled.stderr, /skipped en-US iphone-6\.9 "04-new\.png": still UPLOAD_COMPLETE; the set's folder is left as it was/);
      assert.deepEqual(await treeOf(folder), before);
      // The rest of the pull went ahead.
      assert.match(pulled.stderr, /~ screenshots\/en-US\/ipad-13\/: 1 new image, 2 kept/);
    } finally {
      await dispose();
      await rm(repo, { recursive: true, force: true });
    }
  });
});

describe("asc-gitops pull takes Apple's answers as untrusted", () => {
  // Apple's answers name files: a locale or a display type that is not a known code must never become a path.
  const cases: { what: string; edit(state: any): void; message: RegExp }[] = [
    {
      what: "a localization whose locale is ../../x",
      edit: (state) => {
        for (const item of [...state.appInfoLocalizations, ...state.appStoreVersionLocalizations]) if (item.locale === "de-DE") item.locale = "../../x";
      },
      message: new RegExp(
        /✗ App Store Connect answered an app info localization with the locale "\.\.\/\.\.\/x", which is not an App Store locale code; /.source +
          /file names come from locale codes, so pull stopped before writing anything/.source,
      ),
    },
    {
      what: "a screenshot set whose display type is ../../y",
      edit: (state) => {
        state.appScreenshotSets[0].screenshotDisplayType = "../../y";
      },
      message: new RegExp(
        /✗ App Store Connect answered a (en-US|de-DE) screenshot set with the display type "\.\.\/\.\.\/y", which asc-gitops does not know; /.source +
          /folder names come from display types, so pull stopped before writing anything/.source,
      ),
    },
  ];
  for (const { what, edit, message } of cases) {
    test(`${what}: pull exits 1 with a clear message and writes nothing, inside or outside`, async () => {
      const home = await mkdtemp(path.join(tmpdir(), "asc-gitops-pull-untrusted-"));
      const first = await startTestSandbox({}, path.join(home, "sandbox"));
      await first.dispose();
      const statePath = path.join(home, "sandbox", "state.json");
      const state = JSON.parse(await readFile(statePath, "utf8"));
      edit(state);
      await writeFile(statePath, JSON.stringify(state));
      const { sandbox, dispose } = await startTestSandbox({}, path.join(home, "sandbox"));
      const work = path.join(home, "work");
      const repo = path.join(work, "a", "b", "repo");
      try {
        await mkdir(path.join(repo, ".git"), { recursive: true });
        const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
        const fresh = await run(["pull", "--api-url", sandbox.url], repo, env);
        assert.equal(fresh.code, 1, fresh.stdout + fresh.stderr);
        assert.match(fresh.stderr, message);
        assert.deepEqual([...(await treeOf(work)).keys()], []);

        // Into a repository, with --force: nothing changes either.
        await mkdir(path.join(repo, "metadata"));
        await writeFile(path.join(repo, "metadata", "en-US.yml"), "name: Mine\n");
        const forced = await run(["pull", "--api-url", sandbox.url, "--force"], repo, env);
        assert.equal(forced.code, 1, forced.stdout + forced.stderr);
        assert.match(forced.stderr, message);
        assert.deepEqual([...(await treeOf(work)).entries()], [["a/b/repo/metadata/en-US.yml", Buffer.from("name: Mine\n")]]);
      } finally {
        await dispose();
        await rm(home, { recursive: true, force: true });
      }
    });
  }
});

describe("asc-gitops pull reads the repository's files as validation does", () => {
  test("an app.yml that links outside is never read (its bundle id chooses no app), and a locale file over the metadata cap stops the pull", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    const home = await mkdtemp(path.join(tmpdir(), "asc-gitops-pull-reads-"));
    const repo = path.join(home, "repo");
    try {
      const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
      await mkdir(path.join(repo, ".git"), { recursive: true });
      await mkdir(path.join(repo, "metadata"));
      await writeFile(path.join(home, "outside.yml"), "app: { bundleId: com.outside.secret, platform: IOS }\n");
      await symlink(path.join(home, "outside.yml"), path.join(repo, "metadata", "app.yml"));
      const linked = await run(["pull", "--api-url", sandbox.url, "--force"], repo, env);
      assert.equal(linked.code, 1, linked.stdout + linked.stderr);
      assert.match(linked.stderr, /✗ metadata\/app\.yml is a symbolic link; pull replaces files and never writes through links/);
      assert.doesNotMatch(linked.stdout + linked.stderr, /com\.outside\.secret/);

      await rm(path.join(repo, "metadata", "app.yml"));
      await writeFile(path.join(repo, "metadata", "en-US.yml"), `name: Acme\ndescription: "${"x".repeat(300 * 1024)}"\n`);
      const large = await run(["pull", "--api-url", sandbox.url, "--force"], repo, env);
      assert.equal(large.code, 1, large.stdout + large.stderr);
      assert.match(
        large.stderr,
        /✗ metadata\/en-US\.yml is 301 KB; a metadata file may be at most 256 KB; pull merges into this file: shorten it, then pull again/,
      );
    } finally {
      await dispose();
      await rm(home, { recursive: true, force: true });
    }
  });
});

const FASTLANE = path.join(ROOT, "test", "fixtures", "fastlane");

describe("asc-gitops pull never writes through a link", () => {
  test("a locale file or a screenshots folder that links outside the repository stops the pull; what it points at is untouched", async () => {
    const { sandbox, dispose } = await startTestSandbox();
    const home = await mkdtemp(path.join(tmpdir(), "asc-gitops-pull-links-"));
    const repo = path.join(home, "repo");
    try {
      const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
      await mkdir(path.join(repo, ".git"), { recursive: true });
      await mkdir(path.join(repo, "metadata"));
      await writeFile(path.join(home, "outside.yml"), "name: Outside\n");
      await symlink(path.join(home, "outside.yml"), path.join(repo, "metadata", "en-US.yml"));
      const linkedFile = await run(["pull", "--api-url", sandbox.url, "--force"], repo, env);
      assert.equal(linkedFile.code, 1, linkedFile.stdout + linkedFile.stderr);
      assert.match(linkedFile.stderr, /✗ metadata\/en-US\.yml is a symbolic link; pull replaces files and never writes through links/);
      assert.equal(await readFile(path.join(home, "outside.yml"), "utf8"), "name: Outside\n");

      await rm(path.join(repo, "metadata", "en-US.yml"));
      await mkdir(path.join(home, "elsewhere"));
      await mkdir(path.join(repo, "screenshots"));
      await symlink(path.join(home, "elsewhere"), path.join(repo, "screenshots", "en-US"));
      const linkedFolder = await run(["pull", "--api-url", sandbox.url, "--force"], repo, env);
      assert.equal(linkedFolder.code, 1, linkedFolder.stdout + linkedFolder.stderr);
      assert.match(
        linkedFolder.stderr,
        /✗ screenshots\/en-US\/(iphone-6\.9|ipad-13) resolves outside screenshots\/ \(a symbolic link on the way\?\); pull stopped before writing anything/,
      );
      assert.deepEqual(await readdir(path.join(home, "elsewhere")), []);
      assert.deepEqual(await readdir(path.join(repo, "metadata")), []);
    } finally {
      await dispose();
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe("asc-gitops pull --from-fastlane", () => {
  test("converts a fastlane deliver folder into files that validate clean, and lists what it could not convert", async () => {
    const repo = await emptyRepo();
    try {
      const converted = await run(["pull", "--from-fastlane", FASTLANE], repo);
      assert.equal(converted.code, 0, converted.stderr);
      assert.match(converted.stdout, /converted 2 locales and 5 screenshots from .* into metadata\/ and screenshots\//);
      for (const expected of [
        // A subcategory of another category, and a file deliver does not know in review_information/.
        "metadata/primary_first_sub_category.txt (GAMES_PUZZLE is not a subcategory of HEALTH_AND_FITNESS)",
        "metadata/review_information/nickname.txt (no such App Review field)",
        "metadata/default/",
        "metadata/en-US/apple_watch_sale.txt",
        "screenshots/en-US/banner.png (800x600",
        // Deliverfile options, each with where it will live.
        // The rating config the Deliverfile names: a removed question with what replaced it, a value and a name Apple would refuse.
        'fastlane/rating_config.json "seventeenPlus" (Apple removed it; replaced by ageRatingOverride',
        'fastlane/rating_config.json "ALCOHOL_TOBACCO_DRUGS" ("3" is no answer to alcoholTobaccoOrDrugUseOrReferences',
        'fastlane/rating_config.json "violenceRelaistic" (no such age rating question; did you mean violenceRealistic?)',
        "Deliverfile price_tier (prices are not managed by asc-gitops: set them in App Store Connect)",
        "Deliverfile app_review_information (App Review information is metadata/review.yml",
        // deliver uploads frameit's framed images where there are any: so does the import, and it says which raw ones it left.
        "screenshots/de-DE/1_iphone67_1.png (a raw screenshot beside framed ones: deliver uploads the framed ones, and so does this import)",
        // A Mac size is known, but not for an iOS app.
        "screenshots/en-US/mac_0.png (2880x1800 is the size of Mac screenshots (mac); this import is for IOS: import with --platform MAC_OS for that app)",
      ])
        assert.ok(converted.stderr.includes(`not converted: ${expected}`), `reports ${expected}:\n${converted.stderr}`);
      assert.doesNotMatch(
        converted.stderr,
        /Deliverfile (app_identifier|submit_for_review|automatic_release|phased_release|app_rating_config_path)|DEMO_PASSWORD"/,
      );
      assert.match(
        converted.stderr,
        /note: fastlane\/rating_config\.json: fastlane's old names mapped as deliver maps them \(CARTOON_FANTASY_VIOLENCE → violenceCartoonOrFantasy/,
      );
      assert.doesNotMatch(converted.stderr, /not converted: metadata\/(copyright|secondary_category|primary_category)\.txt/);
      assert.match(converted.stderr, /demo_password\.txt is not copied: review\.yml names ASC_DEMO_PASSWORD; set ASC_DEMO_PASSWORD/);

      const validation = await run(["validate"], repo);
      assert.equal(validation.code, 0, validation.stderr + validation.stdout);
      const app = await readFile(path.join(repo, "metadata", "app.yml"), "utf8");
      assert.match(app, /bundleId: com\.acme\.fitness/);
      // The Deliverfile's automatic_release true, phased_release(true) and submit_for_review(true) come after the app-level files.
      assert.match(
        app,
        new RegExp(
          "\\ncopyright: 2026 Acme Inc\\.\\ncategories:\\n {2}primary: HEALTH_AND_FITNESS\\n {2}secondary: LIFESTYLE\\n" +
            "release:\\n {2}type: after-approval\\n {2}phased: true\\nsubmit: true\\n$",
        ),
      );
      // The rating config: old names and 0/1/2 as deliver maps them, gamblingAndContests split, the spec's names as they are.
      const ageRating = await readFile(path.join(repo, "metadata", "age-rating.yml"), "utf8");
      assert.equal(
        ageRating
          .split("\n")
          .filter((line) => line && !line.startsWith("#"))
          .join("\n"),
        [
          "contests: NONE",
          "gambling: false",
          "healthOrWellnessTopics: true",
          "lootBox: false",
          "matureOrSuggestiveThemes: NONE",
          "medicalOrTreatmentInformation: INFREQUENT_OR_MILD",
          "profanityOrCrudeHumor: NONE",
          "unrestrictedWebAccess: true",
          "violenceCartoonOrFantasy: INFREQUENT_OR_MILD",
          "violenceRealistic: NONE",
          "ageRatingOverrideV2: NONE",
        ].join("\n"),
      );
      const review = await readFile(path.join(repo, "metadata", "review.yml"), "utf8");
      assert.match(
        review,
        /^contact:\n {2}firstName: Jane\n {2}lastName: Appleseed\n {2}email: app-review@acme\.example\n {2}phone: \+1 408 555 0123\nnotes: /m,
      );
      assert.match(review, /^demoAccount:\n {2}name: review@acme\.example\n {2}password:\n {4}env: ASC_DEMO_PASSWORD\n {2}required: true\n/m);
      // The fastlane folder's password is in no file of the repository.
      for (const [name, bytes] of await treeOf(repo)) assert.ok(!bytes.includes("fixture-demo-secret-42"), `the demo password is in ${name}`);
      const english = await readFile(path.join(repo, "metadata", "en-US.yml"), "utf8");
      assert.match(english, /^whatsNew: \|-\n {2}• Faster sync with Apple Health\.\n {2}• Bug fixes\.$/m);
      assert.match(english, /^keywords: \[gym, exercise, running, yoga, cardio, weight loss, home workout, strength training, personal trainer, habit\]$/m);
      // iPad Pro 12.9" 2nd generation (named so) and iPad 13" are two sets, as deliver makes them.
      assert.deepEqual((await readdir(path.join(repo, "screenshots", "en-US"))).sort(), ["ipad-12.9", "ipad-13", "iphone-6.9"]);
      assert.deepEqual(await readdir(path.join(repo, "screenshots", "en-US", "ipad-12.9")), ["01-APP_IPAD_PRO_129_0.png"]);
      assert.deepEqual(await readdir(path.join(repo, "screenshots", "en-US", "ipad-13")), ["01-APP_IPAD_PRO_3GEN_129_0.png"]);
      assert.deepEqual(await readdir(path.join(repo, "screenshots", "en-US", "iphone-6.9")), ["01-APP_IPHONE_67_0.png", "02-APP_IPHONE_67_1.png"]);
      assert.deepEqual(await readdir(path.join(repo, "screenshots", "de-DE", "iphone-6.9")), ["01-iphone67_1_framed.png"]);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });

  test("a Mac app's 2880x1800 screenshots land in mac/ with --platform MAC_OS", async () => {
    const repo = await emptyRepo();
    try {
      const converted = await run(["pull", "--from-fastlane", FASTLANE, "--platform", "MAC_OS"], repo);
      assert.equal(converted.code, 0, converted.stderr);
      assert.deepEqual(await readdir(path.join(repo, "screenshots", "en-US")), ["mac"]);
      assert.deepEqual(await readdir(path.join(repo, "screenshots", "en-US", "mac")), ["01-mac_0.png"]);
      assert.match(await readFile(path.join(repo, "metadata", "app.yml"), "utf8"), /platform: MAC_OS/);
      assert.ok(
        converted.stderr.includes(
          'not converted: screenshots/en-US/0_APP_IPHONE_67_0.png (1290x2796 is the size of iPhone 6.9" screenshots (iphone-6.9); this import is for MAC_OS',
        ),
      );
      const validation = await run(["validate"], repo);
      assert.equal(validation.code, 0, validation.stderr + validation.stdout);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });

  test('a Deliverfile\'s platform("osx") makes the import a Mac one', async () => {
    const repo = await emptyRepo();
    const fastlane = await mkdtemp(path.join(tmpdir(), "asc-gitops-fastlane-"));
    try {
      await cp(FASTLANE, fastlane, { recursive: true });
      await writeFile(path.join(fastlane, "Deliverfile"), 'app_identifier("com.acme.fitness")\nplatform("osx")\n');
      const converted = await run(["pull", "--from-fastlane", fastlane], repo);
      assert.equal(converted.code, 0, converted.stderr);
      assert.deepEqual(await readdir(path.join(repo, "screenshots", "en-US", "mac")), ["01-mac_0.png"]);
      assert.match(await readFile(path.join(repo, "metadata", "app.yml"), "utf8"), /platform: MAC_OS/);
    } finally {
      await rm(repo, { recursive: true, force: true });
      await rm(fastlane, { recursive: true, force: true });
    }
  });

  test("--rating-config names the rating config; app.yml's own release and submit answers are kept, and the import says so", async () => {
    const repo = await emptyRepo();
    const fastlane = await mkdtemp(path.join(tmpdir(), "asc-gitops-fastlane-"));
    try {
      await cp(FASTLANE, fastlane, { recursive: true });
      await writeFile(path.join(fastlane, "Deliverfile"), "automatic_release true\nphased_release true\nsubmit_for_review true\n");
      await writeFile(path.join(fastlane, "answers.json"), '{ "HORROR": 2, "gambling": true }\n');
      await mkdir(path.join(repo, "metadata"));
      const mine = "# ours\napp:\n  bundleId: com.acme.fitness\n  platform: IOS\nrelease:\n  type: manual # we press the button\nsubmit: false\n";
      await writeFile(path.join(repo, "metadata", "app.yml"), mine);
      const converted = await run(["pull", "--from-fastlane", fastlane, "--rating-config", path.join(fastlane, "answers.json"), "--force"], repo);
      assert.equal(converted.code, 0, converted.stderr);
      assert.match(converted.stderr, /note: metadata\/app\.yml release\.type is kept as written: the imported value was not written over it/);
      assert.match(converted.stderr, /note: metadata\/app\.yml submit is kept as written/);
      const app = await readFile(path.join(repo, "metadata", "app.yml"), "utf8");
      // Only what app.yml lacked is added (phased, then the copyright and categories after the file's keys).
      assert.ok(app.startsWith(mine.replace("# we press the button\n", "# we press the button\n  phased: true\n")), app);
      const ageRating = await readFile(path.join(repo, "metadata", "age-rating.yml"), "utf8");
      assert.match(ageRating, /^gambling: true\nhorrorOrFearThemes: FREQUENT_OR_INTENSE\n$/m);

      const missing = await run(["pull", "--from-fastlane", fastlane, "--rating-config", "nowhere.json", "--force"], repo);
      assert.equal(missing.code, 1, missing.stdout);
      assert.match(missing.stderr, /✗ --rating-config nowhere\.json: no such file\. Nothing was written/);
      const alone = await run(["pull", "--rating-config", "answers.json"], repo);
      assert.equal(alone.code, 1, alone.stderr);
      assert.match(alone.stderr, /--rating-config goes with --from-fastlane DIR/);
    } finally {
      await rm(repo, { recursive: true, force: true });
      await rm(fastlane, { recursive: true, force: true });
    }
  });

  test("a rating config the Deliverfile names outside its project, or one not there, is listed and not read; a broken one stops the import", async () => {
    const repo = await emptyRepo();
    const home = await mkdtemp(path.join(tmpdir(), "asc-gitops-fastlane-"));
    const fastlane = path.join(home, "project", "fastlane");
    try {
      await cp(FASTLANE, fastlane, { recursive: true });
      await writeFile(path.join(home, "outside.json"), '{ "lootBox": true }\n');
      await writeFile(path.join(fastlane, "Deliverfile"), 'app_identifier("com.acme.fitness")\napp_rating_config_path "../outside.json"\n');
      const outside = await run(["pull", "--from-fastlane", fastlane], repo);
      assert.equal(outside.code, 0, outside.stderr);
      assert.match(
        outside.stderr,
        /not converted: Deliverfile app_rating_config_path \(\.\.\/outside\.json was not found inside the project or beside the Deliverfile/,
      );
      await assert.rejects(readFile(path.join(repo, "metadata", "age-rating.yml")));

      await writeFile(path.join(fastlane, "rating.json"), '{ "lootBox": tru }\n');
      await writeFile(path.join(fastlane, "Deliverfile"), 'app_rating_config_path("fastlane/rating.json")\n');
      const broken = await run(["pull", "--from-fastlane", fastlane, "--force"], repo);
      assert.equal(broken.code, 1, broken.stdout);
      assert.match(broken.stderr, /✗ fastlane\/rating\.json is not JSON \(.*\): fix it, or leave the age rating out of the import\. Nothing was written/);
    } finally {
      await rm(repo, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    }
  });

  test("a text file that is not UTF-8 (Latin-1) is refused by name, and nothing is written", async () => {
    const repo = await emptyRepo();
    const fastlane = await mkdtemp(path.join(tmpdir(), "asc-gitops-fastlane-"));
    try {
      await cp(FASTLANE, fastlane, { recursive: true });
      // "Übungen für zu Hause" in Latin-1: Ü and ü are single bytes no UTF-8 text holds.
      await writeFile(path.join(fastlane, "metadata", "de-DE", "description.txt"), Buffer.from("Trainingsplan\n\xdcbungen f\xfcr zu Hause\n", "latin1"));
      const converted = await run(["pull", "--from-fastlane", fastlane], repo);
      assert.equal(converted.code, 1, converted.stdout);
      assert.match(
        converted.stderr,
        new RegExp(
          /✗ not UTF-8 text: metadata\/de-DE\/description\.txt \(line 2\)\. /.source +
            /fastlane deliver reads UTF-8 .*iconv -f WINDOWS-1252 -t UTF-8 .* Nothing was written/.source,
        ),
      );
      assert.deepEqual(await readdir(repo), [".git"]);
    } finally {
      await rm(repo, { recursive: true, force: true });
      await rm(fastlane, { recursive: true, force: true });
    }
  });
});
