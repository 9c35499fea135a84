import type { LoadedFiles } from "../../contracts/files.js";
import type { FieldSources } from "../../contracts/resource.js";
import { AGE_RATING_ATTRIBUTE_NAMES, type AgeRatingAttribute, type AgeRatingValue } from "../../model/age-rating.js";

/** metadata/age-rating.yml as the repository wants it: only the answers it gives. */
export interface DesiredAgeRating {
  answers: Partial<Record<AgeRatingAttribute, AgeRatingValue>>;
  sources: FieldSources;
}

/** The age rating resource's slice of the DesiredState; no file, no age rating managed. */
export interface DesiredAgeRatingSlice {
  ageRating?: DesiredAgeRating;
}

export function ageRatingDesired(files: LoadedFiles): DesiredAgeRatingSlice {
  if (!files.ageRating) return {};
  const { file, document } = files.ageRating;
  const root = document.value !== null && typeof document.value === "object" ? (document.value as Record<string, unknown>) : {};
  const answers: DesiredAgeRating["answers"] = {};
  const positions: FieldSources["positions"] = {};
  for (const name of AGE_RATING_ATTRIBUTE_NAMES) {
    const value = root[name];
    if (typeof value !== "string" && typeof value !== "boolean") continue;
    answers[name] = value;
    const location = document.locations.get(`/${name}`);
    if (location) positions[name] = location.value;
  }
  return { ageRating: { answers, sources: { file, positions } } };
}
