/**
 * appStoreReviewDetails: the App Review information of the managed version
 * (metadata/review.yml), read through the engine's versions read (its
 * appStoreReviewDetail include), written with ONE PATCH, or a POST when the
 * version has none. The demo account password comes from the variable the
 * file names, at plan and apply time, and appears in no output.
 */
import type { AppStoreReviewDetail } from "../../asc/types.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";
import type { LoadedFiles } from "../../contracts/files.js";
import type { Resource } from "../../contracts/resource.js";
import { applyReviewDetail } from "./apply.js";
import type { ReviewDetailChange } from "./changes.js";
import { reviewDescribe } from "./describe.js";
import { reviewDesired, type DesiredReview } from "./desired.js";
import { diffReviewDetail } from "./diff.js";
import { toLiveReviewDetail, type LiveReview } from "./live.js";
import { reviewPull } from "./pull.js";

const RELATIONSHIP = "appStoreReviewDetail";

/** Rules beyond the schema: an attachment is refused until it is supported, a required demo account needs its name and password. */
function validateReview(files: LoadedFiles): Diagnostic[] {
  const review = files.review;
  if (!review || review.value === null || typeof review.value !== "object") return [];
  const value = review.value as { attachment?: unknown; demoAccount?: { required?: unknown; name?: unknown; password?: unknown } };
  const found: Diagnostic[] = [];
  const at = (pointer: string) => {
    const location = review.document.locations.get(pointer);
    const position = location?.key ?? location?.value;
    return { file: review.file, ...(position ? { line: position.line, column: position.column } : {}) };
  };
  if (value.attachment !== undefined)
    found.push({
      severity: "error",
      rule: "review.attachment",
      ...at("/attachment"),
      field: "attachment",
      message: "attachment is not supported yet: upload the file in App Store Connect and remove the key (asc-gitops would otherwise ignore it)",
    });
  const account = value.demoAccount;
  if (account && typeof account === "object" && account.required === true) {
    for (const key of ["name", "password"] as const)
      if (account[key] === undefined)
        found.push({
          severity: "error",
          rule: "review.demo-account",
          ...at("/demoAccount/required"),
          field: `demoAccount.${key}`,
          message:
            `demoAccount.required is true but demoAccount.${key} is missing; App Review signs in with it: ` +
            (key === "name" ? "add name: (the user name)" : "add password: { env: ASC_DEMO_PASSWORD } and set that variable"),
        });
  }
  return found;
}

export const reviewDetail: Resource<DesiredReview, LiveReview, ReviewDetailChange> = {
  name: "appStoreReviewDetails",
  kinds: { "review-detail-create": "create", "review-detail-update": "update" },
  validate: validateReview,
  desired: reviewDesired,
  locales: () => [],
  read: {
    includesOne: { versions: [RELATIONSHIP] },
    async read(client, { desired, shared }) {
      const linked = shared.managed?.relationships?.appStoreReviewDetail?.data;
      if (!linked) return { reviewDetail: null };
      const included = (shared.versions.included ?? []).find(
        (item): item is AppStoreReviewDetail => item.type === "appStoreReviewDetails" && item.id === linked.id,
      );
      // Read from the include even without the file (pull writes it); a request of its own only for a managed one Apple left out.
      if (!included && !desired.reviewDetail) return {};
      const detail = included ?? (await client.get<{ data: AppStoreReviewDetail }>(`/v1/appStoreReviewDetails/${encodeURIComponent(linked.id)}`)).data;
      return { reviewDetail: toLiveReviewDetail(detail) };
    },
  },
  diff: (desired, live) => diffReviewDetail(desired.reviewDetail, live),
  order: () => [],
  apply: (changes, run) => applyReviewDetail(changes, run),
  pull: reviewPull,
  describe: reviewDescribe,
};
