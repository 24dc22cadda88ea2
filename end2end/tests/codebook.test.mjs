// What protest research codes, as a reader sees it (issue 23): two sources
// that disagree on the crowd are shown side by side, each with its
// estimate, in English and in Persian (its digits, its thousands
// separator and its semicolon; the sources' names as written).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openMapAt, ROOT } from '../lib/harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ seedDir: join(ROOT, 'end2end/fixtures/codebook') });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The open popup's lines, by class. */
const lines = (page) => page.locator('.leaflet-popup .popup p').evaluateAll((ps) => Object.fromEntries(ps.map((p) => [p.className, p.textContent])));

test('two disagreeing estimates show side by side with their sources, in English', async () => {
  const { page, problems, context } = await openMapAt(browser, `${server.url}/?event=two-estimates`);
  await page.locator('.leaflet-popup .popup-estimates').waitFor();
  const got = await lines(page);
  assert.equal(got['popup-estimates'], 'Estimates: police: 2,000; organisers: 10,000');
  assert.equal(got['popup-crowd-numbers'], 'Crowd: 2,000–10,000');
  assert.equal(got['popup-conduct'], 'What happened: Met with intervention');
  assert.equal(got['popup-organisers'], 'Organised by: Iranian diaspora groups');
  assert.equal(got['popup-area'], 'Area: Berlin');
  assert.equal(got['popup-outcomes'], 'Arrests: 3');
  assert.deepEqual(problems, []);
  await context.close();
});

test('two disagreeing estimates show side by side with their sources, in Persian', async () => {
  const { page, problems, context } = await openMapAt(browser, `${server.url}/?event=two-estimates&lang=fa`);
  await page.locator('.leaflet-popup .popup-estimates').waitFor();
  const got = await lines(page);
  assert.equal(got['popup-estimates'], 'برآوردها: police: ۲٬۰۰۰؛ organisers: ۱۰٬۰۰۰');
  assert.equal(got['popup-crowd-numbers'], 'جمعیت: ۲٬۰۰۰–۱۰٬۰۰۰');
  assert.equal(got['popup-outcomes'], 'بازداشت‌ها: ۳');
  // Each source's name keeps its own direction inside the Persian line.
  assert.deepEqual(await page.locator('.leaflet-popup .popup-estimate bdi').allTextContents(), ['police', 'organisers']);
  assert.deepEqual(problems, []);
  await context.close();
});
