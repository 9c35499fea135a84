import type { AppStoreReviewDetail } from "../../asc/types.js";
import { REVIEW_ATTRIBUTES, type ReviewAttribute, type ReviewValue } from "./fields.js";
import { fingerprint } from "./secret.js";
import { registerSecret } from "../../asc/redact.js";

/** The managed version's App Review information as App Store Connect holds it; the password only as a fingerprint. */
export interface LiveReviewDetail {
  id: string;
  /** null: App Store Connect holds no value. */
  values: Partial<Record<ReviewAttribute, ReviewValue | null>>;
  /** null: App Store Connect returned no password. */
  passwordFingerprint: string | null;
}

/** The review detail resource's slice of the LiveState: null when the version has none (or there is no version). */
export interface LiveReview {
  reviewDetail?: LiveReviewDetail | null;
}

export function toLiveReviewDetail(detail: AppStoreReviewDetail): LiveReviewDetail {
  const attributes = detail.attributes ?? {};
  const values: LiveReviewDetail["values"] = {};
  for (const attribute of REVIEW_ATTRIBUTES) values[attribute] = attributes[attribute] ?? null;
  const password = attributes.demoAccountPassword;
  if (password) registerSecret(password);
  return { id: detail.id, values, passwordFingerprint: password ? fingerprint(password) : null };
}
