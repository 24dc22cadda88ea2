// Text that tries to close an element, and form values a browser would
// blank: each fault found by trying the app is a test here (README,
// "Security"). The server-side test server/tests/it/escaping.rs covers
// every page and parameter; these check what a reader and an editor see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, addEditor } from '../lib/harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  addEditor(server.databaseUrl, 'anna', 'correct horse battery');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const REFRESH = '</title><meta http-equiv=refresh content=1;url=http://127.0.0.1:9/>';
const TITLE = `Vigil ${REFRESH} & more`;
const DESCRIPTION = 'x</textarea><b id=inj>INJ</b>\nsecond line';

async function signedIn(path, options = {}) {
  const p = await openPage(browser, options);
  await p.page.goto(server.url + '/login');
  await p.page.locator('input[name="name"]').fill('anna');
  await p.page.locator('input[name="password"]').fill('correct horse battery');
  await p.page.locator('button[type="submit"]').click();
  await p.page.waitForURL('**/editor');
  await p.page.goto(server.url + path);
  if (options.javaScriptEnabled !== false) await p.page.waitForSelector('body[data-editor-live]');
  return p;
}

const api = async (path) => {
  const r = await fetch(server.url + path);
  return { status: r.status, body: await r.json() };
};
const publicCount = async () => (await api('/api/events')).body.features.length;
const fieldErrors = (page) => page.locator('.field-error:not(:empty)').evaluateAll((ps) => ps.map((p) => [p.id, p.textContent]));

/** Fills the form's required fields with a valid vigil in Berlin. */
async function fillValid(page, { title = 'A vigil in Berlin', description = '' } = {}) {
  await page.locator('#f-title').fill(title);
  await page.locator('#f-kind').selectOption('vigil');
  await page.locator('#f-date_start').fill('2023-02-27');
  await page.locator('#f-location_name').fill('Berlin');
  await page.locator('#f-country_code').fill('DE');
  await page.locator('#f-lon').fill('13.3777');
  await page.locator('#f-lat').fill('52.5163');
  await page.locator('#f-sources-0-name').fill('desk');
  if (description) await page.locator('#f-description').fill(description);
}

test('a title parameter that closes <title> neither navigates nor adds markup to /embed', async () => {
  const { page, problems, requests, context } = await openPage(browser);
  await page.goto(`${server.url}/embed?title=${encodeURIComponent(REFRESH)}`);
  await page.waitForSelector('body[data-hydrated]');
  await page.waitForSelector('.map[data-markers]');
  await page.waitForTimeout(1_800); // longer than the refresh would wait
  assert.equal(new URL(page.url()).pathname, '/embed', 'still on the embed');
  assert.equal(await page.locator('meta[http-equiv]').count(), 0);
  assert.equal(await page.title(), REFRESH);
  assert.equal(await page.locator('h1.embed-title').textContent(), REFRESH);
  assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), []);
  assert.deepEqual(problems, []);

  await page.goto(`${server.url}/embed?title=${encodeURIComponent('<b>x&y</b>')}`);
  await page.waitForSelector('body[data-hydrated]');
  assert.equal(await page.title(), '<b>x&y</b>');
  assert.equal(await page.locator('h1.embed-title b').count(), 0);
  await context.close();
});

test('stored text that closes <textarea> and <title> stays in its field on the edit and history pages', async () => {
  const { page, problems, context } = await signedIn('/editor/new');
  await fillValid(page, { title: TITLE, description: DESCRIPTION });
  await page.locator('#f-id').fill('hostile-vigil');
  await page.locator('#f-status-published').check();
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL('**/editor/events/hostile-vigil?saved=1');
  const stored = (await api('/api/events/hostile-vigil')).body.properties;
  assert.deepEqual([stored.title, stored.description], [TITLE, DESCRIPTION]);

  // A fresh load renders on the server and then hydrates.
  for (const path of ['/editor/events/hostile-vigil', '/editor/events/hostile-vigil/history']) {
    await page.goto(server.url + path);
    await page.waitForSelector('body[data-editor-live]');
    await page.waitForTimeout(1_500);
    assert.equal(new URL(page.url()).pathname, path, `${path}: no navigation`);
    assert.equal(await page.locator('#inj, meta[http-equiv]').count(), 0, path);
    assert.match(await page.title(), new RegExp(TITLE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), path);
  }
  await page.goto(server.url + '/editor/events/hostile-vigil');
  await page.waitForSelector('body[data-editor-live]');
  assert.equal(await page.inputValue('#f-description'), DESCRIPTION);
  assert.equal(await page.inputValue('#f-title'), TITLE);
  assert.deepEqual(problems, [], 'hydration without errors');
  await context.close();
});

test('the refused form\'s round trip (__err) carries hostile text back as text', async () => {
  // Posted without JavaScript, the refusal comes back in the URL.
  const noJs = await signedIn('/editor/new', { javaScriptEnabled: false });
  await fillValid(noJs.page, { title: TITLE, description: DESCRIPTION });
  await noJs.page.locator('#f-country_code').fill('XX');
  await noJs.page.locator('button[type="submit"].primary').click();
  await noJs.page.waitForURL(/\/editor\/new\?__path=/);
  const refusal = noJs.page.url();
  assert.equal(await noJs.page.locator('#inj, meta[http-equiv]').count(), 0);
  assert.equal(await noJs.page.inputValue('#f-description'), DESCRIPTION);
  await noJs.context.close();

  // The same URL with JavaScript: hydrates, shows the text, runs nothing.
  const { page, problems, context } = await signedIn('/editor');
  await page.goto(refusal);
  await page.waitForSelector('body[data-editor-live]');
  await page.waitForTimeout(1_500);
  assert.equal(new URL(page.url()).pathname, '/editor/new');
  assert.equal(await page.locator('#inj, meta[http-equiv]').count(), 0);
  assert.equal(await page.inputValue('#f-description'), DESCRIPTION);
  assert.equal(await page.inputValue('#f-title'), TITLE);
  assert.deepEqual(await fieldErrors(page), [
    ['f-country_code-error', 'Country code must be an ISO 3166-1 alpha-2 code such as SE or US, got "XX"'],
  ]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a day that does not exist is refused at its field, in either date field, and nothing is stored', async () => {
  const before = await publicCount();
  const { page, problems, context } = await signedIn('/editor/new');
  await fillValid(page);
  await page.locator('#f-status-published').check();
  await page.locator('#f-date_end').fill('2023-02-29');
  await page.locator('#f-title').focus();
  await page.locator('#f-date_end-error', { hasText: 'calendar' }).waitFor();
  assert.deepEqual(await fieldErrors(page), [['f-date_end-error', '29 February 2023 is not a day of the calendar']]);
  await page.locator('button[type="submit"].primary').click();
  assert.equal(await page.locator('.error-summary h2').textContent(), 'Not saved: 1 problem');
  assert.equal(await page.locator('.error-summary li').textContent(), '29 February 2023 is not a day of the calendar');

  await page.locator('#f-date_end').fill('');
  await page.locator('#f-date_start').fill('2023-02-29');
  await page.locator('#f-title').focus();
  await page.locator('#f-date_start-error', { hasText: 'calendar' }).waitFor();
  assert.deepEqual(await fieldErrors(page), [['f-date_start-error', '29 February 2023 is not a day of the calendar']]);
  await page.locator('button[type="submit"].primary').click();
  await page.waitForTimeout(500);
  assert.match(page.url(), /\/editor\/new$/, 'not sent');
  assert.equal(await publicCount(), before, 'nothing stored');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a decimal comma in the coordinates moves the pin and is stored as the same number', async () => {
  const { page, problems, context } = await signedIn('/editor/new');
  await page.waitForSelector('.picker[data-ready]');
  await fillValid(page);
  await page.locator('#f-id').fill('berlin-comma');
  await page.locator('#f-lon').fill('13,3777');
  await page.locator('#f-lat').fill('52,5163');
  await page.locator('#f-title').focus();
  await page.waitForSelector('.picker .leaflet-marker-icon');
  assert.deepEqual(await fieldErrors(page), []);
  await page.locator('#f-status-published').check();
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL('**/editor/events/berlin-comma?saved=1');
  assert.deepEqual((await api('/api/events/berlin-comma')).body.geometry.coordinates, [13.3777, 52.5163]);
  assert.deepEqual(problems, []);
  await context.close();
});
