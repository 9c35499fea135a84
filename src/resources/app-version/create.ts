/**
 * Creating the version app.yml names (POST /v1/appStoreVersions: platform,
 * versionString, the app), then waiting until the app's versions list shows
 * it: App Store Connect may not list a new version for a while (fastlane's
 * version_check_wait_retry_limit). A create answered 409 or lost is looked for
 * first (lookThenRepeat): one editable version per platform means a second
 * create is refused with Apple's two-error 409.
 */
import type { AppStoreVersionsResponse } from "../../asc/types.js";
import { lookThenRepeat, mayAlreadyExist, type ApplyRun } from "../../contracts/apply-run.js";
import type { SharedLive } from "../../contracts/live-state.js";
import type { AppVersionChange } from "./changes.js";

/** How long apply waits for a new version to be listed, at most. */
export const VERSION_VISIBLE_WAIT_MS = 60_000;

export async function createVersion(change: AppVersionChange, run: ApplyRun<object, SharedLive>): Promise<boolean> {
  const { app } = run.live;
  const appPath = `/v1/apps/${encodeURIComponent(app.id)}`;
  const look = async () => {
    const found = await run.client.getAll<AppStoreVersionsResponse>(`${appPath}/appStoreVersions`, {
      "filter[platform]": app.platform,
      "filter[versionString]": change.after,
      limit: 200,
    });
    return found.data[0];
  };
  const send = async () =>
    (
      await run.client.post<{ data: { id: string } }>("/v1/appStoreVersions", {
        data: {
          type: "appStoreVersions",
          attributes: { platform: app.platform, versionString: change.after },
          relationships: { app: { data: { type: "apps", id: app.id } } },
        },
      })
    ).data;
  try {
    try {
      await send();
    } catch (error) {
      if (!mayAlreadyExist(error)) throw error;
      await lookThenRepeat(error, look, send);
    }
  } catch (error) {
    run.fail(change, error, `creating version ${change.after}`);
    return false;
  }
  // Listed at last, or a clear failure: the rest must never be written to the version it was copied from.
  const started = Date.now();
  for (let wait = 500; !(await look()); wait = Math.min(wait * 2, 8000)) {
    if (Date.now() - started >= VERSION_VISIBLE_WAIT_MS) {
      run.fail(
        change,
        new Error(`version ${change.after} was created but App Store Connect did not list it within ${VERSION_VISIBLE_WAIT_MS / 1000} s; run apply again`),
        "waiting for the new version",
      );
      return false;
    }
    await run.options.sleep(wait);
  }
  run.record(change, "done");
  run.progress(`app: created version ${change.after}`);
  return true;
}
