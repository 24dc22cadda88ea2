// Editors at work in a real browser: placing a new rally by clicking the
// map, publishing it, correcting it, removing and restoring it, reading its
// history, and what happens to invalid input, stale edits and forms posted
// without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, addEditor, dragPin, ARTIFACTS } from '../lib/harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  addEditor(server.databaseUrl, 'anna', 'correct horse battery');
  addEditor(server.databaseUrl, 'omid', 'another long passphrase');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A new browser context signed in as `name`, on `path`. */
async function signedIn(name, password, path, options = {}) {
  const p = await openPage(browser, options);
  await p.page.goto(server.url + '/login');
  await p.page.locator('input[name="name"]').fill(name);
  await p.page.locator('input[name="password"]').fill(password);
  await p.page.locator('button[type="submit"]').click();
  await p.page.waitForURL('**/editor');
  await p.page.goto(server.url + path);
  // Editor pages are lazily loaded chunks: wait until the page itself is live.
  if (options.javaScriptEnabled !== false) await p.page.waitForSelector('body[data-editor-live]');
  return p;
}
const anna = (path, options) => signedIn('anna', 'correct horse battery', path, options);

const api = async (path) => {
  const r = await fetch(server.url + path);
  return { status: r.status, body: await r.json() };
};
const publicIds = async () => (await api('/api/events')).body.features.map((f) => f.id);
const fieldErrors = (page) => page.locator('.field-error:not(:empty)').evaluateAll((ps) => ps.map((p) => [p.id, p.textContent]));

test('an editor places a new rally by clicking the map, publishes it, and readers see it at once', async () => {
  const { page, problems, requests, context } = await anna('/editor/new');
  await page.waitForSelector('.picker[data-ready]');
  await page.waitForSelector('.picker[data-basemap="loaded"]');
  const box = await page.locator('.picker').boundingBox();
  // The form's map opens on the whole world centred at 30° N 10° E.
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  let lon = Number(await page.inputValue('#f-lon'));
  let lat = Number(await page.inputValue('#f-lat'));
  assert.ok(Math.abs(lon - 10) < 0.5 && Math.abs(lat - 30) < 0.5, `clicked the centre, got ${lon}, ${lat}`);
  assert.equal(await page.locator('.picker .leaflet-marker-icon').count(), 1, 'a pin marks the point');

  // Dragging the pin east moves the longitude east and keeps the latitude.
  await dragPin(page, 40);
  const draggedLon = Number(await page.inputValue('#f-lon'));
  const draggedLat = Number(await page.inputValue('#f-lat'));
  assert.ok(draggedLon > lon + 5, `dragged east: ${lon} → ${draggedLon}`);
  assert.ok(Math.abs(draggedLat - lat) < 1, `same latitude: ${lat} → ${draggedLat}`);

  // Typing coordinates moves the pin.
  const before = await page.locator('.picker .leaflet-marker-icon').boundingBox();
  await page.locator('#f-lat').fill('50');
  await page.waitForFunction((y) => document.querySelector('.picker .leaflet-marker-icon').getBoundingClientRect().y !== y, before.y);
  // Then the editor clicks the place they mean.
  const at = await page.locator('.picker').boundingBox();
  await page.mouse.click(at.x + at.width / 2 + 30, at.y + at.height / 2 - 20);
  lon = await page.inputValue('#f-lon');
  lat = await page.inputValue('#f-lat');
  assert.match(lon, /^-?\d+(\.\d{1,5})?$/);

  await page.locator('#f-title').fill('Solidarity rally on the map');
  await page.locator('#f-kind').selectOption('rally');
  await page.locator('#f-date_start').fill('2020-01-19');
  await page.locator('#f-location_name').fill('Market square');
  await page.locator('#f-country_code').fill('de');
  assert.equal(await page.locator('.country-name').textContent(), 'Germany');
  await page.locator('#f-geo_precision').selectOption('site');
  await page.locator('#f-crowd_size_text').fill('dozens');
  await page.locator('#f-sources-0-name').fill('test desk');
  await page.locator('#f-sources-0-url').fill('https://example.org/report');
  await page.locator('button.add-source').click();
  await page.locator('#f-sources-1-name').fill('second desk');
  await page.locator('#f-tags').fill('solidarity, test');
  await page.locator('#f-status-published').check();
  await page.locator('button[type="submit"].primary').click();

  await page.waitForURL('**/editor/events/2020-01-19-market-square?saved=1');
  assert.equal(await page.locator('.notice.ok').textContent(), 'Saved. It is on the public map now.');
  await page.waitForSelector('.picker[data-ready]');
  assert.equal(await page.locator('.picker .leaflet-marker-icon').count(), 1, 'the saved form shows the pin');
  await page.screenshot({ path: join(ARTIFACTS, 'editor-saved.png'), fullPage: true });

  const f = await api('/api/events/2020-01-19-market-square');
  assert.equal(f.status, 200);
  assert.deepEqual(f.body.geometry.coordinates, [Number(lon), Number(lat)]);
  assert.deepEqual(
    [f.body.properties.title, f.body.properties.country_code, f.body.properties.geo_precision, f.body.properties.crowd_size_text],
    ['Solidarity rally on the map', 'DE', 'site', 'dozens'],
  );
  assert.deepEqual(f.body.properties.sources, [{ name: 'test desk', url: 'https://example.org/report' }, { name: 'second desk' }]);
  assert.deepEqual(f.body.properties.tags, ['solidarity', 'test']);

  // A reader's map, opened now, has the seventh marker and its popup.
  const reader = await openPage(browser);
  await reader.page.goto(server.url + '/?event=2020-01-19-market-square');
  await reader.page.waitForSelector('.map[data-markers]');
  assert.equal(await reader.page.locator('.map').getAttribute('data-markers'), '7');
  await reader.page.locator('.leaflet-popup-content', { hasText: 'Solidarity rally on the map' }).waitFor();
  await reader.context.close();

  assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an invalid form shows each error next to its field, as typed, and stores nothing', async () => {
  const { page, problems, context } = await anna('/editor/new');
  await page.locator('button[type="submit"].primary').click();
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.locator('.error-summary h2').textContent(), 'Not saved: 7 problems');
  assert.deepEqual(await fieldErrors(page), [
    ['f-title-error', 'Title is required'],
    ['f-date_start-error', 'First day is required'],
    ['f-location_name-error', 'Place is required'],
    ['f-country_code-error', 'Country code is required'],
    ['f-lon-error', 'Longitude is required\nLatitude is required'],
    ['f-sources-error', 'At least one source is required'],
  ]);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'error-summary', 'focus moves to the summary');

  // Instant feedback as each field is left; fixed fields clear.
  await page.locator('#f-title').fill('A vigil');
  await page.locator('#f-country_code').fill('XX');
  await page.locator('#f-lon').fill('200');
  await page.locator('#f-lat').fill('55.6761');
  await page.locator('#f-date_start').fill('2020-01-20');
  await page.locator('#f-date_end').fill('2020-01-18');
  await page.locator('#f-sources-0-name').fill('desk');
  await page.locator('#f-sources-0-url').fill('ftp://example.org/x');
  await page.locator('#f-tags').fill('ok, Not_OK');
  await page.locator('#f-location_name').fill('Copenhagen');
  await page.locator('#f-title').focus();
  await page.waitForFunction(() => !document.querySelector('#f-location_name-error').textContent);
  assert.deepEqual(await fieldErrors(page), [
    ['f-date_end-error', 'Last day must not be before the first day (2020-01-20)'],
    ['f-country_code-error', 'Country code must be an ISO 3166-1 alpha-2 code such as SE or US, got "XX"'],
    ['f-lon-error', 'Longitude must be between -180 and 180 degrees, got 200'],
    ['f-sources-0-url-error', 'URL must be an http or https URL, not ftp:'],
    ['f-tags-error', 'Tags must be 1 to 32 letters, digits (any script) or \'-\', got "Not_OK"'],
  ]);
  assert.equal(await page.locator('#f-lon').getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: join(ARTIFACTS, 'editor-invalid.png'), fullPage: true });

  // Fixed, except an id the server knows is taken: the server's refusal
  // shows next to the id, and what was typed stays.
  await page.locator('#f-date_end').fill('');
  await page.locator('#f-country_code').fill('dk');
  await page.locator('#f-lon').fill('12.5683');
  await page.locator('#f-sources-0-url').fill('https://example.org/x');
  await page.locator('#f-tags').fill('ok');
  await page.locator('#f-id').fill('2020-01-18-stockholm');
  await page.locator('button[type="submit"].primary').click();
  await page.locator('#f-id-error', { hasText: 'already used' }).waitFor();
  assert.equal(await page.locator('#f-id-error').textContent(), 'Id "2020-01-18-stockholm" is already used by another event');
  assert.equal(await page.inputValue('#f-title'), 'A vigil');
  assert.equal(await page.inputValue('#f-lon'), '12.5683');
  assert.match(page.url(), /\/editor\/new$/);
  assert.equal((await publicIds()).length, 6 + 1, 'only the first test\'s event was added');
  assert.deepEqual(problems.filter((p) => !p.includes('422')), []);
  await context.close();
});

test('without JavaScript the form still saves, and a refusal shows the form as typed', async () => {
  const { page, context } = await anna('/editor/new', { javaScriptEnabled: false });
  await page.locator('#f-title').fill('Vigil without scripts');
  await page.locator('#f-date_start').fill('2020-01-21');
  await page.locator('#f-location_name').fill('Hamburg');
  await page.locator('#f-country_code').fill('DEU');
  await page.locator('#f-lon').fill('9.99');
  await page.locator('#f-lat').fill('53.55');
  await page.locator('#f-sources-0-name').fill('desk');
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL(/\/editor\/new\?__path=/);
  assert.deepEqual(await fieldErrors(page), [
    ['f-country_code-error', 'Country code must be an ISO 3166-1 alpha-2 code such as SE or US, got "DEU"'],
  ]);
  assert.equal(await page.inputValue('#f-title'), 'Vigil without scripts');
  assert.equal(await page.inputValue('#f-lat'), '53.55');
  assert.equal(await page.inputValue('#f-sources-0-name'), 'desk');
  await page.locator('#f-country_code').fill('DE');
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL('**/editor/events/2020-01-21-hamburg?saved=1');
  assert.equal(await page.locator('.state strong').textContent(), 'Draft: only editors see it');
  assert.ok(!(await publicIds()).includes('2020-01-21-hamburg'), 'a draft is not public');
  await context.close();
});

test('of two editors saving the same version, the second is told what changed and keeps their text', async () => {
  const a = await anna('/editor/events/2020-01-hamburg');
  const b = await signedIn('omid', 'another long passphrase', '/editor/events/2020-01-hamburg');
  await a.page.locator('#f-title').fill('Rally in Hamburg (corrected by anna)');
  await a.page.locator('button[type="submit"].primary').click();
  await a.page.waitForURL('**/editor/events/2020-01-hamburg?saved=2');
  await a.page.locator('.notice.ok').waitFor();
  await a.page.waitForSelector('.picker[data-ready]');
  assert.equal(await a.page.locator('.picker .leaflet-marker-icon').count(), 1, 'the pin is back after saving');
  assert.equal(await a.page.locator('.source-row:visible').count(), 1, 'no spare source row with JavaScript');

  await b.page.locator('#f-crowd_size_text').fill('about a hundred');
  await b.page.locator('button[type="submit"].primary').click();
  await b.page.locator('.error-summary.conflict').waitFor();
  assert.equal(
    await b.page.locator('.error-summary h2').textContent(),
    'Not saved: anna saved this event while you were editing (now version 2).',
  );
  assert.deepEqual(await b.page.locator('.differences').evaluate((dl) => [...dl.children].map((c) => c.textContent)), [
    'Title', 'Rally in Hamburg (corrected by anna)', 'Crowd size', '',
  ]);
  assert.equal(await b.page.inputValue('#f-crowd_size_text'), 'about a hundred');
  const f = await api('/api/events/2020-01-hamburg');
  assert.equal(f.body.properties.title, 'Rally in Hamburg (corrected by anna)', 'not silently overwritten');
  assert.equal(f.body.properties.crowd_size_text, undefined);

  // Having seen theirs, omid takes anna's title and saves on purpose.
  await b.page.locator('#f-title').fill('Rally in Hamburg (corrected by anna)');
  await b.page.locator('button[type="submit"].primary').click();
  await b.page.waitForURL('**/editor/events/2020-01-hamburg?saved=3');
  const g = await api('/api/events/2020-01-hamburg');
  assert.deepEqual([g.body.properties.title, g.body.properties.crowd_size_text], ['Rally in Hamburg (corrected by anna)', 'about a hundred']);
  assert.deepEqual(a.problems, []);
  await a.context.close();
  await b.context.close();
});

test('the list searches, removes with undo, restores, and history brings back an old version', async () => {
  const { page, problems, context } = await anna('/editor');
  const rows = () => page.locator('table.events tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.id));
  await page.locator('input[name="q"]').fill('hague');
  await page.waitForFunction(() => document.querySelectorAll('table.events tbody tr').length === 1);
  assert.deepEqual(await rows(), ['2020-01-the-hague']);
  assert.equal(new URL(page.url()).search, '?q=hague');

  await page.locator('tr[data-id="2020-01-the-hague"] button.remove').click();
  await page.locator('.notice.ok', { hasText: 'Removed' }).waitFor();
  assert.deepEqual(await rows(), []);
  assert.ok(!(await publicIds()).includes('2020-01-the-hague'), 'gone from the public API');
  await page.locator('button.undo').click();
  await page.waitForFunction(() => document.querySelectorAll('table.events tbody tr').length === 1);
  assert.ok((await publicIds()).includes('2020-01-the-hague'), 'back in the public API');

  // Removed again, then restored from the Removed filter.
  await page.locator('tr[data-id="2020-01-the-hague"] button.remove').click();
  await page.locator('.notice.ok', { hasText: 'Removed' }).waitFor();
  await page.locator('select[name="show"]').selectOption('removed');
  await page.waitForFunction(() => document.querySelectorAll('table.events tbody tr.removed').length === 1);
  await page.screenshot({ path: join(ARTIFACTS, 'editor-list.png'), fullPage: true });
  await page.locator('tr[data-id="2020-01-the-hague"] button.restore').click();
  await page.waitForFunction(() => document.querySelectorAll('table.events tbody tr').length === 0);
  assert.ok((await publicIds()).includes('2020-01-the-hague'));

  // The history lists each change, newest first; version 1 comes back.
  await page.goto(server.url + '/editor/events/2020-01-the-hague/history');
  await page.waitForSelector('body[data-editor-live]');
  const heads = await page.locator('.change h2').allTextContents();
  assert.deepEqual(heads.map((h) => h.replace(/ · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/, '')), [
    'Version 5 · Restored after removal by anna',
    'Version 4 · Removed by anna',
    'Version 3 · Restored after removal by anna',
    'Version 2 · Removed by anna',
  ]);
  await page.goto(server.url + '/editor/events/2020-01-the-hague');
  await page.waitForSelector('body[data-editor-live]');
  await page.locator('#f-title').fill('A wrong title');
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL('**?saved=6');
  await page.goto(server.url + '/editor/events/2020-01-the-hague/history');
  await page.waitForSelector('body[data-editor-live]');
  assert.equal(await page.locator('.change').first().locator('p').first().textContent(), 'Changed: Title.');
  await page.locator('button.revert', { hasText: 'Restore version 5' }).click();
  await page.locator('.notice.ok', { hasText: 'version 7' }).waitFor();
  const f = await api('/api/events/2020-01-the-hague');
  assert.equal(f.body.properties.title, 'Protest outside the Dutch Parliament in The Hague');
  assert.deepEqual(problems, []);
  await context.close();
});
