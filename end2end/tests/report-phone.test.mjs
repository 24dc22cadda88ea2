// A reader reports from a phone (issue 26: "in under a minute on a
// phone"): on a 390×844 touch screen the form fits the width (nothing to
// scroll sideways), the map under the point is there to tap, and the
// report is sent and its reference shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, ARTIFACTS } from '../lib/harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ env: { RALLYMAP_REPORT_MIN_SECONDS: '1' } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const lang of ['en', 'fa']) {
  test(`on a phone the report form fits the screen and is sent by tapping (${lang})`, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/report?lang=${lang}`);
    await page.waitForSelector('body[data-hydrated]');
    await page.waitForSelector('.picker[data-ready]');
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.equal(widths[0], widths[1], 'no sideways scrolling');
    await page.screenshot({ path: join(ARTIFACTS, `report-phone-${lang}.png`), fullPage: true });

    await page.locator('#r-title').fill('Vigil at the harbour');
    await page.locator('#r-kind').selectOption('vigil');
    await page.locator('#r-place').fill('Gamla hamnen, Malmö');
    await page.locator('#r-country').fill('SE');
    // The point by a tap on the map, as a thumb gives it.
    await page.locator('.picker').scrollIntoViewIfNeeded();
    const map = await page.locator('.picker').boundingBox();
    await page.touchscreen.tap(map.x + map.width / 2, map.y + map.height / 2);
    await page.waitForFunction(() => document.querySelector('#r-lat').value !== '');
    assert.match(await page.inputValue('#r-lat'), /^-?\d+(\.\d{1,5})?$/);
    assert.match(await page.inputValue('#r-lon'), /^-?\d+(\.\d{1,5})?$/);
    await page.locator('#r-start').fill('2024-03-01');
    await page.locator('input[name="was_there"]').check();
    await page.waitForTimeout(1_100);
    await page.locator('button[type="submit"]').tap();
    await page.waitForURL('**/report/received?ref=*');
    assert.match(await page.locator('.reference').textContent(), /^R-[0-9A-HJKMNP-TV-Z]{5}$/);
    await context.close();
  });
}
