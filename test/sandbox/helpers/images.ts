/** Screenshots drawn for tests, at the sizes App Store Connect accepts. */
import sharp from "sharp";

export async function drawPng(width: number, height: number, shade = 0): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: (40 + shade) % 256, g: 120, b: 200 } } })
    .png()
    .toBuffer();
}

/** An iPhone 6.9" screenshot (1320x2868), different per shade. */
export const iphoneScreenshot = (shade = 0): Promise<Buffer> => drawPng(1320, 2868, shade);
