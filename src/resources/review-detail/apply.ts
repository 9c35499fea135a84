/**
 * ONE request per review detail: a PATCH of the attributes that differ, or a
 * POST with the version's relationship when it has none. The password is
 * read from its variable now, sent, and shown nowhere (registered with the
 * redaction, so even Apple echoing it in an error is scrubbed).
 */
import type { ApplyRun } from "../../contracts/apply-run.js";
import type { SharedLive } from "../../contracts/live-state.js";
import type { ReviewDetailChange } from "./changes.js";
import { PASSWORD_ATTRIBUTE, REVIEW_KEYS } from "./fields.js";
import type { LiveReview } from "./live.js";
import { passwordFrom } from "./secret.js";

type ReviewRun = ApplyRun<object, SharedLive & LiveReview>;

interface IdDocument {
  data: { id: string };
}

export async function applyReviewDetail(changes: readonly ReviewDetailChange[], run: ReviewRun): Promise<void> {
  for (const change of changes) {
    // "" clears a value: the spec's attributes are nullable.
    const attributes: Record<string, unknown> = Object.fromEntries(change.fields.map((field) => [field.attribute, field.after === "" ? null : field.after]));
    if (change.password) {
      const password = passwordFrom(change.password.env);
      if (password === undefined) {
        run.fail(change, new Error(`${change.password.env} is not set: the demo account password was not sent`), "sending the demo account password");
        continue;
      }
      attributes[PASSWORD_ATTRIBUTE] = password;
    }
    const names = [...change.fields.map((field) => REVIEW_KEYS[field.attribute].label), ...(change.password ? ["demo account password"] : [])];
    try {
      if (change.kind === "review-detail-create") {
        const versionId = run.live.version?.id;
        if (!versionId) throw new Error("no version to hold the App Review information");
        const body = {
          data: { type: "appStoreReviewDetails", attributes, relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: versionId } } } },
        };
        const created = await run.client.post<IdDocument>("/v1/appStoreReviewDetails", body);
        run.kept("appStoreReviewDetails.created", () => ({ id: created.data.id }));
        run.progress(`App Review information: created with ${names.join(", ")}`);
      } else {
        const id = run.live.reviewDetail!.id;
        await run.client.patch(`/v1/appStoreReviewDetails/${encodeURIComponent(id)}`, { data: { type: "appStoreReviewDetails", id, attributes } });
        run.progress(`App Review information: updated ${names.join(", ")}`);
      }
      run.record(change, "done");
    } catch (error) {
      run.fail(change, error, change.kind === "review-detail-create" ? "creating the App Review information" : "updating the App Review information");
    }
  }
}
