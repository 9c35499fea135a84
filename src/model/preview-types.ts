/**
 * App preview types (Apple's `PreviewType`: no `APP_` prefix, no watch or
 * iMessage types), with the folder aliases of the screenshot display types and
 * the accepted video resolutions (capabilities §1b, from fastlane's encoding of
 * Apple's "Accepted resolutions" table). Each has the shape of a display type,
 * so the folder finder serves both.
 */
import { DISPLAY_TYPES, type DisplayTypeInfo } from "./display-types.js";

export interface PreviewTypeInfo extends DisplayTypeInfo {
  /** Apple's table does not list these sizes for certain: say so in the error. */
  unconfirmedSizes?: true;
}

/** Portrait sizes as Apple lists them; a preview may be landscape (the swap) except where the device is landscape-only. */
const PORTRAIT: Record<string, string> = {
  IPHONE_67: "886x1920",
  IPHONE_65: "886x1920",
  IPHONE_61: "886x1920",
  IPHONE_58: "886x1920",
  IPHONE_55: "1080x1920",
  IPHONE_40: "1080x1920",
  IPHONE_47: "750x1334",
  IPHONE_35: "640x960",
  IPAD_PRO_3GEN_129: "1200x1600",
  IPAD_PRO_3GEN_11: "1200x1600",
  IPAD_105: "1200x1600",
  IPAD_PRO_129: "1200x1600, 900x1200",
  IPAD_97: "900x1200",
};
/** Landscape-only devices; [unconfirmed]: fastlane validates none of these, and Apple Vision Pro's size is a guess. */
const LANDSCAPE: Record<string, string> = { DESKTOP: "1920x1080", APPLE_TV: "1920x1080", APPLE_VISION_PRO: "3840x2160" };

function parse(list: string): { width: number; height: number }[] {
  return list.split(",").map((item) => {
    const [width, height] = item.trim().split("x").map(Number);
    return { width: width!, height: height! };
  });
}

export const PREVIEW_TYPES: readonly PreviewTypeInfo[] = DISPLAY_TYPES.flatMap((info): PreviewTypeInfo[] => {
  const previewType = info.displayType.replace(/^APP_/, "");
  const portrait = PORTRAIT[previewType];
  const landscape = LANDSCAPE[previewType];
  if (info.displayType.startsWith("IMESSAGE_") || (!portrait && !landscape)) return [];
  const sizes = portrait ? parse(portrait).flatMap((size) => [size, { width: size.height, height: size.width }]) : parse(landscape!);
  // IPHONE_35 is in the enum but in no table of Apple's: its size is the screenshot's, unconfirmed.
  const unconfirmed = landscape !== undefined || previewType === "IPHONE_35";
  return [{ ...info, displayType: previewType, sizes, ...(unconfirmed ? { unconfirmedSizes: true as const } : {}) }];
});

const byFolderName = new Map<string, PreviewTypeInfo>();
for (const info of PREVIEW_TYPES) {
  byFolderName.set(info.alias, info);
  byFolderName.set(info.displayType, info);
}

/** The preview type a preview folder names, by alias (`iphone-6.9`) or Apple's enum (`IPHONE_67`). */
export function previewTypeForFolder(folder: string): PreviewTypeInfo | undefined {
  return byFolderName.get(folder);
}

export function previewTypeInfo(previewType: string): PreviewTypeInfo | undefined {
  return PREVIEW_TYPES.find((info) => info.displayType === previewType);
}

/** The folder name a user writes for a preview type: "iphone-6.9". */
export function previewName(previewType: string | undefined): string {
  if (!previewType) return "";
  return previewTypeInfo(previewType)?.alias ?? previewType;
}
