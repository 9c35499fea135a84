import type { PlanChange } from "../../contracts/plan.js";
import type { ReviewAttribute, ReviewValue } from "./fields.js";

export interface ReviewFieldChange {
  attribute: ReviewAttribute;
  before: ReviewValue | null;
  after: ReviewValue;
}

/**
 * The App Review information of the managed version: created when it has
 * none, else ONE PATCH of the attributes that differ. The password is never
 * here: `password` names the variable apply sends it from.
 */
export interface ReviewDetailChange extends PlanChange {
  kind: "review-detail-create" | "review-detail-update";
  resource: "appStoreReviewDetails";
  /** App-level: no locale. */
  locale: "";
  fields: ReviewFieldChange[];
  password?: { env: string };
}
