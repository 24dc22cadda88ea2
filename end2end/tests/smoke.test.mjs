// The pages as a reader sees them in a real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, ARTIFACTS } from '../lib/harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the home page lists the six reported events and hydrates without errors', async () => {
  const { page, problems, requests, context } = await openPage(browser);
  await page.goto(server.url + '/');
  await page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  const items = await page.locator('.event-list li').allTextContents();
  assert.equal(items.length, 6);
  assert.match(items[0], /18 January 2020/);
  assert.equal(await page.locator('.count').textContent(), '6 events');
  await page.screenshot({ path: join(ARTIFACTS, 'home.png'), fullPage: true });
  assert.deepEqual(problems, []);
  const foreign = requests.filter((u) => !u.startsWith(server.url));
  assert.deepEqual(foreign, []);
  await context.close();
});

test('an event page shows the event and links back to the map', async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + '/events/2020-01-copenhagen');
  assert.equal(await page.locator('h1').textContent(), 'Protest in Copenhagen calling for regime change in Iran');
  assert.equal(await page.locator('.when').textContent(), 'around 18–20 January 2020 (date not reported)');
  assert.equal(await page.locator('a', { hasText: 'Show on the map' }).getAttribute('href'), '/?event=2020-01-copenhagen');
  assert.deepEqual(problems, []);
  await context.close();
});
