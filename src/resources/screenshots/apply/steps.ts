/** The single steps of a set's apply, each recording its own outcome: create the set, delete a screenshot, upload one. */
import type { AppScreenshotSetResponse, AppScreenshotSetsResponse } from "../../../asc/types.js";
import { lookThenRepeat, mayAlreadyExist } from "../../../contracts/apply-run.js";
import { localizationIds } from "../../localization-apply.js";
import type { ScreenshotDelete, ScreenshotSetCreate, ScreenshotUpload } from "../changes.js";
import type { RoomGate } from "../room.js";
import type { ScreenshotRun } from "../run.js";
import { uploadScreenshot } from "../upload.js";
import { alias, type SetWork } from "./set-work.js";

export async function createSet(run: ScreenshotRun, work: SetWork, change: ScreenshotSetCreate): Promise<string | undefined> {
  const localizationId = localizationIds(run, "appStoreVersionLocalizations").get(work.locale);
  if (!localizationId) {
    run.skip(change, `the ${work.locale} version localization does not exist (its creation failed or was blocked)`);
    return undefined;
  }
  const find = async () => {
    const sets = await run.client.getAll<AppScreenshotSetsResponse>(
      `/v1/appStoreVersionLocalizations/${encodeURIComponent(localizationId)}/appScreenshotSets`,
      {
        "filter[screenshotDisplayType]": [work.displayType],
        limit: 200,
      },
    );
    return sets.data.find((set) => set.attributes?.screenshotDisplayType === work.displayType)?.id;
  };
  const body = {
    data: {
      type: "appScreenshotSets",
      attributes: { screenshotDisplayType: work.displayType },
      relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: localizationId } } },
    },
  };
  try {
    const created = await run.client.post<AppScreenshotSetResponse>("/v1/appScreenshotSets", body);
    run.record(change, "done");
    run.progress(`${work.locale} ${alias(work.displayType)}: created the screenshot set`);
    return created.data.id;
  } catch (error) {
    if (!mayAlreadyExist(error)) {
      run.fail(change, error, "creating the screenshot set");
      return undefined;
    }
    try {
      const existing = await lookThenRepeat(error, find, async () => (await run.client.post<AppScreenshotSetResponse>("/v1/appScreenshotSets", body)).data.id);
      run.record(change, "done");
      return existing;
    } catch (second) {
      run.fail(change, second, "creating the screenshot set");
      return undefined;
    }
  }
}

export async function deleteScreenshot(run: ScreenshotRun, change: ScreenshotDelete, why: string): Promise<boolean> {
  try {
    await run.client.delete(`/v1/appScreenshots/${encodeURIComponent(change.screenshotId)}`);
    run.record(change, "done");
    run.progress(`${change.locale} ${alias(change.displayType)}: deleted ${change.fileName} (${why})`);
    return true;
  } catch (error) {
    run.fail(change, error, `deleting ${change.fileName}`);
    return false;
  }
}

const fileFor = (work: SetWork, change: ScreenshotUpload) => work.desired?.screenshots.find((shot) => shot.file === change.file);

/** Uploads one file; true once committed. A failure is recorded, and closes the room gate. */
export async function uploadInto(run: ScreenshotRun, work: SetWork, change: ScreenshotUpload, what: string, room: RoomGate): Promise<boolean> {
  run.progress(`${work.locale} ${alias(work.displayType)}: ${what}`);
  try {
    work.uploaded.set(change, await uploadScreenshot(run, work.setId!, change, fileFor(work, change)));
    room.committed();
    return true;
  } catch (error) {
    work.uploaded.delete(change);
    work.failedUploads.add(change);
    room.uploadFailed();
    run.fail(change, error, `uploading ${change.fileName}`);
    return false;
  }
}
