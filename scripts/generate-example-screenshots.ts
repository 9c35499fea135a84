/**
 * Draws the example app's screenshots (screenshots/<locale>/<alias>/NN-name.png)
 * with sharp: an SVG of a plausible app screen, rendered at an exact size the
 * App Store accepts, flattened to RGB with no alpha. Deterministic, so running
 * it again gives the same bytes and the same MD5 checksums.
 *
 *   npm run example:screenshots
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

interface Screen {
  file: string;
  title: Record<string, string>;
  caption: Record<string, string>;
  kind: "today" | "plan" | "progress";
}

const SCREENS: Screen[] = [
  {
    file: "01-today.png",
    kind: "today",
    title: { "en-US": "Today", "de-DE": "Heute" },
    caption: { "en-US": "A plan that fits your day", "de-DE": "Ein Plan, der in deinen Tag passt" },
  },
  {
    file: "02-plan.png",
    kind: "plan",
    title: { "en-US": "This week", "de-DE": "Diese Woche" },
    caption: { "en-US": "Missed a day? Your week adapts", "de-DE": "Tag verpasst? Deine Woche passt sich an" },
  },
  {
    file: "03-progress.png",
    kind: "progress",
    title: { "en-US": "Progress", "de-DE": "Fortschritt" },
    caption: { "en-US": "Streaks, bests and rest days", "de-DE": "Serien, Bestleistungen, Ruhetage" },
  },
];

const DEVICES = [
  { alias: "iphone-6.9", width: 1320, height: 2868, screens: 3 },
  { alias: "ipad-13", width: 2064, height: 2752, screens: 2 },
];

const LOCALES = ["en-US", "de-DE"];
const WEEKDAYS: Record<string, string[]> = {
  "en-US": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
  "de-DE": ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
};

const FONT = 'font-family="DejaVu Sans"';
const BOLD = `${FONT} font-weight="bold"`;
const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function screenBody(screen: Screen, locale: string, x: number, y: number, w: number, h: number): string {
  const unit = w / 20;
  const parts: string[] = [];
  if (screen.kind === "today") {
    const cards = ["#ff6b4a", "#3b82f6", "#10b981"];
    cards.forEach((color, i) => {
      const top = y + i * (unit * 5.2);
      parts.push(`<rect x="${x}" y="${top}" width="${w}" height="${unit * 4.5}" rx="${unit}" fill="${color}"/>`);
      parts.push(`<circle cx="${x + unit * 2.5}" cy="${top + unit * 2.25}" r="${unit * 1.3}" fill="#ffffff" opacity="0.85"/>`);
      parts.push(`<rect x="${x + unit * 5}" y="${top + unit * 1.2}" width="${w * 0.55}" height="${unit * 0.8}" rx="${unit * 0.4}" fill="#ffffff"/>`);
      parts.push(
        `<rect x="${x + unit * 5}" y="${top + unit * 2.6}" width="${w * 0.35}" height="${unit * 0.6}" rx="${unit * 0.3}" fill="#ffffff" opacity="0.7"/>`,
      );
    });
  } else if (screen.kind === "plan") {
    const days = WEEKDAYS[locale] ?? WEEKDAYS["en-US"]!;
    days.forEach((day, i) => {
      const top = y + i * (unit * 2.4);
      const done = i < 3 || i === 4;
      parts.push(`<rect x="${x}" y="${top}" width="${w}" height="${unit * 2}" rx="${unit * 0.5}" fill="${done ? "#e7f8f0" : "#f1f3f7"}"/>`);
      parts.push(`<text x="${x + unit}" y="${top + unit * 1.35}" ${BOLD} font-size="${unit * 0.9}" fill="#1f2937">${escapeXml(day)}</text>`);
      parts.push(
        `<rect x="${x + unit * 5}" y="${top + unit * 0.7}" width="${w * (0.3 + ((i * 37) % 40) / 100)}" ` +
          `height="${unit * 0.6}" rx="${unit * 0.3}" fill="${done ? "#10b981" : "#9ca3af"}"/>`,
      );
    });
  } else {
    const bars = [40, 55, 48, 70, 62, 85, 90];
    const chartH = unit * 10;
    const barW = w / (bars.length * 1.6);
    parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${chartH + unit * 2}" rx="${unit}" fill="#f1f3f7"/>`);
    bars.forEach((value, i) => {
      const barH = (chartH * value) / 100;
      const left = x + unit + i * barW * 1.6;
      parts.push(`<rect x="${left}" y="${y + unit + chartH - barH}" width="${barW}" height="${barH}" rx="${barW / 4}" fill="#ff6b4a"/>`);
    });
    parts.push(`<rect x="${x}" y="${y + chartH + unit * 3}" width="${w * 0.47}" height="${unit * 4}" rx="${unit}" fill="#3b82f6"/>`);
    parts.push(`<rect x="${x + w * 0.53}" y="${y + chartH + unit * 3}" width="${w * 0.47}" height="${unit * 4}" rx="${unit}" fill="#10b981"/>`);
  }
  return parts.join("");
}

function svgFor(screen: Screen, locale: string, width: number, height: number): string {
  const margin = width * 0.08;
  const phoneTop = height * 0.2;
  const phoneW = width - margin * 2;
  const phoneH = height - phoneTop - margin * 0.5;
  const inner = phoneW * 0.08;
  const titleSize = Math.round(width * 0.065);
  const caption = screen.caption[locale]!;
  // Bold DejaVu glyphs are about 0.62 em wide: shrink long captions to fit the width.
  const captionSize = Math.min(titleSize, Math.floor((width * 0.9) / (caption.length * 0.62)));
  const tabY = phoneTop + phoneH - inner * 2.2;
  const tabs = [0, 1, 2, 3]
    .map((i) => `<circle cx="${margin + phoneW * (0.125 + i * 0.25)}" cy="${tabY + inner}" r="${inner * 0.35}" fill="${i === 0 ? "#ff6b4a" : "#c7cbd4"}"/>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <rect width="100%" height="100%" fill="#1b1f3b"/>
  <text x="50%" y="${height * 0.1}" text-anchor="middle" ${BOLD} font-size="${captionSize}" fill="#ffffff">${escapeXml(caption)}</text>
  <text x="50%" y="${height * 0.1 + titleSize * 1.5}" text-anchor="middle" ${FONT} font-size="${titleSize * 0.55}" fill="#ffb4a3">Acme Fitness</text>
  <rect x="${margin}" y="${phoneTop}" width="${phoneW}" height="${phoneH}" rx="${width * 0.06}" fill="#ffffff"/>
  <text x="${margin + inner}" y="${phoneTop + inner * 1.6}" ${BOLD} font-size="${titleSize * 0.9}" fill="#111827">${escapeXml(screen.title[locale]!)}</text>
  <rect x="${margin}" y="${tabY}" width="${phoneW}" height="2" fill="#e5e7eb"/>
  ${tabs}
  ${screenBody(screen, locale, margin + inner, phoneTop + inner * 2.4, phoneW - inner * 2, phoneH - inner * 3)}
</svg>`;
}

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  for (const locale of LOCALES) {
    for (const device of DEVICES) {
      const folder = path.join(root, "screenshots", locale, device.alias);
      await mkdir(folder, { recursive: true });
      for (const screen of SCREENS.slice(0, device.screens)) {
        const png = await sharp(Buffer.from(svgFor(screen, locale, device.width, device.height)))
          .flatten({ background: "#1b1f3b" })
          .removeAlpha()
          .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
          .toBuffer();
        await writeFile(path.join(folder, screen.file), png);
        console.log(`${path.relative(root, path.join(folder, screen.file))}: ${device.width}x${device.height}, ${png.length} bytes`);
      }
    }
  }
}

await main();
