/** Deletes that take their children along, as App Store Connect's do. */
import type { Store } from "../store/store.js";
import type { AssetFiles } from "../store/assets.js";

export function deleteScreenshot(store: Store, assets: AssetFiles, id: string): void {
  const screenshot = store.tables.appScreenshots.get(id);
  if (!screenshot) return;
  const set = store.tables.appScreenshotSets.get(screenshot.setId);
  if (set) set.screenshotIds = set.screenshotIds.filter((other) => other !== id);
  store.tables.appScreenshots.delete(id);
  // The files go after the answer; an orphan left by a kill is harmless.
  void assets.remove(id).catch(() => undefined);
}

export function deleteScreenshotSet(store: Store, assets: AssetFiles, id: string): void {
  const set = store.tables.appScreenshotSets.get(id);
  if (!set) return;
  for (const screenshotId of [...set.screenshotIds]) deleteScreenshot(store, assets, screenshotId);
  store.tables.appScreenshotSets.delete(id);
}

export function deleteVersionLocalization(store: Store, assets: AssetFiles, id: string): void {
  for (const set of store.tables.appScreenshotSets.where((candidate) => candidate.localizationId === id)) deleteScreenshotSet(store, assets, set.id);
  store.tables.appStoreVersionLocalizations.delete(id);
}
