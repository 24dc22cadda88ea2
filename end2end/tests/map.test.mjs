// The reader's map in a real browser: markers, slider, list, popups,
// permalinks, hostile text, time zones, and no requests to other hosts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, openMapAt, ARTIFACTS, ROOT } from '../lib/harness.mjs';

let server;
let hostile;
let browser;
before(async () => {
  server = await startServer();
  hostile = await startServer({ seedDir: join(ROOT, 'end2end/fixtures/hostile') });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await hostile?.stop();
});

const openMap = (path, { base = server.url, ...options } = {}) => openMapAt(browser, base + path, options);

const count = (page) => page.locator('.window-count').textContent();
const markers = (page) => page.locator('.map').getAttribute('data-markers');
/** The markers drawn come to `n`: the map draws at the next animation frame
 * after the window changes, a moment after the count says so. */
const markersSettleAt = async (page, n) => {
  await page.waitForFunction((n) => document.querySelector('.map')?.dataset.markers === n, n, { timeout: 5_000 }).catch(() => {});
  assert.equal(await markers(page), n);
};
const listIds = (page) => page.locator('.event-list li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
const query = (page) => Object.fromEntries(new URL(page.url()).searchParams);

test('six markers on load, on the bundled basemap, with no foreign request and no console error', async () => {
  const { page, problems, requests, context } = await openMap('/');
  await page.waitForSelector('.map[data-basemap="loaded"]');
  await markersSettleAt(page, '6');
  assert.equal(await count(page), '6 of 6 events');
  assert.deepEqual(await listIds(page), [
    '2020-01-18-stockholm', '2020-01-18-washington', '2020-01-copenhagen',
    '2020-01-hamburg', '2020-01-tehran-banners', '2020-01-the-hague',
  ]);
  await page.screenshot({ path: join(ARTIFACTS, 'map.png') });
  assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), []);
  // The editor pages are WASM chunks of their own, never fetched by readers.
  assert.deepEqual(requests.filter((u) => /\/pkg\/(split_|chunk_)/.test(u)), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the window 18–18 January shows all six; 21 January onwards shows none', async () => {
  const { page, problems, context } = await openMap('/?start=2020-01-18&end=2020-01-18');
  await markersSettleAt(page, '6');
  assert.equal(await count(page), '6 of 6 events');
  // A typed date applies on Enter (or when the field is left).
  await page.locator('.date-end').fill('2020-01-25');
  await page.locator('.date-end').press('Enter');
  await page.locator('.date-start').fill('2020-01-21');
  await page.locator('.date-start').press('Enter');
  await page.waitForFunction(() => document.querySelector('.window-count').textContent === '0 of 6 events');
  await markersSettleAt(page, '0');
  // The list and the address bar follow once the slider rests (120 ms).
  await page.waitForFunction(() => new URL(location.href).searchParams.get('start') === '2020-01-21');
  assert.deepEqual(await listIds(page), []);
  assert.equal(await page.locator('.list-empty').textContent(), 'No events in this window. Widen the dates to see more.');
  assert.equal(query(page).end, '2020-01-25');
  assert.deepEqual(problems, []);
  await context.close();
});

test('typed dates and keyboard steps move the window', async () => {
  const { page, context } = await openMap('/');
  await page.locator('.date-start').fill('2020-01-19');
  await page.locator('.date-start').press('Enter');
  await page.waitForFunction(() => document.querySelector('.window-count').textContent === '4 of 6 events');
  assert.equal(await page.locator('.window-text').textContent(), '19–20 January 2020');

  const start = page.locator('.handle-start');
  await start.focus();
  await page.keyboard.press('Home');
  assert.equal(await count(page), '6 of 6 events');
  assert.equal(await page.locator('.date-start').inputValue(), '2020-01-18');

  const end = page.locator('.handle-end');
  await end.focus();
  await page.keyboard.press('Home');
  assert.equal(await page.locator('.window-text').textContent(), '18 January 2020');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('.date-end').inputValue(), '2020-01-19');
  await start.focus();
  await page.keyboard.press('End');
  // The handle moved past the other swaps roles with it: 19–20 January,
  // and each handle says which end it now is, and its day in words.
  assert.equal(await page.locator('.window-text').textContent(), '19–20 January 2020');
  assert.equal(await count(page), '4 of 6 events');
  assert.equal(await end.getAttribute('aria-valuetext'), '19 January 2020');
  assert.equal(await end.getAttribute('aria-label'), 'First day of the window');
  assert.equal(await start.getAttribute('aria-label'), 'Last day of the window');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.locator('.window-text').textContent(), '19 January 2020');
  await context.close();
});

test('the play button steps a day at a time, reaches the end and stops', async () => {
  const { page, context } = await openMap('/?start=2020-01-18&end=2020-01-18');
  const play = page.locator('button.play');
  assert.equal(await play.textContent(), 'Play');
  await play.click();
  assert.equal(await play.getAttribute('aria-pressed'), 'true');
  await page.waitForFunction(() => document.querySelector('.window-text').textContent === '19 January 2020', null, { timeout: 5_000 });
  await page.waitForFunction(() => document.querySelector('button.play').textContent === 'Play', null, { timeout: 5_000 });
  assert.equal(await page.locator('.window-text').textContent(), '20 January 2020');
  assert.equal(await play.getAttribute('aria-pressed'), 'false');
  assert.equal(await count(page), '4 of 6 events');
  await page.waitForTimeout(1_000);
  assert.equal(await page.locator('.window-text').textContent(), '20 January 2020', 'stays at the end');
  await context.close();
});

test('clicking a list item opens its popup, highlights it and puts it in the URL', async () => {
  const { page, problems, context } = await openMap('/');
  await page.locator('.event-list li[data-id="2020-01-hamburg"] a').click();
  const popup = page.locator('.leaflet-popup .popup');
  await popup.waitFor();
  assert.equal(await popup.getAttribute('data-event-id'), '2020-01-hamburg');
  assert.equal(await popup.locator('.popup-title').textContent(), 'Rally in Hamburg supporting the protests in Iran');
  assert.equal(await popup.locator('.popup-meta').textContent(), 'Rally · around 18–20 January 2020 (date not reported)');
  assert.equal(await popup.locator('.popup-where').textContent(), 'Hamburg, Germany (city centre; venue not reported)');
  assert.equal(await popup.locator('.popup-sources').textContent(), 'Source: irannewsupdate');
  assert.equal(await page.locator('.event-list li.selected').getAttribute('data-id'), '2020-01-hamburg');
  assert.equal(page.url().includes('/events/'), false, 'stayed on the map');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('event') === '2020-01-hamburg');
  // Another item moves the popup and the highlight.
  await page.locator('.event-list li[data-id="2020-01-18-washington"] a').click();
  await page.waitForFunction(() => document.querySelector('.leaflet-popup .popup')?.dataset.eventId === '2020-01-18-washington');
  assert.deepEqual(await page.locator('.event-list li.selected').evaluateAll((l) => l.map((x) => x.dataset.id)), ['2020-01-18-washington']);
  // Closing the popup clears the highlight and the URL's event.
  await page.locator('.leaflet-popup-close-button').click();
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('event'));
  assert.equal(await page.locator('.event-list li.selected').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a permalink restores the same window, view and open event', async () => {
  const link = '/?start=2020-01-19&end=2020-01-20&lat=53.2&lon=8.5&z=5&event=2020-01-hamburg';
  const { page, problems, context } = await openMap(link);
  const popup = page.locator('.leaflet-popup .popup');
  await popup.waitFor();
  assert.equal(await popup.getAttribute('data-event-id'), '2020-01-hamburg');
  assert.equal(await count(page), '4 of 6 events');
  assert.equal(await page.locator('.date-start').inputValue(), '2020-01-19');
  assert.equal(await page.locator('.date-end').inputValue(), '2020-01-20');
  await page.waitForTimeout(300);
  // The view is the link's, unless the popup had to pan into view (issue 21,
  // item 7: here its top would be cut by the map's edge): then by as little
  // as it needs.
  const { lat, lon, ...rest } = query(page);
  assert.deepEqual(rest, { start: '2020-01-19', end: '2020-01-20', z: '5', event: '2020-01-hamburg' });
  // At z5 near 53°N a degree of latitude is about 38 px: the pan is a few
  // dozen pixels at most (the legend of eleven kinds takes two lines, so
  // the map is shorter and the popup pans about 20 px).
  assert.ok(Math.abs(lat - 53.2) < 1 && Math.abs(lon - 8.5) < 0.5, `view ${lat}, ${lon}`);
  const [map, shown] = await Promise.all([page.locator('.map').boundingBox(), page.locator('.leaflet-popup').boundingBox()]);
  assert.ok(shown.y >= map.y && shown.x >= map.x && shown.x + shown.width <= map.x + map.width, 'the whole popup shows');
  assert.deepEqual(problems, []);
  await context.close();
});

test('moving the map and the window updates the URL without adding history', async () => {
  const { page, context } = await openMap('/?start=2020-01-18&end=2020-01-20&lat=50&lon=10&z=4');
  const before = await page.evaluate(() => history.length);
  await page.locator('.leaflet-control-zoom-in').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('z') === '5');
  await page.locator('.handle-start').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('start') === '2020-01-19');
  assert.equal(await page.evaluate(() => history.length), before);
  await context.close();
});

test('bad permalink values fall back to defaults', async () => {
  const { page, problems, context } = await openMap('/?start=2020-13-45&end=soon&lat=999&lon=x&z=-3&event=%3Cscript%3E');
  assert.equal(await count(page), '6 of 6 events');
  assert.equal(await page.locator('.leaflet-popup').count(), 0);
  assert.equal(query(page).start, '2020-01-18');
  assert.equal(query(page).end, '2020-01-20');
  assert.deepEqual(problems, []);
  await context.close();
});

test('hostile event text shows literally in the popup and the list, and runs nothing', async () => {
  const { page, problems, context } = await openMap('/?event=hostile-text', { base: hostile.url });
  const popup = page.locator('.leaflet-popup .popup');
  await popup.waitFor();
  assert.equal(await popup.locator('.popup-title').textContent(), "<script>window.__pwned = 'title'</script>");
  assert.equal(await popup.locator('.popup-description').textContent(), "<img src=x onerror=\"window.__pwned = 'description'\">\nsecond line");
  assert.equal(await popup.locator('.popup-participants').textContent(), "Who: <iframe src=\"javascript:window.__pwned = 'actors'\"></iframe>");
  assert.equal(await popup.locator('img, script, iframe, svg, b').count(), 0);
  const links = await popup.locator('.popup-sources a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.deepEqual(links, [['example', 'https://example.org/report?a=1&b=<x>']]);
  await popup.locator('.popup-where').hover();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('.event-list li[data-id="hostile-text"] a').textContent(), "<script>window.__pwned = 'title'</script>");
  // The neighbour 7 m away is still its own marker.
  await markersSettleAt(page, '2');
  assert.deepEqual(problems, []);
  await context.close();
});

for (const timezoneId of ['Pacific/Honolulu', 'Asia/Tehran', 'Pacific/Kiritimati']) {
  test(`dates do not shift in ${timezoneId}`, async () => {
    const { page, context } = await openMap('/?start=2020-01-18&end=2020-01-18', { timezoneId });
    assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), timezoneId);
    assert.equal(await count(page), '6 of 6 events');
    assert.equal(await page.locator('.date-start').inputValue(), '2020-01-18');
    assert.equal(await page.locator('.event-list li[data-id="2020-01-18-stockholm"] .when').textContent(), '18 January 2020');
    await page.locator('.event-list li[data-id="2020-01-18-washington"] a').click();
    assert.equal(await page.locator('.leaflet-popup .popup-meta').textContent(), 'Rally · 18 January 2020');
    assert.equal(query(page).start, '2020-01-18');
    await context.close();
  });
}

test('without JavaScript the map page lists the window\'s events with links', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/?start=2020-01-19&end=2020-01-20');
  assert.deepEqual(await listIds(page), ['2020-01-copenhagen', '2020-01-hamburg', '2020-01-tehran-banners', '2020-01-the-hague']);
  assert.equal(await page.locator('.event-list li[data-id="2020-01-hamburg"] a').getAttribute('href'), '/events/2020-01-hamburg');
  assert.equal(await page.locator('.event-list li[data-id="2020-01-hamburg"] .when').textContent(), 'around 18–20 January 2020 (date not reported)');
  await page.locator('.event-list li[data-id="2020-01-hamburg"] a').click();
  await page.waitForURL('**/events/2020-01-hamburg');
  assert.equal(await page.locator('h1').textContent(), 'Rally in Hamburg supporting the protests in Iran');
  await context.close();
});

// ---- Issue 21: faults on the reader's map ----

test('the basemap is drawn on every world copy in view: west of 180° are Australia and New Zealand', async () => {
  const { page, problems, context } = await openMap('/?lat=-25&lon=-170&z=3');
  await page.waitForSelector('.map[data-basemap="loaded"]');
  await page.waitForTimeout(300);
  // The colour the basemap canvas has where a place is drawn (Web Mercator,
  // as Leaflet places it around the view's centre).
  // One read of the canvas for every place.
  const colourAt = (places) => page.evaluate((places) => {
    const map = document.querySelector('.map');
    const canvas = document.querySelector('.leaflet-basemap-pane canvas');
    const m = map.getBoundingClientRect();
    const c = canvas.getBoundingClientRect();
    const world = 256 * 2 ** 3;
    const project = (lat, lon) => {
      const s = Math.sin((lat * Math.PI) / 180);
      return [world * (lon + 180) / 360, world * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI))];
    };
    const [cx, cy] = project(-25, -170);
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    return places.map(([lat, lon]) => {
      const [x, y] = project(lat, lon);
      const px = Math.round(((m.left + m.width / 2 + (x - cx) - c.left) * canvas.width) / c.width);
      const py = Math.round(((m.top + m.height / 2 + (y - cy) - c.top) * canvas.height) / c.height);
      const at = (py * canvas.width + px) * 4;
      return Array.from(pixels.slice(at, at + 4));
    });
  }, places);
  const land = [0xf1, 0xed, 0xe4, 255];
  // Australia and New Zealand's South Island, on the world copy west of 180°
  // (their longitudes less 360°), are land; the open Pacific is sea
  // (nothing drawn).
  assert.deepEqual(await colourAt([[-25, 134 - 360], [-23, 122 - 360], [-43.8, 171 - 360], [-30, -150]]), [land, land, land, [0, 0, 0, 0]]);
  await page.screenshot({ path: join(ARTIFACTS, 'map-west-of-180.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the two handles on one day have two names: first and last day', async () => {
  const { page, context } = await openMap('/?start=2020-01-20&end=2020-01-20');
  assert.equal(await page.locator('.handle-start').getAttribute('aria-label'), 'First day of the window');
  assert.equal(await page.locator('.handle-end').getAttribute('aria-label'), 'Last day of the window');
  // Moved apart and back, they keep two names.
  await page.locator('.handle-end').focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.locator('.window-text').textContent(), '19–20 January 2020');
  assert.equal(await page.locator('.handle-end').getAttribute('aria-label'), 'First day of the window');
  assert.equal(await page.locator('.handle-start').getAttribute('aria-label'), 'Last day of the window');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('.window-text').textContent(), '20 January 2020');
  const names = await page.locator('.range input').evaluateAll((hs) => hs.map((h) => h.getAttribute('aria-label')).sort());
  assert.deepEqual(names, ['First day of the window', 'Last day of the window']);
  await context.close();
});

for (const timezoneId of ['Pacific/Honolulu', 'Asia/Tehran', 'Pacific/Kiritimati']) {
  test(`one arrow step from a day outside the data moves one day, in ${timezoneId}`, async () => {
    const { page, context } = await openMap('/?start=2020-01-17&end=2020-01-17', { timezoneId });
    const text = () => page.locator('.window-text').textContent();
    // The handle of the last day.
    await page.locator('.handle-end').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await text(), '17–18 January 2020');
    await page.keyboard.press('ArrowRight');
    assert.equal(await text(), '17–19 January 2020');
    // Further from the data, a handle does not go.
    await page.locator('.handle-start').focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await text(), '17–19 January 2020');
    // After the data: one step back is the day before.
    await page.goto(server.url + '/?start=2020-01-22&end=2020-01-22');
    await page.waitForSelector('body[data-hydrated]');
    await page.locator('.handle-start').focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await text(), '21–22 January 2020');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('start') === '2020-01-21');
    await context.close();
  });
}

test('each histogram bar stands under the handle on its day', async () => {
  const { page, context } = await openMap('/');
  const offsets = await page.evaluate(() => {
    const svg = document.querySelector('.histogram');
    const paths = [...svg.querySelectorAll('.bars path')];
    const ctm = paths[0].getScreenCTM();
    // Bars are "M{x} {bottom}V{top}h{width}V{bottom}z", one path per kind,
    // stacked: a day's kinds share its x.
    const d = paths.map((p) => p.getAttribute('d')).join('');
    const xs = [...d.matchAll(/M(-?[\d.]+) [\d.]+V[\d.]+h([\d.]+)V[\d.]+z/g)].map((m) => Number(m[1]) + Number(m[2]) / 2);
    const bars = [...new Set(xs)].sort((a, b) => a - b);
    const range = document.querySelector('.handle-start').getBoundingClientRect();
    const n = Number(document.querySelector('.handle-start').max) + 1;
    // The browser's range puts a 24 px thumb's centre from 12 px to width − 12 px.
    const thumb = (i) => range.left + 12 + (i / (n - 1)) * (range.width - 24);
    return bars.map((x, i) => Math.round(Math.abs(ctm.a * x + ctm.e - thumb(i)) * 10) / 10);
  });
  assert.equal(offsets.length, 3, 'a bar for each of the three days');
  assert.ok(offsets.every((d) => d <= 1), `bars are ${offsets.join(', ')} px from their handles`);
  await context.close();
});

test('a focused list row rings its marker, or the cluster its marker is in', async () => {
  // At z2 Hamburg's marker would overlap its neighbours', so it is always in
  // a cluster; at z3 whether it is depends on where the grid's cells fall in
  // the view, which moves with the map's height.
  const { page, context } = await openMap('/?lat=54&lon=10&z=2');
  const map = page.locator('.map');
  await page.locator('.event-list li[data-id="2020-01-hamburg"] a').focus();
  await page.waitForFunction(() => document.querySelector('.map').dataset.ringed === '2020-01-hamburg');
  const ringed = await map.getAttribute('data-ringed-clusters');
  const counts = (await map.getAttribute('data-clusters')).split(' ').map((c) => c.split('@')[0]);
  assert.ok(Number(ringed) > 1 && counts.includes(ringed), `the cluster of ${ringed} is ringed (clusters: ${counts})`);
  await page.screenshot({ path: join(ARTIFACTS, 'ringed-cluster.png') });
  // The next row's event (Tehran's, alone there) is ringed instead.
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('.map').dataset.ringed === '2020-01-tehran-banners');
  assert.equal(await map.getAttribute('data-ringed-clusters'), '');
  await context.close();
});

for (const path of ['/', '/embed']) {
  test(`${path} with an unknown or removed event says so, asks for it at most once, and logs no error`, async () => {
    const p = await openPage(browser);
    const asked = [];
    p.page.on('request', (r) => { if (r.url().includes('/api/events/no-such-event')) asked.push(r.url()); });
    await p.page.goto(`${server.url}${path}?event=no-such-event`);
    await p.page.waitForSelector('body[data-hydrated]');
    await markersSettleAt(p.page, '6');
    await p.page.locator('.map-notice').waitFor();
    assert.equal(await p.page.locator('.map-notice span').textContent(), 'The event in this link was not found. It may have been removed.');
    await p.page.waitForFunction(() => !new URL(location.href).searchParams.has('event'));
    await p.page.waitForTimeout(500);
    assert.ok(asked.length <= 1, `asked ${asked.length} times`);
    assert.equal(await p.page.locator('.leaflet-popup').count(), 0);
    assert.deepEqual(p.problems, []);
    // The reader can close the notice.
    await p.page.locator('.map-notice-close').click();
    assert.equal(await p.page.locator('.map-notice').count(), 0);
    await p.context.close();
  });
}

test('the line under the slider sums the window: no number of people is invented', async () => {
  const { page, problems, context } = await openMap('/');
  const summary = page.locator('.window-summary');
  await page.waitForFunction(() => document.querySelector('.window-summary')?.textContent.includes('6 events'));
  assert.equal(await summary.textContent(), 'No number of people reported for these 6 events');
  await page.locator('.handle-start').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('.window-summary')?.textContent.includes('4 events'));
  assert.equal(await summary.textContent(), 'No number of people reported for these 4 events');
  assert.deepEqual(problems, []);
  await context.close();

  const fa = await openMap('/?lang=fa');
  await fa.page.waitForFunction(() => document.querySelector('.window-summary')?.textContent.includes('۶'));
  assert.equal(await fa.page.locator('.window-summary').textContent(), 'برای این ۶ رویداد شماری از افراد گزارش نشده است');
  assert.deepEqual(fa.problems, []);
  await fa.context.close();
});
