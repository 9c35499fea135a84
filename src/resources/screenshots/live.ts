/** The screenshots resource's slice of the LiveState: each managed locale's sets, screenshots in App Store order. */
export type AssetState = "AWAITING_UPLOAD" | "UPLOAD_COMPLETE" | "COMPLETE" | "FAILED";

export interface LiveScreenshot {
  id: string;
  fileName: string;
  fileSize: number;
  /** MD5 of the uploaded file; null until App Store Connect has processed it. */
  checksum: string | null;
  state: AssetState;
  /** Apple's processing errors of a FAILED asset. */
  errors?: string[];
  /** Apple's processed rendition, once processed: `https://…/{w}x{h}bb.{f}` (what `pull` downloads). */
  image?: { templateUrl: string; width: number; height: number };
}

export interface LiveScreenshotSet {
  id: string;
  locale: string;
  localizationId: string;
  displayType: string;
  /** In App Store order. */
  screenshots: LiveScreenshot[];
}

export interface LiveScreenshots {
  screenshotSets: LiveScreenshotSet[];
}
