import assert from "node:assert/strict";
import { test } from "node:test";
import { brokenImages, browserSkip, launchBrowser, openPage } from "../helpers/browser.js";

test("the headless browser loads an offline page, sees a broken image and a console error", { skip: browserSkip() }, async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors, close } = await openPage(browser);
    const pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    await page.setContent(`<img id="ok" src="${pixel}"><img id="bad" src="data:image/png;base64,AAAA"><script>console.error("boom")</script>`, {
      waitUntil: "load",
    });
    const broken = await brokenImages(page);
    assert.equal(broken.length, 1);
    assert.match(broken[0] ?? "", /AAAA/);
    assert.deepEqual(errors, ["boom"]);
    await close();
  } finally {
    await browser.close();
  }
});
