/** The previews resource's slice of the LiveState: each managed locale's preview sets, videos in App Store order. */
export type VideoState = "AWAITING_UPLOAD" | "UPLOAD_COMPLETE" | "PROCESSING" | "COMPLETE" | "FAILED";

export interface LivePreview {
  id: string;
  fileName: string;
  fileSize: number;
  /** MD5 of the uploaded file; null until App Store Connect publishes it (it may come after COMPLETE). */
  checksum: string | null;
  /** videoDeliveryState (not the deprecated assetDeliveryState). */
  state: VideoState;
  /** previewFrameImage.state: the poster frame is processed apart from the video. */
  frameState: "PROCESSING" | "COMPLETE" | "FAILED" | null;
  posterFrame: string | null;
  /** Apple's processing errors of a FAILED video. */
  errors?: string[];
  /** The processed video, once there (what pull downloads). */
  videoUrl?: string;
}

export interface LivePreviewSet {
  id: string;
  locale: string;
  localizationId: string;
  previewType: string;
  previews: LivePreview[];
}

export interface LivePreviews {
  previewSets: LivePreviewSet[];
}

/** Done, as App Store Connect means it: the video and its poster frame both processed. */
export const isProcessed = (preview: LivePreview): boolean => preview.state === "COMPLETE" && preview.frameState !== "PROCESSING";
