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

export function deletePreview(store: Store, assets: AssetFiles, id: string): void {
  const preview = store.tables.appPreviews.get(id);
  if (!preview) return;
  const set = store.tables.appPreviewSets.get(preview.setId);
  if (set) set.previewIds = set.previewIds.filter((other) => other !== id);
  store.tables.appPreviews.delete(id);
  void assets.remove(id).catch(() => undefined);
}

export function deletePreviewSet(store: Store, assets: AssetFiles, id: string): void {
  const set = store.tables.appPreviewSets.get(id);
  if (!set) return;
  for (const previewId of [...set.previewIds]) deletePreview(store, assets, previewId);
  store.tables.appPreviewSets.delete(id);
}

export function deleteVersionLocalization(store: Store, assets: AssetFiles, id: string): void {
  for (const set of store.tables.appScreenshotSets.where((candidate) => candidate.localizationId === id)) deleteScreenshotSet(store, assets, set.id);
  for (const set of store.tables.appPreviewSets.where((candidate) => candidate.localizationId === id)) deletePreviewSet(store, assets, set.id);
  store.tables.appStoreVersionLocalizations.delete(id);
}
