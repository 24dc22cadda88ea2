// Event pages as a reader sees them in a real browser, with and without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage } from '../lib/harness.mjs';

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

test('an event page shows the event and links back to the map at that event', async () => {
  const { page, problems, requests, context } = await openPage(browser);
  await page.goto(server.url + '/events/2020-01-copenhagen');
  await page.waitForSelector('body[data-hydrated]');
  assert.equal(await page.locator('h1').textContent(), 'Protest in Copenhagen calling for regime change in Iran');
  assert.equal(await page.locator('.when').textContent(), 'around 18–20 January 2020 (date not reported)');
  assert.equal(await page.locator('a', { hasText: 'Show on the map' }).getAttribute('href'), '/?event=2020-01-copenhagen');
  assert.deepEqual(problems, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), []);
  await context.close();
});

test('an event page reads fully without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/events/2020-01-18-washington');
  assert.equal(await page.locator('h1').textContent(), 'MEK supporters gather outside the White House');
  assert.equal(await page.locator('.when').textContent(), '18 January 2020');
  assert.equal(await page.locator('.where').textContent(), 'outside the White House, Washington, D.C., United States (US)');
  assert.equal(await page.locator('.sources li').textContent(), 'irannewsupdate');
  await context.close();
});

test('an unknown event is a 404 page', async () => {
  const { page, context } = await openPage(browser);
  const response = await page.goto(server.url + '/events/2020-01-19-paris');
  assert.equal(response.status(), 404);
  assert.equal(await page.locator('h1').textContent(), 'Not found');
  await context.close();
});
