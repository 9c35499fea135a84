import type { LoadedFiles } from "../../contracts/files.js";
import type { FieldSources } from "../../contracts/resource.js";
import { PASSWORD_POINTER, REVIEW_ATTRIBUTES, REVIEW_KEYS, type ReviewAttribute, type ReviewValue } from "./fields.js";
import { fingerprint, passwordFrom } from "./secret.js";

export interface DesiredPassword {
  /** The variable that holds it. */
  env: string;
  /** Its fingerprint (secret.ts); undefined: the variable is not set. */
  fingerprint?: string;
}

/** App Review information as the repository wants it: only the attributes it writes. */
export interface DesiredReviewDetail {
  values: Partial<Record<ReviewAttribute, ReviewValue>>;
  password?: DesiredPassword;
  /** metadata/review.yml, and where each attribute (and demoAccountPassword) is written. */
  sources: FieldSources;
}

/** The review detail resource's slice of the DesiredState: undefined without metadata/review.yml. */
export interface DesiredReview {
  reviewDetail?: DesiredReviewDetail;
}

const at = (root: unknown, pointer: string): unknown =>
  pointer
    .split("/")
    .slice(1)
    .reduce<unknown>((value, key) => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), root);

export function reviewDesired(files: LoadedFiles): DesiredReview {
  const review = files.review;
  if (!review) return {};
  const values: DesiredReviewDetail["values"] = {};
  const positions: FieldSources["positions"] = {};
  for (const attribute of REVIEW_ATTRIBUTES) {
    const { pointer } = REVIEW_KEYS[attribute];
    const value = at(review.value, pointer);
    if (typeof value !== "string" && typeof value !== "boolean") continue;
    values[attribute] = value;
    const location = review.document.locations.get(pointer);
    if (location) positions[attribute] = location.key ?? location.value;
  }
  const env = at(review.value, `${PASSWORD_POINTER}/env`);
  let password: DesiredPassword | undefined;
  if (typeof env === "string") {
    const value = passwordFrom(env);
    password = { env, ...(value === undefined ? {} : { fingerprint: fingerprint(value) }) };
    const location = review.document.locations.get(PASSWORD_POINTER);
    if (location) positions.demoAccountPassword = location.key ?? location.value;
  }
  return { reviewDetail: { values, ...(password ? { password } : {}), sources: { file: review.file, positions } } };
}
