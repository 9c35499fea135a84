/** App Store platforms (Apple's `Platform` enum) that an app.yml may name. */
export const PLATFORMS = ["IOS", "MAC_OS", "TV_OS", "VISION_OS"] as const;
export type Platform = (typeof PLATFORMS)[number];
