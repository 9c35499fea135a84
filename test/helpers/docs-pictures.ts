/**
 * The README's pictures, made by the browser tests from what they check:
 * with ASC_GITOPS_DOCS_PICTURES=1 an element of the page is saved into docs/
 * as a small PNG (600 pixels wide, 128 colours); otherwise nothing is written.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "puppeteer-core";
import sharp from "sharp";
import { ROOT } from "./cli.js";

export async function docsPicture(page: Page, selector: string, name: string): Promise<string | undefined> {
  if (process.env.ASC_GITOPS_DOCS_PICTURES !== "1") return undefined;
  const element = await page.$(selector);
  if (!element) throw new Error(`no ${selector} on the page for docs/${name}`);
  const shot = await element.screenshot({ type: "png" });
  const file = path.join(ROOT, "docs", name);
  await mkdir(path.dirname(file), { recursive: true });
  await sharp(shot).resize({ width: 600, withoutEnlargement: true }).png({ palette: true, colours: 128, compressionLevel: 9 }).toFile(file);
  return file;
}
