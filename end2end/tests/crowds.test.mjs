// Crowds on the reader's map (issue 21, items 1–3): many events at one
// place can all be opened, no count hides another, and the server's
// clusters join events either side of the antimeridian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openMapAt, ARTIFACTS } from '../lib/harness.mjs';
import { axeViolations } from '../lib/axe.mjs';

// Each crowd on a day of its own, so that each test's window holds it alone.
const DAY = '2021-03-06';
const FIJI_DAY = '2021-03-07';
const TAVEUNI_DAY = '2021-03-08';
const TOWN_DAY = '2021-03-09';

/** A valid event of `day` at `[lon, lat]`. */
function event(id, title, lon, lat, kind = 'rally', day = DAY) {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: {
      title, kind, date_start: day, date_end: day, date_precision: 'exact',
      location_name: 'Test place', country_code: 'DE', geo_precision: 'site', sources: [{ name: 'test' }],
    },
  };
}

const pad = (n) => String(n).padStart(2, '0');
// 25 events on one square, where people gather every week.
const SQUARE = [13.4132, 52.5219];
const square = Array.from({ length: 25 }, (_, k) => event(`square-${pad(k + 1)}`, `Weekly vigil ${pad(k + 1)} on the square`, ...SQUARE, 'vigil'));
// Two crowds of 20, 0.11° apart in Fiji: one circle of 40, never two 20s.
const fiji = Array.from({ length: 40 }, (_, k) => event(`fiji-${pad(k)}`, `Fiji ${k}`, k < 20 ? 178.0 - 0.0005 * k : 178.11 + 0.0005 * (k - 20), -17.6, 'rally', FIJI_DAY));
// 40 events around Taveuni, 20 each side of 180°.
const taveuni = Array.from({ length: 40 }, (_, k) => event(`taveuni-${pad(k)}`, `Taveuni ${k}`, k % 2 ? -179.95 - 0.0004 * k : 179.95 + 0.0004 * k, -16.85 + 0.0003 * k, 'rally', TAVEUNI_DAY));
// A dense town: 506 events in one block and 69 in the next.
const town = [
  ...Array.from({ length: 506 }, (_, k) => event(`town-a-${k}`, `Town A ${k}`, 9.98 + (k % 23) * 0.0009, 51.0 + Math.floor(k / 23) * 0.0007, 'rally', TOWN_DAY)),
  ...Array.from({ length: 69 }, (_, k) => event(`town-b-${k}`, `Town B ${k}`, 10.0025 + (k % 7) * 0.0004, 51.0 + Math.floor(k / 7) * 0.0004, 'protest', TOWN_DAY)),
];

let server;
let browser;
before(async () => {
  const seedDir = mkdtempSync(join(tmpdir(), 'rallymap-crowds-'));
  writeFileSync(join(seedDir, 'crowds.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [...square, ...fiji, ...taveuni, ...town] }));
  server = await startServer({ seedDir });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const openMap = (path, options = {}) => openMapAt(browser, server.url + path, options);
const query = (page) => Object.fromEntries(new URL(page.url()).searchParams);

/** The clusters drawn: `{ count, x, y, r }` in pixels from the map's corner. */
const clustersOf = (page) => page.locator('.map').evaluate((m) => (m.dataset.clusters ?? '').split(' ').filter(Boolean).map((c) => {
  const [count, rest] = c.split('@');
  const [x, y, r] = rest.split(',').map(Number);
  return { count: Number(count), x, y, r };
}));

/** Waits until the map has drawn the window's `n` events at the view asked for. */
async function drawn(page, n) {
  await page.waitForFunction((n) => document.querySelector('.map')?.dataset.markers === String(n), n);
  await page.waitForTimeout(150);
}

test('25 events on one square: the cluster lists them, ten a page, by pointer and keyboard, without zooming', async () => {
  const { page, problems, context } = await openMap(`/?start=${DAY}&end=${DAY}&lat=${SQUARE[1]}&lon=${SQUARE[0]}&z=12`);
  await drawn(page, 25);
  // The square is in the middle of the view: one circle with 25.
  const box = await page.locator('.map').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const crowd = page.locator('.leaflet-popup .crowd');
  await crowd.waitFor();
  assert.equal(query(page).z, '12', 'zooming cannot split one place: the map did not zoom');
  assert.equal(await crowd.locator('.crowd-title').textContent(), '25 events at this place');
  await page.waitForFunction(() => document.querySelector('.crowd-status')?.textContent === '1–10 of 25');
  assert.equal(await crowd.locator('.crowd-rows li').count(), 10);
  assert.deepEqual((await clustersOf(page)).map((c) => c.count), [25]);
  // Grown by its rows, the popup pans back into view whole.
  await page.waitForTimeout(400);
  const [map, list] = await Promise.all([page.locator('.map').boundingBox(), page.locator('.leaflet-popup').boundingBox()]);
  assert.ok(list.y >= map.y && list.y + list.height <= map.y + map.height, `list ${JSON.stringify(list)} in map ${JSON.stringify(map)}`);
  // The keyboard is in the list: on its heading, then Tab through the rows.
  assert.equal(await page.evaluate(() => document.activeElement.className), 'popup-title crowd-title');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Weekly vigil 01 on the square');
  const seen = new Set();
  const readPage = async () => {
    for (const t of await crowd.locator('.crowd-rows a').allTextContents()) seen.add(t);
  };
  await readPage();
  // Previous is at its end; Next pages on, and keeps the focus.
  assert.equal(await crowd.locator('.crowd-previous').getAttribute('aria-disabled'), 'true');
  await crowd.locator('.crowd-next').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.crowd-status')?.textContent === '11–20 of 25');
  await readPage();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.crowd-status')?.textContent === '21–25 of 25');
  assert.equal(await crowd.locator('.crowd-rows li').count(), 5);
  assert.equal(await crowd.locator('.crowd-next').getAttribute('aria-disabled'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'crowd-next');
  await readPage();
  assert.equal(seen.size, 25, 'every event of the square is reachable');
  // A row opens its event's popup, with the focus on its title.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Weekly vigil 25 on the square');
  await page.keyboard.press('Enter');
  const popup = page.locator('.leaflet-popup .popup[data-event-id]');
  await popup.waitFor();
  assert.equal(await popup.getAttribute('data-event-id'), 'square-25');
  await page.waitForFunction(() => document.activeElement?.textContent === 'Weekly vigil 25 on the square' && document.activeElement.classList.contains('popup-title'));
  await page.waitForFunction(() => new URL(location.href).searchParams.get('event') === 'square-25');
  await page.screenshot({ path: join(ARTIFACTS, 'crowd-25.png') });
  // Escape closes it; the focus goes back to the map, where the list was opened.
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('.leaflet-popup'));
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('leaflet-container')), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('at the highest zoom a crowd too large to spread lists its events too', async () => {
  const { page, context } = await openMap(`/?start=${DAY}&end=${DAY}&lat=${SQUARE[1]}&lon=${SQUARE[0]}&z=18`);
  await drawn(page, 25);
  const box = await page.locator('.map').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('.leaflet-popup .crowd').waitFor();
  await page.waitForFunction(() => document.querySelector('.crowd-status')?.textContent === '1–10 of 25');
  assert.equal(query(page).z, '18');
  await context.close();
});

test('axe-core finds no violation with a crowd\'s list open, in English and in Persian', async () => {
  for (const lang of ['en', 'fa']) {
    const { page, context } = await openMap(`/?lang=${lang}&start=${DAY}&end=${DAY}&lat=${SQUARE[1]}&lon=${SQUARE[0]}&z=12`, { bypassCSP: true });
    await drawn(page, 25);
    const box = await page.locator('.map').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.leaflet-popup .crowd-rows li').first().waitFor();
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
    if (lang === 'fa') {
      assert.equal(await page.locator('.crowd-title').textContent(), '۲۵ رویداد در این مکان');
      assert.equal(await page.locator('.crowd-status').textContent(), '۱ تا ۱۰ از ۲۵');
    }
    await page.screenshot({ path: join(ARTIFACTS, `crowd-list-${lang}.png`) });
    assert.deepEqual(await axeViolations(page), [], lang);
    await context.close();
  }
});

/** Every pair of clusters drawn keeps apart (0.2 px for the attribute's rounding). */
function overlaps(clusters) {
  const found = [];
  clusters.forEach((a, i) => clusters.slice(i + 1).forEach((b) => {
    const gap = Math.hypot(a.x - b.x, a.y - b.y) - a.r - b.r;
    if (gap < -0.2) found.push(`${a.count} and ${b.count} overlap by ${(-gap).toFixed(1)} px`);
  }));
  return found;
}

test('no cluster hides another: two 20s 0.11° apart are one 40, at every zoom and offset, at 1280 and 360 px', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
    const { page, context } = await openMap(`/?start=${FIJI_DAY}&end=${FIJI_DAY}&lat=-17.6&lon=178.05&z=3`, { viewport });
    for (const z of [3, 5, 7, 8]) {
      // Views 7 pixels apart move the grid's cell edges across the gap
      // between the crowds (10 px at zoom 7, 20 px at zoom 8).
      for (let k = 0; k < 8; k++) {
        const lon = (178.05 + (k * 7 * 360) / (256 * 2 ** z)).toFixed(5);
        await page.goto(`${server.url}/?start=${FIJI_DAY}&end=${FIJI_DAY}&lat=-17.6&lon=${lon}&z=${z}`);
        await drawn(page, 40);
        const clusters = await clustersOf(page);
        assert.deepEqual(clusters.map((c) => c.count), [40], `${viewport.width} px, z${z}, lon ${lon}: ${JSON.stringify(clusters)}`);
      }
    }
    await context.close();
  }
});

test('no cluster hides another in a dense town, at every zoom, at 1280 and 360 px', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
    const { page, context } = await openMap(`/?start=${TOWN_DAY}&end=${TOWN_DAY}&lat=51.01&lon=10&z=5`, { viewport });
    for (let z = 4; z <= 16; z++) {
      for (let k = 0; k < 3; k++) {
        const lon = (10.0 + (k * 19 * 360) / (256 * 2 ** z)).toFixed(6);
        await page.goto(`${server.url}/?start=${TOWN_DAY}&end=${TOWN_DAY}&lat=51.008&lon=${lon}&z=${z}`);
        await drawn(page, 575);
        const clusters = await clustersOf(page);
        if (z <= 12) assert.ok(clusters.length > 0, `z${z}: the town is drawn as clusters`);
        assert.deepEqual(overlaps(clusters), [], `${viewport.width} px, z${z}, lon ${lon}`);
      }
    }
    await page.screenshot({ path: join(ARTIFACTS, `town-z16-${viewport.width}.png`) });
    await context.close();
  }
});

test('the server clusters events either side of 180° as one, at zoom 0 to 8', async () => {
  for (let zoom = 0; zoom <= 8; zoom++) {
    for (const bbox of ['', '&bbox=170,-20,-170,-10']) {
      const answer = await (await fetch(`${server.url}/api/map/clusters?datetime=${TAVEUNI_DAY}${bbox}&zoom=${zoom}`)).json();
      const near = answer.clusters.filter((c) => Math.abs(c.lon) > 179 && c.lat < -16);
      assert.deepEqual(near.map((c) => c.count), [40], `zoom ${zoom}${bbox}: ${JSON.stringify(near)}`);
    }
  }
});
