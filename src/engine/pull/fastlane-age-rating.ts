/**
 * fastlane deliver's rating config (`app_rating_config_path`, a JSON object)
 * as metadata/age-rating.yml answers, mapped as deliver maps it (spaceship's
 * age_rating_declaration.rb): the iTunes Connect names (CARTOON_FANTASY_VIOLENCE…,
 * an optional `MZGenre.` prefix) become the spec's attributes, their 0/1/2 values
 * NONE / INFREQUENT_OR_MILD / FREQUENT_OR_INTENSE (0/1 false/true for yes-no
 * questions); the spec's own names pass as they are. `gamblingAndContests` is
 * split into `gambling` and `contests` as deliver splits it; a key or value
 * App Store Connect would refuse is listed with why, never written.
 */
import { AGE_RATING_ATTRIBUTES, REMOVED_AGE_RATING_ATTRIBUTES, type AgeRatingAttribute, type AgeRatingValue } from "../../model/age-rating.js";
import { closestMatch } from "../../util/suggest.js";
import { shown } from "./listing.js";

/** spaceship's LEGACY_AGE_RATING_ITC_MAP. */
const LEGACY_KEYS: Readonly<Record<string, string>> = {
  CARTOON_FANTASY_VIOLENCE: "violenceCartoonOrFantasy",
  REALISTIC_VIOLENCE: "violenceRealistic",
  PROLONGED_GRAPHIC_SADISTIC_REALISTIC_VIOLENCE: "violenceRealisticProlongedGraphicOrSadistic",
  PROFANITY_CRUDE_HUMOR: "profanityOrCrudeHumor",
  MATURE_SUGGESTIVE: "matureOrSuggestiveThemes",
  HORROR: "horrorOrFearThemes",
  MEDICAL_TREATMENT_INFO: "medicalOrTreatmentInformation",
  ALCOHOL_TOBACCO_DRUGS: "alcoholTobaccoOrDrugUseOrReferences",
  GAMBLING: "gamblingSimulated",
  SEXUAL_CONTENT_NUDITY: "sexualContentOrNudity",
  GRAPHIC_SEXUAL_CONTENT_NUDITY: "sexualContentGraphicAndNudity",
  UNRESTRICTED_WEB_ACCESS: "unrestrictedWebAccess",
  GAMBLING_CONTESTS: "gamblingAndContests",
};

/** spaceship's LEGACY_RATING_VALUE_ITC_MAP. */
const LEGACY_GRADES: Readonly<Record<number, string>> = { 0: "NONE", 1: "INFREQUENT_OR_MILD", 2: "FREQUENT_OR_INTENSE" };

export interface RatingConfigImport {
  answers: Partial<Record<AgeRatingAttribute, AgeRatingValue>>;
  notConverted: string[];
  /** Legacy names the import mapped, for the user to see what stood for what. */
  mapped: string[];
}

function answerFor(attribute: AgeRatingAttribute, value: unknown): AgeRatingValue | undefined {
  const answer = AGE_RATING_ATTRIBUTES[attribute];
  if (answer.type === "boolean") {
    if (typeof value === "boolean") return value;
    return value === 0 ? false : value === 1 ? true : undefined;
  }
  if (answer.type === "uri") return typeof value === "string" && /^https?:\/\/\S+$/i.test(value) ? value : undefined;
  const text = typeof value === "number" ? LEGACY_GRADES[value] : value;
  return typeof text === "string" && (answer.values as readonly string[]).includes(text) ? text : undefined;
}

/** `shownName` is how the list names the file (its path as the user gave it). */
export function ratingConfigFrom(json: unknown, shownName: string): RatingConfigImport {
  const result: RatingConfigImport = { answers: {}, notConverted: [], mapped: [] };
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    result.notConverted.push(`${shownName} (not a JSON object of age rating answers, as deliver's app_rating_config_path holds)`);
    return result;
  }
  const put = (key: string, attribute: AgeRatingAttribute, value: unknown) => {
    const answer = answerFor(attribute, value);
    if (answer === undefined) {
      const accepted = AGE_RATING_ATTRIBUTES[attribute];
      const what = accepted.type === "boolean" ? "true or false (0 or 1)" : accepted.type === "uri" ? "an https URL" : accepted.values.join(", ");
      result.notConverted.push(
        `${shownName} ${shown(key)} (${shown(typeof value === "string" ? value : String(JSON.stringify(value)))} ` +
          `is no answer to ${attribute}: it takes ${what})`,
      );
    } else result.answers[attribute] = answer;
  };
  for (const [written, value] of Object.entries(json as Record<string, unknown>)) {
    const name = written.replace(/^MZGenre\./, "");
    const key = LEGACY_KEYS[name] ?? name;
    if (key !== name) result.mapped.push(`${name} → ${key}`);
    if (key === "gamblingAndContests") {
      // deliver's split: gambling takes the answer; contests is NONE for "no", and has no grade to take from a "yes".
      put(written, "gambling", value);
      if (result.answers.gambling === false) result.answers.contests = "NONE";
      else if (result.answers.gambling === true)
        result.notConverted.push(
          `${shownName} ${shown(written)} (Apple split it into gambling and contests: gambling is true; answer contests in age-rating.yml: ` +
            "NONE, INFREQUENT_OR_MILD or FREQUENT_OR_INTENSE)",
        );
      continue;
    }
    if (Object.hasOwn(AGE_RATING_ATTRIBUTES, key)) {
      put(written, key as AgeRatingAttribute, value);
      continue;
    }
    const removed = REMOVED_AGE_RATING_ATTRIBUTES[key];
    if (removed) {
      result.notConverted.push(`${shownName} ${shown(written)} (Apple removed it; replaced by ${removed}: answer that in age-rating.yml)`);
      continue;
    }
    const near = closestMatch(key, Object.keys(AGE_RATING_ATTRIBUTES));
    result.notConverted.push(`${shownName} ${shown(written)} (no such age rating question${near ? `; did you mean ${near}?` : ""})`);
  }
  return result;
}
