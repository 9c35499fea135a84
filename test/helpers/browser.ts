/**
 * A real headless browser for the page tests: Debian's chromium driven through
 * puppeteer-core (which downloads nothing). CHROMIUM_PATH overrides where it is.
 * Without a browser the caller skips with the reason, so a machine without one
 * says so instead of passing silently; .ci/run installs it.
 */
import { existsSync } from "node:fs";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The browser's path, or undefined when this machine has none. */
export function chromiumPath(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

/** The reason to skip a browser test, or false when a browser is here. */
export const browserSkip = (): string | false => (chromiumPath() ? false : "no chromium on this machine (apt-get install chromium)");

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("no chromium: install it (apt-get install chromium) or set CHROMIUM_PATH");
  return puppeteer.launch({
    executablePath,
    headless: true,
    // Root in CI has no user namespace sandbox; /dev/shm is small in containers.
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--no-default-browser-check"],
  });
}

export interface OpenedPage {
  page: Page;
  /** console errors and uncaught page errors seen so far */
  errors: string[];
  close(): Promise<void>;
}

/** Opens a page that records its console errors and page errors; offline unless allowed. */
export async function openPage(browser: Browser, options: { offline?: boolean; width?: number; height?: number } = {}): Promise<OpenedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error instanceof Error ? error.message : String(error)));
  await page.setViewport({ width: options.width ?? 1200, height: options.height ?? 900 });
  if (options.offline ?? true) await page.setOfflineMode(true);
  return { page, errors, close: () => page.close() };
}

/** Images on the page that did not load (natural width 0), by their src. */
export async function brokenImages(page: Page): Promise<string[]> {
  return page.$$eval("img", (images) => images.filter((image) => !image.complete || image.naturalWidth === 0).map((image) => image.src.slice(0, 120)));
}
