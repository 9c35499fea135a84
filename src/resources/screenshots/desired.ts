import type { LoadedFiles } from "../../contracts/files.js";
import type { AppStoreLocale } from "../../model/locales.js";

export interface DesiredScreenshot {
  fileName: string;
  /** Display path of the file. */
  file: string;
  absolutePath: string;
  fileSize: number;
  /** MD5 hex: what App Store Connect reports as sourceFileChecksum once processed. */
  checksum: string;
  /** For a pulled file (the lock): the live sourceFileChecksum it was pulled from. */
  pulledFrom?: string;
  width: number;
  height: number;
}

/** A screenshot set defined exactly by its folder: these files, in this order. */
export interface DesiredScreenshotSet {
  locale: AppStoreLocale;
  displayType: string;
  folder: string;
  screenshots: DesiredScreenshot[];
}

/** The screenshots resource's slice of the DesiredState. */
export interface DesiredScreenshots {
  screenshotSets: DesiredScreenshotSet[];
  /** No screenshots folder (the default one, absent): no screenshot set is managed, even with prune. */
  screenshotsUnmanaged?: boolean;
}

export function screenshotsDesired(files: LoadedFiles): DesiredScreenshots {
  return {
    ...(files.screenshotsFolderAbsent ? { screenshotsUnmanaged: true } : {}),
    screenshotSets: files.screenshotFolders.map((folder) => ({
      locale: folder.locale,
      displayType: folder.displayType,
      folder: folder.folder,
      screenshots: folder.screenshots.map(({ fileName, file, absolutePath, fileSize, checksum, width, height }) => ({
        fileName,
        file,
        absolutePath,
        fileSize,
        checksum,
        ...(files.pulledChecksums[checksum] ? { pulledFrom: files.pulledChecksums[checksum] } : {}),
        width,
        height,
      })),
    })),
  };
}
