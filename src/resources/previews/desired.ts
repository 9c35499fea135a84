import type { LoadedFiles } from "../../contracts/files.js";
import type { AppStoreLocale } from "../../model/locales.js";

export interface DesiredPreview {
  fileName: string;
  /** Display path of the file. */
  file: string;
  absolutePath: string;
  fileSize: number;
  /** MD5 hex: App Store Connect's sourceFileChecksum once processed. */
  checksum: string;
  mimeType: string;
  duration: number;
  width: number;
  height: number;
  posterFrame: string;
}

/** A preview set defined exactly by its folder: these videos, in this order, with these poster frames. */
export interface DesiredPreviewSet {
  locale: AppStoreLocale;
  previewType: string;
  folder: string;
  previews: DesiredPreview[];
}

export interface DesiredPreviews {
  previewSets: DesiredPreviewSet[];
}

export function previewsDesired(files: LoadedFiles): DesiredPreviews {
  return {
    previewSets: (files.previewFolders ?? []).map((folder) => ({
      locale: folder.locale,
      previewType: folder.previewType,
      folder: folder.folder,
      previews: folder.previews.map(({ fileName, file, absolutePath, fileSize, checksum, mimeType, duration, width, height, posterFrame }) => ({
        fileName,
        file,
        absolutePath,
        fileSize,
        checksum,
        mimeType,
        duration,
        width,
        height,
        posterFrame,
      })),
    })),
  };
}
