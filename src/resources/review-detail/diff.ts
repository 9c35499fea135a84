/**
 * App Review information: the attributes that differ, in ONE change (create
 * when the version has none). The password is compared by fingerprint: App
 * Store Connect's answer carries demoAccountPassword (the spec's schema), so a
 * password that equals the variable's is no change; one it does not return
 * counts as changed. A variable that is not set blocks the password alone.
 */
import type { SharedLive } from "../../contracts/live-state.js";
import type { BlockedChange } from "../../contracts/plan.js";
import type { DiffResult } from "../../contracts/resource.js";
import { versionStateAllows } from "../../model/version-states.js";
import type { ReviewDetailChange, ReviewFieldChange } from "./changes.js";
import type { DesiredReviewDetail } from "./desired.js";
import { PASSWORD_ATTRIBUTE, REVIEW_ATTRIBUTES } from "./fields.js";
import type { LiveReview } from "./live.js";

export const RESOURCE = "appStoreReviewDetails";

/** Where the first of `attributes` is written. */
function sourceOf(desired: DesiredReviewDetail, attributes: readonly string[]): BlockedChange["source"] {
  const position = attributes.map((attribute) => desired.sources.positions[attribute]).find((item) => item !== undefined);
  return { file: desired.sources.file, ...(position ? { line: position.line, column: position.column } : {}) };
}

export function diffReviewDetail(desired: DesiredReviewDetail | undefined, live: SharedLive & LiveReview): DiffResult<ReviewDetailChange> {
  if (!desired) return { changes: [], blocked: [] };
  const current = live.reviewDetail;
  const fields: ReviewFieldChange[] = [];
  for (const attribute of REVIEW_ATTRIBUTES) {
    const after = desired.values[attribute];
    if (after === undefined) continue;
    const before = current?.values[attribute] ?? null;
    // "" clears a value App Store Connect holds none of: no change.
    if (before === after || (after === "" && before === null)) continue;
    fields.push({ attribute, before, after });
  }
  const blocked: BlockedChange[] = [];
  let password: ReviewDetailChange["password"];
  if (desired.password) {
    const { env } = desired.password;
    if (desired.password.fingerprint === undefined)
      blocked.push({
        kind: "review-detail-update",
        resource: RESOURCE,
        locale: "",
        field: PASSWORD_ATTRIBUTE,
        reason:
          `${env} is not set: the demo account password comes from that variable (the action's demo-password input); ` +
          "set it to send the password, everything else applies without it",
        source: sourceOf(desired, [PASSWORD_ATTRIBUTE]),
      });
    else if (desired.password.fingerprint !== current?.passwordFingerprint) password = { env };
  }
  if (fields.length === 0 && !password) return { changes: [], blocked };
  const attributes = [...fields.map((field) => field.attribute), ...(password ? [PASSWORD_ATTRIBUTE] : [])];
  const source = sourceOf(desired, attributes);
  const version = live.version;
  const reason = !version
    ? "no version of the app is being prepared: App Review information belongs to a version; create one in App Store Connect"
    : !versionStateAllows(version.state).versionText
      ? `version ${version.versionString} is ${version.state}; App Review information changes with the next version`
      : undefined;
  if (reason) {
    for (const attribute of attributes)
      blocked.push({ kind: "review-detail-update", resource: RESOURCE, locale: "", field: attribute, reason, source: sourceOf(desired, [attribute]) });
    return { changes: [], blocked };
  }
  const change: ReviewDetailChange = {
    kind: current ? "review-detail-update" : "review-detail-create",
    resource: RESOURCE,
    locale: "",
    fields,
    ...(password ? { password } : {}),
    source,
  };
  return { changes: [change], blocked };
}
