import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { deliverfileOptions } from "../../src/engine/pull/fastlane-settings.js";
import { displayTypeFor } from "../../src/engine/pull/from-fastlane.js";
import { categoryIdFrom } from "../../src/engine/pull/fastlane-app-files.js";
import { ratingConfigFrom } from "../../src/engine/pull/fastlane-age-rating.js";

describe("the fastlane import decides display types as deliver does", () => {
  test('2048x2732 is iPad Pro 12.9" 2nd generation only when the name says so, else iPad 13"', () => {
    const alias = (file: string, iMessage = false) => displayTypeFor(2048, 2732, `screenshots/en-US/${file}`, iMessage, "IOS")?.alias;
    assert.equal(alias("0_APP_IPAD_PRO_129_0.png"), "ipad-12.9");
    assert.equal(alias("iPad Pro (12.9-inch) (2nd generation)-01Home.png"), "ipad-12.9");
    assert.equal(alias("0_APP_IPAD_PRO_3GEN_129_0.png"), "ipad-13");
    assert.equal(alias("iPad Pro (12.9-inch) (3rd generation)-01Home.png"), "ipad-13");
    assert.equal(alias("home.png"), "ipad-13");
    assert.equal(alias("0_IMESSAGE_APP_IPAD_PRO_129_0.png", true), "imessage-ipad-12.9");
    assert.equal(displayTypeFor(2064, 2752, "screenshots/en-US/0_APP_IPAD_PRO_129_0.png", false, "IOS")?.alias, "ipad-13");
  });

  test("Mac, Apple TV and Vision Pro sizes are known whatever the platform; the platform's own type comes first", () => {
    assert.equal(displayTypeFor(2880, 1800, "screenshots/en-US/a.png", false, "MAC_OS")?.alias, "mac");
    assert.equal(displayTypeFor(2880, 1800, "screenshots/en-US/a.png", false, "IOS")?.alias, "mac");
    assert.equal(displayTypeFor(3840, 2160, "screenshots/en-US/a.png", false, "VISION_OS")?.alias, "vision-pro");
    assert.equal(displayTypeFor(3840, 2160, "screenshots/en-US/a.png", false, "TV_OS")?.alias, "apple-tv");
    assert.equal(displayTypeFor(800, 600, "screenshots/en-US/a.png", false, "IOS"), undefined);
  });
});

describe("Deliverfile options are listed, never dropped", () => {
  test("every deliver option set is named with where it will live; app_identifier and platform are read; no value is printed", () => {
    const text = [
      'app_identifier "com.acme.fitness"',
      'platform("osx")',
      "submit_for_review(true)",
      "automatic_release true",
      "auto_release_date 1700000000000",
      "price_tier 0",
      "app_review_information(",
      '  first_name: "Jane",',
      '  demo_password: "hunter2"',
      ")",
      "if ENV['CI']",
      "  skip_screenshots true",
      "end",
    ].join("\n");
    const options = deliverfileOptions(text, "Deliverfile");
    assert.equal(options.platform, "osx");
    assert.deepEqual(
      options.notConverted.map((line) => line.split(" (")[0]),
      ["Deliverfile auto_release_date", "Deliverfile price_tier", "Deliverfile app_review_information", "Deliverfile skip_screenshots"],
    );
    assert.doesNotMatch(options.notConverted.join("\n"), /hunter2|Jane/);
    assert.deepEqual(options.booleans, { submit_for_review: true, automatic_release: true });
  });

  test("release, submit and the rating config path are read only when written as literals; Ruby stays listed", () => {
    const literal = deliverfileOptions(
      ["automatic_release(false) # by hand", "phased_release false", 'app_rating_config_path("./fastlane/rating.json")'].join("\n"),
      "Deliverfile",
    );
    assert.deepEqual(literal.booleans, { automatic_release: false, phased_release: false });
    assert.equal(literal.ratingConfigPath, "./fastlane/rating.json");
    assert.deepEqual(literal.notConverted, []);
    const ruby = deliverfileOptions(
      ['submit_for_review ENV["SUBMIT"] == "1"', 'app_rating_config_path File.join(__dir__, "rating.json")'].join("\n"),
      "Deliverfile",
    );
    assert.deepEqual(ruby.booleans, {});
    assert.equal(ruby.ratingConfigPath, undefined);
    assert.deepEqual(
      ruby.notConverted.map((line) => line.split(" (")[0]),
      ["Deliverfile submit_for_review", "Deliverfile app_rating_config_path"],
    );
  });
});

describe("deliver's rating config JSON becomes age-rating.yml answers, as deliver maps it", () => {
  test("iTunes Connect names and 0/1/2 values, the spec's names as they are, gamblingAndContests split", () => {
    const converted = ratingConfigFrom(
      {
        CARTOON_FANTASY_VIOLENCE: 2,
        "MZGenre.HORROR": 1,
        GAMBLING: 0,
        UNRESTRICTED_WEB_ACCESS: 1,
        GAMBLING_CONTESTS: 0,
        violenceRealistic: "INFREQUENT",
        lootBox: true,
        kidsAgeBand: "SIX_TO_EIGHT",
        developerAgeRatingInfoUrl: "https://acme.example/age",
      },
      "rating.json",
    );
    assert.deepEqual(converted.answers, {
      violenceCartoonOrFantasy: "FREQUENT_OR_INTENSE",
      horrorOrFearThemes: "INFREQUENT_OR_MILD",
      gamblingSimulated: "NONE",
      unrestrictedWebAccess: true,
      gambling: false,
      contests: "NONE",
      violenceRealistic: "INFREQUENT",
      lootBox: true,
      kidsAgeBand: "SIX_TO_EIGHT",
      developerAgeRatingInfoUrl: "https://acme.example/age",
    });
    assert.deepEqual(converted.notConverted, []);
    assert.ok(converted.mapped.includes("GAMBLING → gamblingSimulated"));
  });

  test("what Apple would refuse is listed with why, never written; names from the file are escaped", () => {
    const converted = ratingConfigFrom(
      { gamblingAndContests: true, seventeenPlus: true, violenceRealistic: 3, lootBox: "yes", "evil\u001b[2J": 0, horrorOrFearTheme: "NONE" },
      "rating.json",
    );
    assert.deepEqual(converted.answers, { gambling: true });
    const lines = converted.notConverted.join("\n");
    assert.match(lines, /"gamblingAndContests" \(Apple split it into gambling and contests: gambling is true; answer contests/);
    assert.match(lines, /"seventeenPlus" \(Apple removed it; replaced by ageRatingOverride/);
    assert.match(lines, /"violenceRealistic" \("3" is no answer to violenceRealistic: it takes NONE, INFREQUENT_OR_MILD/);
    assert.match(lines, /"lootBox" \("yes" is no answer to lootBox: it takes true or false \(0 or 1\)\)/);
    assert.match(lines, /"horrorOrFearTheme" \(no such age rating question; did you mean horrorOrFearThemes\?\)/);
    assert.doesNotMatch(lines, /\u001b/);
    assert.match(ratingConfigFrom([1, 2], "rating.json").notConverted[0]!, /rating\.json \(not a JSON object/);
  });
});

describe("fastlane's category names become App Store Connect ids, as deliver maps them", () => {
  test("MZGenre names, legacy iTunes Connect names and the ids themselves", () => {
    assert.equal(categoryIdFrom("MZGenre.HealthAndFitness", false), "HEALTH_AND_FITNESS");
    assert.equal(categoryIdFrom("MZGenre.Healthcare_Fitness", false), "HEALTH_AND_FITNESS");
    assert.equal(categoryIdFrom("MZGenre.Apps.Newsstand", false), "MAGAZINES_AND_NEWSPAPERS");
    assert.equal(categoryIdFrom("Photography", false), "PHOTO_AND_VIDEO");
    assert.equal(categoryIdFrom("HEALTH_AND_FITNESS", false), "HEALTH_AND_FITNESS");
    assert.equal(categoryIdFrom("MZGenre.Arcade", true), "GAMES_CASUAL");
    assert.equal(categoryIdFrom("MZGenre.RolePlaying", true), "GAMES_ROLE_PLAYING");
    assert.equal(categoryIdFrom("MZGenre.Apps.Stickers.Emotions", true), "STICKERS_EMOJI_AND_EXPRESSIONS");
    assert.equal(categoryIdFrom("GAMES_PUZZLE", true), "GAMES_PUZZLE");
    assert.equal(categoryIdFrom("MZGenre.Dice", true), undefined, "fastlane lists Dice, App Store Connect has no such subcategory");
    assert.equal(categoryIdFrom("Fitness", false), undefined);
  });
});
