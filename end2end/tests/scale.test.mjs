// The reader's map with 20,000 made-up events: the page does not carry
// them, the list is virtual, a click on a point opens the right popup, and
// an empty window says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, serverBinary, ARTIFACTS } from '../lib/harness.mjs';

let server;
let browser;
before(async () => {
  const seedDir = mkdtempSync(join(tmpdir(), 'rallymap-20k-'));
  const gen = spawnSync(serverBinary(), ['generate', '--events', '20000'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (gen.status !== 0) throw new Error(gen.stderr);
  writeFileSync(join(seedDir, 'events.geojson'), gen.stdout);
  server = await startServer({ seedDir });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const api = async (path) => (await fetch(server.url + path)).json();

async function openMap(path) {
  const p = await openPage(browser);
  await p.page.goto(server.url + path);
  await p.page.waitForSelector('body[data-hydrated]');
  await p.page.waitForSelector('.map[data-markers]');
  return p;
}

test('the page carries a summary, not 20,000 events, and the list keeps few rows', async () => {
  const html = await (await fetch(server.url + '/')).text();
  assert.ok(html.length < 120_000, `the page is ${html.length} bytes`);
  assert.equal((html.match(/<li data-id=/g) ?? []).length, 50, 'one page of the list without JavaScript');
  const { page, problems, context } = await openMap('/');
  await page.waitForFunction(() => document.querySelector('.map').dataset.markers === '20000');
  assert.equal(await page.locator('.window-count').textContent(), '20000 of 20000 events');
  await page.waitForSelector('.virtual-list');
  const rows = await page.locator('.event-list li').count();
  assert.ok(rows > 5 && rows < 200, `${rows} rows in the document`);
  // Scrolling far down shows rows from there, with their text.
  await page.locator('.virtual-list').evaluate((el) => { el.scrollTop = 76 * 15000; });
  // Every row in view has its text once its page of the list has come, and
  // the rows are those of the scrolled place once the list has re-rendered
  // after the scroll (under load that takes more than one frame).
  await page.waitForFunction(() => {
    const links = [...document.querySelectorAll('.event-list li a')];
    const tops = [...document.querySelectorAll('.event-list li')].map((li) =>
      li.getBoundingClientRect().top - li.parentElement.getBoundingClientRect().top);
    return links.length > 0 && links.every((a) => a.textContent !== '…') && Math.min(...tops) > 76 * 14000;
  }, null, { timeout: 15_000 });
  // Rows and their places read in one go: the list replaces rows as it
  // scrolls, and a locator's evaluateAll finds them and reads them in two.
  const tops = await page.evaluate(() => [...document.querySelectorAll('.event-list li')].map((li) =>
    li.getBoundingClientRect().top - li.parentElement.getBoundingClientRect().top));
  assert.ok(tops.length < 200, `${tops.length} rows after scrolling`);
  assert.ok(Math.min(...tops) > 76 * 14000, 'the rows in view are from the middle of the list');
  await page.screenshot({ path: join(ARTIFACTS, 'map-20k.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('clicking a point opens that event\'s popup', async () => {
  // A quiet day, and an event on it with no other within a few kilometres.
  const day = '2021-06-15';
  const fc = await api(`/api/events?datetime=${day}`);
  const far = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]) > 0.05;
  const lone = fc.features.find((f) => fc.features.every((g) => g === f || far(f.geometry.coordinates, g.geometry.coordinates)));
  assert.ok(lone, 'a lone event on a quiet day');
  const [lon, lat] = lone.geometry.coordinates;
  const { page, problems, context } = await openMap(`/?start=${day}&end=${day}&lat=${lat}&lon=${lon}&z=12`);
  await page.waitForFunction((n) => document.querySelector('.map').dataset.markers === String(n), fc.features.length);
  const box = await page.locator('.map').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const popup = page.locator('.leaflet-popup .popup');
  await popup.waitFor();
  assert.equal(await popup.getAttribute('data-event-id'), lone.id);
  assert.equal(await popup.locator('.popup-title').textContent(), lone.properties.title);
  await page.waitForFunction((id) => new URL(location.href).searchParams.get('event') === id, lone.id);
  assert.equal(await page.locator('.event-list li.selected').getAttribute('data-id'), lone.id);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a window without events shows the empty state', async () => {
  const { page, problems, context } = await openMap('/?start=2030-01-01&end=2030-01-03');
  assert.equal(await page.locator('.window-count').textContent(), '0 of 20000 events');
  assert.equal(await page.locator('.map').getAttribute('data-markers'), '0');
  assert.equal(await page.locator('.list-empty').textContent(), 'No events in this window. Widen the dates to see more.');
  assert.deepEqual(problems, []);
  await context.close();
});

test('without JavaScript the list pages through the window', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/?start=2019-11-16&end=2019-11-16');
  const first = await page.locator('.event-list li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
  assert.equal(first.length, 50);
  await page.locator('.pager a[rel="next"]').click();
  await page.waitForURL(/page=2/);
  const second = await page.locator('.event-list li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
  assert.equal(second.length, 50);
  assert.equal(second.filter((id) => first.includes(id)).length, 0, 'the next page has other events');
  const listed = await api('/api/map/list?datetime=2019-11-16&offset=50&limit=50');
  assert.deepEqual(second, listed.items.map((i) => i.id), 'the same order as the API');
  await context.close();
});

// ---- Issue 21, item 5: the virtual list to a screen reader and a keyboard ----

/** The row with the keyboard focus: its position (aria-posinset), or what has the focus instead. */
const focusedRow = (page) => page.evaluate(() => {
  const a = document.activeElement;
  const li = a?.closest('.event-list li');
  return li && a.tagName === 'A' ? Number(li.getAttribute('aria-posinset')) : a?.tagName ?? 'none';
});

test('a screen reader hears the whole list: its name, each row\'s place in all 20,000, and the open row', async () => {
  const { page, problems, context } = await openMap('/');
  await page.waitForSelector('.virtual-list');
  const list = page.locator('.event-list.virtual');
  assert.equal(await list.getAttribute('aria-label'), 'Events in the window');
  await page.locator('.virtual-list').evaluate((el) => { el.scrollTop = 76 * 9000; });
  await page.waitForFunction(() => document.querySelector('.event-list li[aria-posinset="9001"]'));
  const rows = await list.locator('li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('aria-posinset'), li.getAttribute('aria-setsize')]));
  assert.ok(rows.length > 5 && rows.length < 40, `${rows.length} rows in the page`);
  assert.ok(rows.every(([, size]) => size === '20000'), 'every row says 20,000');
  const positions = rows.map(([p]) => Number(p));
  assert.deepEqual(positions, positions.map((_, k) => positions[0] + k), 'consecutive places, in order');
  assert.ok(positions.includes(9001));
  // The open popup's row is the current one.
  const row = list.locator('li[aria-posinset="9001"] a');
  await row.click();
  await page.locator('.leaflet-popup .popup-title').waitFor();
  await page.waitForFunction(() => document.querySelector('.event-list li[aria-posinset="9001"] a')?.getAttribute('aria-current') === 'true');
  assert.equal(await list.locator('a[aria-current]').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the keyboard never falls to <body>: 250 Tabs and 250 Shift+Tabs from row 5005, and after a wheel or ArrowDown', async () => {
  const { page, problems, context } = await openMap('/');
  await page.waitForSelector('.virtual-list');
  await page.locator('.virtual-list').evaluate((el) => { el.scrollTop = 76 * 5000; });
  await page.waitForFunction(() => document.querySelector('.event-list li[aria-posinset="5005"]'));
  await page.locator('.event-list li[aria-posinset="5005"] a').focus();
  for (let k = 1; k <= 250; k++) {
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedRow(page), 5005 - k, `Shift+Tab ${k}`);
  }
  for (let k = 1; k <= 250; k++) {
    await page.keyboard.press('Tab');
    assert.equal(await focusedRow(page), 4755 + k, `Tab ${k}`);
  }
  // A wheel scroll takes the row far out of view: it keeps the focus, and
  // Tab goes on from it.
  const box = await page.locator('.virtual-list').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let k = 0; k < 10; k++) await page.mouse.wheel(0, 2000);
  await page.waitForTimeout(300);
  assert.ok((await page.locator('.virtual-list').evaluate((el) => el.scrollTop)) > 76 * 5200, 'scrolled away');
  assert.equal(await focusedRow(page), 5005);
  await page.keyboard.press('Tab');
  assert.equal(await focusedRow(page), 5006);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focusedRow(page), 5005);
  // ArrowDown scrolls the list; the focus stays on its row.
  for (let k = 0; k < 40; k++) await page.keyboard.press('ArrowDown');
  await page.waitForTimeout(300);
  assert.equal(await focusedRow(page), 5005);
  await page.keyboard.press('Tab');
  assert.equal(await focusedRow(page), 5006);
  assert.deepEqual(problems, []);
  await context.close();
});
