import type { Platform } from "./platforms.js";

/** A pixel size as Apple lists it: width x height in the orientation named. */
export interface PixelSize {
  width: number;
  height: number;
}

export interface DisplayTypeInfo {
  /** Apple's `screenshotDisplayType` enum value. */
  displayType: string;
  /** The folder name people use: `iphone-6.9`. */
  alias: string;
  device: string;
  /** Every accepted size, landscape ones included. */
  sizes: readonly PixelSize[];
  /** Platforms whose versions can hold this set. */
  platforms: readonly Platform[];
}

type Orientation = "both" | "portrait" | "landscape";

function sizes(list: string, orientation: Orientation, extraLandscape = ""): PixelSize[] {
  const parse = (text: string): PixelSize[] =>
    text
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => {
        const [width, height] = item.split("x").map(Number);
        return { width: width!, height: height! };
      });
  const listed = parse(list);
  const swapped = listed.map(({ width, height }) => ({ width: height, height: width }));
  const result = orientation === "both" ? [...listed, ...swapped] : listed;
  return [...result, ...parse(extraLandscape)];
}

const IOS: readonly Platform[] = ["IOS"];

// Apple's table (shared asc/README.md). Sizes are written as Apple lists them;
// "both" adds the landscape swap, the others accept only what is listed.
const APP_TYPES: DisplayTypeInfo[] = [
  { displayType: "APP_IPHONE_67", alias: "iphone-6.9", device: 'iPhone 6.9"', sizes: sizes("1260x2736, 1290x2796, 1320x2868", "both"), platforms: IOS },
  { displayType: "APP_IPHONE_65", alias: "iphone-6.5", device: 'iPhone 6.5"', sizes: sizes("1242x2688, 1284x2778", "both"), platforms: IOS },
  { displayType: "APP_IPHONE_61", alias: "iphone-6.3", device: 'iPhone 6.3"', sizes: sizes("1179x2556, 1206x2622", "both"), platforms: IOS },
  { displayType: "APP_IPHONE_58", alias: "iphone-6.1", device: 'iPhone 6.1" / 5.8"', sizes: sizes("1170x2532, 1125x2436, 1080x2340", "both"), platforms: IOS },
  { displayType: "APP_IPHONE_55", alias: "iphone-5.5", device: 'iPhone 5.5"', sizes: sizes("1242x2208", "both"), platforms: IOS },
  { displayType: "APP_IPHONE_47", alias: "iphone-4.7", device: 'iPhone 4.7"', sizes: sizes("750x1334", "both"), platforms: IOS },
  {
    displayType: "APP_IPHONE_40",
    alias: "iphone-4.0",
    device: 'iPhone 4"',
    sizes: sizes("640x1096, 640x1136", "portrait", "1136x600, 1136x640"),
    platforms: IOS,
  },
  {
    displayType: "APP_IPHONE_35",
    alias: "iphone-3.5",
    device: 'iPhone 3.5"',
    sizes: sizes("640x920, 640x960", "portrait", "960x600, 960x640"),
    platforms: IOS,
  },
  { displayType: "APP_IPAD_PRO_3GEN_129", alias: "ipad-13", device: 'iPad 13"', sizes: sizes("2064x2752, 2048x2732", "both"), platforms: IOS },
  { displayType: "APP_IPAD_PRO_129", alias: "ipad-12.9", device: 'iPad Pro 12.9" 2nd gen', sizes: sizes("2048x2732", "both"), platforms: IOS },
  {
    displayType: "APP_IPAD_PRO_3GEN_11",
    alias: "ipad-11",
    device: 'iPad 11"',
    sizes: sizes("1488x2266, 1668x2420, 1668x2388, 1640x2360", "both"),
    platforms: IOS,
  },
  { displayType: "APP_IPAD_105", alias: "ipad-10.5", device: 'iPad 10.5"', sizes: sizes("1668x2224", "both"), platforms: IOS },
  {
    displayType: "APP_IPAD_97",
    alias: "ipad-9.7",
    device: 'iPad 9.7"',
    sizes: sizes("768x1004, 768x1024, 1536x2008, 1536x2048", "portrait", "1024x748, 1024x768, 2048x1496, 2048x1536"),
    platforms: IOS,
  },
  { displayType: "APP_DESKTOP", alias: "mac", device: "Mac", sizes: sizes("1280x800, 1440x900, 2560x1600, 2880x1800", "landscape"), platforms: ["MAC_OS"] },
  { displayType: "APP_APPLE_TV", alias: "apple-tv", device: "Apple TV", sizes: sizes("1920x1080, 3840x2160", "landscape"), platforms: ["TV_OS"] },
  { displayType: "APP_APPLE_VISION_PRO", alias: "vision-pro", device: "Apple Vision Pro", sizes: sizes("3840x2160", "landscape"), platforms: ["VISION_OS"] },
  { displayType: "APP_WATCH_ULTRA", alias: "watch-ultra", device: "Apple Watch Ultra", sizes: sizes("410x502, 422x514", "portrait"), platforms: IOS },
  { displayType: "APP_WATCH_SERIES_10", alias: "watch-series-10", device: "Apple Watch Series 10", sizes: sizes("416x496", "portrait"), platforms: IOS },
  { displayType: "APP_WATCH_SERIES_7", alias: "watch-series-7", device: "Apple Watch Series 7", sizes: sizes("396x484", "portrait"), platforms: IOS },
  { displayType: "APP_WATCH_SERIES_4", alias: "watch-series-4", device: "Apple Watch Series 4", sizes: sizes("368x448", "portrait"), platforms: IOS },
  { displayType: "APP_WATCH_SERIES_3", alias: "watch-series-3", device: "Apple Watch Series 3", sizes: sizes("312x390", "portrait"), platforms: IOS },
];

// iMessage sets take the sizes of the matching APP_ type (Apple has no iMessage set for Mac, TV, Vision or Watch).
const IMESSAGE_TYPES: DisplayTypeInfo[] = APP_TYPES.filter((info) => /^APP_(IPHONE|IPAD)/.test(info.displayType)).map((info) => ({
  ...info,
  displayType: `IMESSAGE_${info.displayType}`,
  alias: `imessage-${info.alias}`,
  device: `iMessage ${info.device}`,
}));

export const DISPLAY_TYPES: readonly DisplayTypeInfo[] = [...APP_TYPES, ...IMESSAGE_TYPES];

const byFolderName = new Map<string, DisplayTypeInfo>();
for (const info of DISPLAY_TYPES) {
  byFolderName.set(info.alias, info);
  byFolderName.set(info.displayType, info);
}

/** The display type a screenshot folder names, by alias (`iphone-6.9`) or enum (`APP_IPHONE_67`). */
export function displayTypeForFolder(folder: string): DisplayTypeInfo | undefined {
  return byFolderName.get(folder);
}

export function displayTypeInfo(displayType: string): DisplayTypeInfo | undefined {
  return DISPLAY_TYPES.find((info) => info.displayType === displayType);
}

/** The short name a user writes for a display type (its folder name): "iphone-6.9"; the API's name when it has none. */
export function displayName(displayType: string | undefined): string {
  if (!displayType) return "";
  return displayTypeInfo(displayType)?.alias ?? displayType;
}

export function acceptsSize(info: DisplayTypeInfo, width: number, height: number): boolean {
  return info.sizes.some((size) => size.width === width && size.height === height);
}

export function formatSizes(info: DisplayTypeInfo): string {
  return info.sizes.map((size) => `${size.width}x${size.height}`).join(", ");
}
