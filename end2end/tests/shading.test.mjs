// Countries shaded by their events in the window (README, "Shading
// countries"): the fills on the basemap's canvas, the legend, the table for
// screen readers, the slider moving them, the permalink, and axe in English
// and Persian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openMapAt, ARTIFACTS } from '../lib/harness.mjs';
import { axeViolations } from '../lib/axe.mjs';

/** A valid event at `[lon, lat]` in `country` on `day`, with `extra` properties. */
function event(id, country, lon, lat, day, extra = {}) {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: {
      title: `Rally ${id}`, kind: 'rally', date_start: day, date_end: day, date_precision: 'exact',
      location_name: 'Test place', country_code: country, geo_precision: 'site', sources: [{ name: 'test' }], ...extra,
    },
  };
}

// 1–2 May: Iran 6 (two with numbers), Sweden 2, Germany 1; 10 May: Sweden 1.
const EVENTS = [
  ...Array.from({ length: 6 }, (_, k) => event(`tehran-${k}`, 'IR', 51.39 + 0.01 * k, 35.69, '2021-05-01',
    k === 0 ? { crowd_size_low: 1000, crowd_size_high: 2000 } : k === 1 ? { crowd_size_low: 300, crowd_size_high: 300 } : {})),
  event('stockholm', 'SE', 18.07, 59.33, '2021-05-02'),
  event('gothenburg', 'SE', 11.97, 57.71, '2021-05-01'),
  event('berlin', 'DE', 13.4, 52.52, '2021-05-02'),
  event('malmo', 'SE', 13.0, 55.6, '2021-05-10'),
];

// Points well inside each country, away from borders (degrees).
const SWEDEN = [64, 16];
const IRAN = [31, 57];
const GERMANY = [51, 10];
const EGYPT = [25, 29];
const LAND = 'rgb(241, 237, 228)';
const VIEW = 'lat=45&lon=30&z=3';

let server;
let browser;
before(async () => {
  const seedDir = mkdtempSync(join(tmpdir(), 'rallymap-shading-'));
  writeFileSync(join(seedDir, 'shading.geojson'), JSON.stringify({ type: 'FeatureCollection', features: EVENTS }));
  server = await startServer({ seedDir });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * The basemap canvas's colour at `[lat, lon]`, as `rgb(r, g, b)`: the view
 * is the permalink's, so the point's place follows from Web Mercator.
 */
const fillAt = (page, [lat, lon]) => page.evaluate(([lat, lon, view]) => {
  const q = new URLSearchParams(view);
  const scale = 256 * 2 ** Number(q.get('z'));
  const project = (lat, lon) => {
    const s = Math.sin((lat * Math.PI) / 180);
    return [((lon + 180) / 360) * scale, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale];
  };
  const map = document.querySelector('.map').getBoundingClientRect();
  const [cx, cy] = project(Number(q.get('lat')), Number(q.get('lon')));
  const [px, py] = project(lat, lon);
  const x = map.left + map.width / 2 + (px - cx);
  const y = map.top + map.height / 2 + (py - cy);
  const canvas = document.querySelector('.leaflet-basemap-pane canvas');
  const r = canvas.getBoundingClientRect();
  const d = canvas.getContext('2d').getImageData(
    Math.round((x - r.left) * (canvas.width / r.width)), Math.round((y - r.top) * (canvas.height / r.height)), 1, 1).data;
  return `rgb(${d[0]}, ${d[1]}, ${d[2]})`;
}, [lat, lon, VIEW]);

/** Waits (up to 5 s) until the fill at `at` is `want`, then checks it. */
async function fillIs(page, at, want) {
  let got;
  for (let i = 0; i < 50; i += 1) {
    got = await fillAt(page, at);
    if (got === want) break;
    await page.waitForTimeout(100);
  }
  assert.equal(got, want, `fill at ${at}`);
}

/** The table's rows as [country, events, people]. */
const rows = (page) => page.locator('.shade-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
const legend = (page) => page.locator('.shade-legend li').evaluateAll((lis) => lis.map((li) => [li.textContent, li.querySelector('.shade-swatch').style.background]));

async function openShaded(path, options = {}) {
  const p = await openMapAt(browser, server.url + path, options);
  await p.page.waitForSelector('.map[data-basemap="loaded"]');
  return p;
}

test('Shading on: countries filled by events in the window, a legend, a table, and the slider moves them', async () => {
  const { page, problems, context, requests } = await openShaded(`/?start=2021-05-01&end=2021-05-02&${VIEW}`);
  // Off at first: the land's fill, no legend, and the shading's code not
  // fetched (its WASM chunks come when the box is ticked).
  await fillIs(page, IRAN, LAND);
  assert.equal(await page.locator('.shade-legend').count(), 0);
  const chunks = () => requests.filter((u) => /\/pkg\/split_/.test(u)).map((u) => u.replace(/^.*\/split_([a-z_]+?)_\d+\.wasm$/, '$1'));
  assert.deepEqual(chunks(), []);
  await page.getByLabel('Shade countries by events').check();
  await page.waitForSelector('.map[data-shaded="3"]');
  await page.waitForSelector('.shade-legend');
  assert.deepEqual(chunks().sort(), ['legend_view', 'read_answer']);
  // Six is the most: four classes (1, 2, 3–4, 5–6), the darkest four of YlOrRd.
  await fillIs(page, IRAN, 'rgb(189, 0, 38)');
  await fillIs(page, SWEDEN, 'rgb(253, 141, 60)');
  await fillIs(page, GERMANY, 'rgb(254, 204, 92)');
  await fillIs(page, EGYPT, LAND);
  assert.deepEqual(await legend(page), [
    ['1', 'rgb(254, 204, 92)'], ['2', 'rgb(253, 141, 60)'], ['3–4', 'rgb(240, 59, 32)'], ['5–6', 'rgb(189, 0, 38)'],
  ]);
  assert.equal(await page.locator('.shade-legend > span').textContent(), 'Events per country');
  // Markers stay above the fill: the basemap's pane is under the markers'.
  const zIndex = (sel) => page.locator(sel).evaluate((e) => Number(getComputedStyle(e).zIndex));
  assert.ok((await zIndex('.leaflet-basemap-pane')) < (await zIndex('.leaflet-overlay-pane')));
  await page.locator('.shade-table summary').click();
  assert.deepEqual(await rows(page), [
    ['Iran', '6', '1,300–2,300 (at 2 of 6 events)'],
    ['Sweden', '2', 'not reported'],
    ['Germany', '1', 'not reported'],
  ]);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('shade') === 'countries');
  await page.screenshot({ path: join(ARTIFACTS, 'shading-on.png') });

  // The end handle to the last day: Sweden has 3 now (class 3–4).
  await page.locator('.handle-end').focus();
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelector('.shade-table tbody tr:nth-child(2) td')?.textContent === '3');
  assert.deepEqual(await rows(page), [
    ['Iran', '6', '1,300–2,300 (at 2 of 6 events)'],
    ['Sweden', '3', 'not reported'],
    ['Germany', '1', 'not reported'],
  ]);
  // The table stays open while the answers change.
  assert.equal(await page.locator('.shade-table').evaluate((d) => d.open), true);
  await fillIs(page, SWEDEN, 'rgb(240, 59, 32)');
  // Only 10 May: Sweden alone, one class.
  await page.locator('.handle-start').focus();
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelectorAll('.shade-table tbody tr').length === 1);
  assert.deepEqual(await rows(page), [['Sweden', '1', 'not reported']]);
  assert.deepEqual(await legend(page), [['1', 'rgb(189, 0, 38)']]);
  await fillIs(page, SWEDEN, 'rgb(189, 0, 38)');
  await fillIs(page, IRAN, LAND);
  await page.waitForSelector('.map[data-shaded="1"]');

  // Off again: the land's fill everywhere, no legend.
  await page.getByLabel('Shade countries by events').uncheck();
  await fillIs(page, SWEDEN, LAND);
  assert.equal(await page.locator('.shade-legend').count(), 0);
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('shade'));
  // Chromium's hint about this test's own pixel reads is not the page's.
  assert.deepEqual(problems.filter((p) => !p.includes('willReadFrequently')), []);
  await context.close();
});

test('a permalink with shade=countries opens shaded, and survives a reload', async () => {
  const { page, problems, context } = await openShaded(`/?start=2021-05-01&end=2021-05-02&${VIEW}&shade=countries`);
  await page.waitForSelector('.map[data-shaded="3"]');
  assert.equal(await page.getByLabel('Shade countries by events').isChecked(), true);
  await fillIs(page, IRAN, 'rgb(189, 0, 38)');
  await page.reload();
  await page.waitForSelector('.map[data-shaded="3"]');
  await fillIs(page, SWEDEN, 'rgb(253, 141, 60)');
  assert.equal(new URL(page.url()).searchParams.get('shade'), 'countries');
  assert.deepEqual(problems.filter((p) => !p.includes('willReadFrequently')), []);
  await context.close();
});

test('Persian: the table in Persian words and digits; axe finds nothing with the legend and table open, in both languages', async () => {
  for (const [query, label, want] of [
    ['', 'Shade countries by events', [['Iran', '6', '1,300–2,300 (at 2 of 6 events)'], ['Sweden', '2', 'not reported'], ['Germany', '1', 'not reported']]],
    ['&lang=fa', 'رنگ‌آمیزی کشورها بر پایهٔ شمار رویدادها', [['ایران', '۶', '۱٬۳۰۰–۲٬۳۰۰ (در ۲ از ۶ رویداد)'], ['سوئد', '۲', 'گزارش نشده'], ['آلمان', '۱', 'گزارش نشده']]],
  ]) {
    const { page, context } = await openShaded(`/?start=2021-05-01&end=2021-05-02&${VIEW}&shade=countries${query}`, { bypassCSP: true });
    await page.waitForSelector('.map[data-shaded="3"]');
    assert.equal(await page.getByLabel(label).isChecked(), true);
    await page.locator('.shade-table summary').click();
    assert.deepEqual(await rows(page), want);
    if (query) await page.screenshot({ path: join(ARTIFACTS, 'shading-fa.png') });
    assert.deepEqual(await axeViolations(page), [], `axe ${query || 'en'}`);
    await context.close();
  }
});
