/**
 * Submitting and releasing, once every other change of the run is applied
 * (the registry's `last`): nothing is submitted when any of them failed.
 *
 *   submit:  POST /v1/reviewSubmissions (or the open one the plan found)
 *            POST /v1/reviewSubmissionItems (the version; retried while a cancelled submission still holds it)
 *            PATCH /v1/reviewSubmissions/{id} submitted: true
 *   release: POST /v1/appStoreVersionReleaseRequests
 *
 * Apple's refusal of a version App Review cannot take (STATE_ERROR.ENTITY_STATE_INVALID)
 * lists its reasons in `meta.associatedErrors`, keyed by resource path: each is shown with the file to fix.
 */
import type { ReviewSubmissionsResponse } from "../../asc/types.js";
import { AscApiError } from "../../asc/errors.js";
import { oneLine } from "../../asc/redact.js";
import { lookThenRepeat, mayAlreadyExist, type ApplyRun } from "../../contracts/apply-run.js";
import { escapeControls } from "../../util/control-characters.js";
import { plural } from "../../util/plural.js";
import type { ReleaseChange, SubmissionChange, SubmitChange } from "./changes.js";
import { OPEN_STATES } from "./live.js";
import type { PreflightDesired, PreflightLive } from "./preflight.js";

type Run = ApplyRun<PreflightDesired, PreflightLive>;

/** Waits between tries to add a version a cancelled submission still holds (Apple detaches it within a minute or so) [unconfirmed]: 30 s in all. */
export const HELD_VERSION_RETRY_MS: readonly number[] = [2_000, 4_000, 8_000, 16_000];

const shown = (text: string) => escapeControls(oneLine(text, 240));

/** The file a resource path of associatedErrors is fixed in. */
function fileFor(resourcePath: string, run: Run): string {
  const { desired, live } = run;
  const app = desired.submission?.sources.file ?? "metadata/app.yml";
  const metadataDir = app.includes("/") ? app.slice(0, app.lastIndexOf("/")) : ".";
  const [, , type, id] = resourcePath.split("/");
  const localeFile = (locale: string | undefined) =>
    locale
      ? ([...(desired.versionLocalizations ?? []), ...(desired.appInfoLocalizations ?? [])].find((item) => item.locale === locale)?.sources.file ??
        `${metadataDir}/${locale}.yml`)
      : app;
  if (type === "ageRatingDeclarations") return desired.ageRating?.sources.file ?? `${metadataDir}/age-rating.yml`;
  if (type === "appStoreVersionLocalizations") return localeFile(live.versionLocalizations?.find((item) => item.id === id)?.locale);
  if (type === "appInfoLocalizations") return localeFile(live.appInfoLocalizations?.find((item) => item.id === id)?.locale);
  if (type === "appScreenshotSets") return desired.submission?.screenshotsDir ?? "screenshots";
  return app;
}

/** Apple's associatedErrors as lines that name the file to fix. */
export function associatedLines(error: unknown, run: Run): string[] {
  if (!(error instanceof AscApiError)) return [];
  const lines: string[] = [];
  for (const item of error.errors) {
    const associated = item.meta?.associatedErrors as Record<string, Array<{ code?: string; detail?: string; title?: string }>> | undefined;
    for (const [resourcePath, subs] of Object.entries(associated ?? {}))
      for (const sub of Array.isArray(subs) ? subs : [])
        lines.push(
          `  ${fileFor(resourcePath, run)}: ${shown(`${sub.code ?? ""}${sub.code ? ": " : ""}${sub.detail ?? sub.title ?? ""}`)} (${shown(resourcePath)})`,
        );
  }
  return lines;
}

const detailOf = (error: unknown) => (error instanceof AscApiError ? error.errors.map((item) => item.detail ?? "").join(" ") : "");

async function openSubmissions(run: Run): Promise<ReviewSubmissionsResponse> {
  return run.client.getAll<ReviewSubmissionsResponse>("/v1/reviewSubmissions", {
    "filter[app]": run.live.app.id,
    "filter[platform]": run.live.app.platform,
    "filter[state]": [...OPEN_STATES],
    include: ["items"],
    "limit[items]": 50,
    limit: 200,
  });
}

async function createSubmission(run: Run): Promise<string> {
  const body = {
    data: {
      type: "reviewSubmissions",
      attributes: { platform: run.live.app.platform },
      relationships: { app: { data: { type: "apps", id: run.live.app.id } } },
    },
  };
  const send = async () => (await run.client.post<{ data: { id: string } }>("/v1/reviewSubmissions", body)).data.id;
  try {
    return await send();
  } catch (error) {
    if (!mayAlreadyExist(error)) throw error;
    // A create whose answer was lost may have opened one: an empty open submission is this run's.
    return lookThenRepeat(
      error,
      async () => {
        const found = await openSubmissions(run);
        return found.data.find((submission) => submission.attributes?.state === "READY_FOR_REVIEW" && !submission.relationships?.items?.data?.length)?.id;
      },
      send,
    );
  }
}

async function addVersion(run: Run, submissionId: string, change: SubmitChange): Promise<void> {
  const body = {
    data: {
      type: "reviewSubmissionItems",
      relationships: {
        reviewSubmission: { data: { type: "reviewSubmissions", id: submissionId } },
        appStoreVersion: { data: { type: "appStoreVersions", id: change.versionId } },
      },
    },
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await run.client.post("/v1/reviewSubmissionItems", body);
      return;
    } catch (error) {
      const held = error instanceof AscApiError && error.status === 409 && /already added to another reviewSubmission/i.test(detailOf(error));
      const wait = HELD_VERSION_RETRY_MS[attempt];
      if (!held || wait === undefined) throw error;
      run.progress(`  App Store Connect still holds ${change.versionString} in a cancelled submission; adding it again in ${wait / 1000} s`);
      await run.options.sleep(wait);
    }
  }
}

async function submit(run: Run, change: SubmitChange): Promise<void> {
  const what = `submitting ${change.versionString} for review`;
  try {
    const id = change.reuse?.id ?? (await createSubmission(run));
    if (!change.reuse?.holdsVersion) await addVersion(run, id, change);
    await run.client.patch(`/v1/reviewSubmissions/${encodeURIComponent(id)}`, { data: { type: "reviewSubmissions", id, attributes: { submitted: true } } });
    run.record(change, "done");
    run.progress(`✓ app: submitted ${change.versionString} for review (review submission ${id})`);
  } catch (error) {
    run.fail(change, error, what);
    for (const line of associatedLines(error, run)) run.progress(line);
  }
}

async function release(run: Run, change: ReleaseChange): Promise<void> {
  try {
    await run.client.post("/v1/appStoreVersionReleaseRequests", {
      data: { type: "appStoreVersionReleaseRequests", relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: change.versionId } } } },
    });
    run.record(change, "done");
    run.progress(`✓ app: released ${change.versionString}`);
  } catch (error) {
    run.fail(change, error, `releasing ${change.versionString}`);
  }
}

export async function applySubmission(changes: readonly SubmissionChange[], run: Run): Promise<void> {
  const unfinished = run.steps.filter((step) => step.status !== "done").length;
  for (const change of changes) {
    if (change.kind === "release") await release(run, change);
    else if (unfinished > 0 || run.unreachable) {
      const reason = `not submitted: ${plural(unfinished, "other change", "other changes")} did not apply; fix them and apply again`;
      run.skip(change, run.unreachable ? "not submitted: App Store Connect could not be reached" : reason);
      run.progress(`✗ app: ${change.versionString} ${run.unreachable ? "not submitted: App Store Connect could not be reached" : reason}`);
    } else await submit(run, change);
  }
}
