// Every reader (README, "Every reader"): axe-core finds nothing on the
// pages, the keyboard reaches every event and comes back, the slider does
// what the hand and the screen reader expect, long words wrap, and an
// embed behaves inside another site's page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, openMapAt, startHost, addEditor, signIn, ARTIFACTS, ROOT } from '../lib/harness.mjs';
import { axeViolations, readerPagesViolations } from '../lib/axe.mjs';

let server;
let long;
let browser;
let host;
let hostHtml = '';
before(async () => {
  server = await startServer();
  addEditor(server.databaseUrl, 'anna', 'correct horse battery');
  long = await startServer({ seedDir: join(ROOT, 'end2end/fixtures/long') });
  browser = await launchBrowser();
  host = await startHost(() => hostHtml);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await long?.stop();
  host?.close();
});

const openMap = (path, { base = server.url, ...options } = {}) => openMapAt(browser, base + path, options);

const windowText = (page) => page.locator('.window-text').textContent();

test('axe-core finds no violation on the reader pages, an open popup and the editor pages', async () => {
  const { page, context } = await openMap('/', { bypassCSP: true });
  const found = await readerPagesViolations(page, server.url);
  await signIn(page, server.url);
  for (const path of ['/editor', '/editor/new', '/editor/events/2020-01-hamburg', '/editor/events/2020-01-hamburg/history', '/editor/import']) {
    await page.goto(server.url + path);
    await page.waitForSelector('body[data-hydrated]');
    await page.locator('main').first().waitFor();
    found[path] = await axeViolations(page);
  }
  const expected = Object.fromEntries(Object.keys(found).map((k) => [k, []]));
  assert.deepEqual(found, expected);
  await context.close();
});

test('the keyboard walks the list: Enter opens the popup with focus on its title, Escape and Close come back', async () => {
  const { page, problems, context } = await openMap('/');
  const row = page.locator('.event-list li[data-id="2020-01-hamburg"] a');
  await row.focus();
  await page.keyboard.press('Enter');
  await page.locator('.leaflet-popup .popup-title').waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('popup-title'));
  assert.equal(await page.evaluate(() => document.activeElement.textContent), await row.textContent());
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('.leaflet-popup'));
  assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.id), '2020-01-hamburg');
  // The next row, and this time the popup's Close button.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.id), '2020-01-tehran-banners');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.classList.contains('popup-title'));
  await page.locator('.leaflet-popup-close-button').click();
  await page.waitForFunction(() => !document.querySelector('.leaflet-popup'));
  assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.id), '2020-01-tehran-banners');
  // The skip link goes past the map to the list.
  assert.equal(await page.locator('.skip-link').getAttribute('href'), '#event-list');
  assert.deepEqual(problems, []);
  await context.close();
});

test('from both handles on one day, dragging left moves the first day; the handles speak in words', async () => {
  const { page, context } = await openMap('/?start=2020-01-20&end=2020-01-20');
  assert.equal(await page.locator('.handle-start').getAttribute('aria-valuetext'), '20 January 2020');
  const box = await page.locator('.handle-end').boundingBox();
  const range = await page.locator('.range').boundingBox();
  // The thumbs sit at the right end (20 January is the last day).
  const y = box.y + box.height / 2;
  const x = range.x + range.width - 8;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(range.x + 8, y, { steps: 12 });
  await page.mouse.up();
  assert.equal(await windowText(page), '18–20 January 2020');
  // And the start can still be moved on its own: right from 18 January.
  await page.mouse.move(range.x + 8, y);
  await page.mouse.down();
  await page.mouse.move(range.x + range.width / 2, y, { steps: 6 });
  await page.mouse.up();
  assert.equal(await windowText(page), '19–20 January 2020');
  await context.close();
});

test('a typed date applies when complete and never moves the other end', async () => {
  const { page, context } = await openMap('/?start=2020-01-18&end=2020-01-20');
  const to = page.locator('.date-end');
  // Type 1, 9 into the day part (mm/dd/yyyy here): day 1 is a date on the way.
  await to.click({ position: { x: 8, y: 10 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('19');
  assert.equal(await to.inputValue(), '2020-01-19');
  assert.equal(await windowText(page), '18–20 January 2020', 'nothing applied while typing');
  await page.keyboard.press('Enter');
  assert.equal(await windowText(page), '18–19 January 2020');
  // A last day before the first is refused, and the start stays.
  await to.fill('2020-01-10');
  await to.press('Enter');
  assert.equal(await windowText(page), '18–19 January 2020');
  assert.equal(await page.locator('.typed-error').textContent(), 'The last day must not be before the first day (18 January 2020).');
  assert.equal(await to.inputValue(), '2020-01-19');
  await context.close();
});

test('long words and URLs wrap in the popup, the list and the event page', async () => {
  const { page, context } = await openMap('/?start=2020-01-18&end=2020-01-18', { base: long.url });
  await page.locator('.event-list li[data-id="long-words"] a').click();
  await page.locator('.leaflet-popup .popup').waitFor();
  const popup = await page.evaluate(() => {
    const wrapper = document.querySelector('.leaflet-popup-content-wrapper');
    const content = document.querySelector('.leaflet-popup-content');
    return { wrapper: wrapper.getBoundingClientRect().width, content: content.scrollWidth };
  });
  assert.ok(popup.content <= popup.wrapper, `popup content ${popup.content} px in a ${popup.wrapper} px popup`);
  const list = await page.evaluate(() => {
    const a = document.querySelector('.event-list li[data-id="long-words"] a');
    return { title: a.getBoundingClientRect().width, column: document.querySelector('.list-column').clientWidth };
  });
  // The row is one line (the list is virtual, rows have one height): the
  // title ends in an ellipsis inside the column; the popup has all of it.
  assert.ok(list.title <= list.column, `list title ${list.title} px in a ${list.column} px column`);
  // A Persian title keeps its own direction inside the English interface.
  assert.equal(await page.locator('.event-list li[data-id="persian-title"] a').getAttribute('dir'), 'auto');
  await context.close();

  const phone = await openPage(browser, { viewport: { width: 360, height: 640 } });
  for (const path of ['/events/long-words', '/?start=2020-01-18&end=2020-01-18', '/embed?start=2020-01-18&end=2020-01-18']) {
    await phone.page.goto(long.url + path);
    await phone.page.waitForSelector('body[data-hydrated]');
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${path} is ${width} px wide at 360 px`);
  }
  await phone.page.goto(long.url + '/events/long-words');
  await phone.page.screenshot({ path: join(ARTIFACTS, 'event-long-words-360.png'), fullPage: true });
  await phone.context.close();
});

test('in an embed, the map credit opens a new tab, and an embed shown late fits its events', async () => {
  hostHtml = `<!doctype html><html><head><title>Host</title></head><body>
    <details id="d"><summary>Show the map</summary>
    <iframe id="map" src="${server.url}/embed" width="640" height="420" style="border:0"></iframe></details></body></html>`;
  const { page, context } = await openPage(browser);
  await page.goto(host.url);
  const frame = page.frameLocator('#map');
  await frame.locator('body[data-hydrated]').waitFor({ state: 'attached', timeout: 20_000 });
  await page.waitForTimeout(500);
  await page.locator('summary').click();
  await frame.locator('.map[data-markers="6"]').waitFor({ timeout: 10_000 });
  const inside = page.frames().find((f) => f.url().startsWith(server.url));
  await inside.waitForFunction(() => new URL(location.href).searchParams.get('z') !== null);
  const late = await inside.evaluate(() => Object.fromEntries(new URL(location.href).searchParams));
  await page.screenshot({ path: join(ARTIFACTS, 'embed-shown-late.png') });
  // The same embed, visible from the start, for comparison.
  const visible = await openPage(browser);
  await visible.page.setViewportSize({ width: 640, height: 420 });
  await visible.page.goto(server.url + '/embed');
  await visible.page.waitForSelector('.map[data-markers="6"]');
  await visible.page.waitForFunction(() => new URL(location.href).searchParams.get('z') !== null);
  const early = await visible.page.evaluate(() => Object.fromEntries(new URL(location.href).searchParams));
  await visible.context.close();
  assert.deepEqual({ z: late.z, lat: late.lat, lon: late.lon }, { z: early.z, lat: early.lat, lon: early.lon }, JSON.stringify({ late, early }));

  // Answered here: no request leaves the machine.
  await context.route('https://leafletjs.com/**', (r) => r.fulfill({ contentType: 'text/html', body: '<title>Leaflet</title>' }));
  const [tab] = await Promise.all([
    context.waitForEvent('page'),
    frame.locator('.leaflet-control-attribution a', { hasText: 'Leaflet' }).click(),
  ]);
  await tab.waitForLoadState();
  assert.match(tab.url(), /^https:\/\/leafletjs\.com\//);
  assert.ok(inside.url().startsWith(server.url), 'the embed is still the map');
  await context.close();
});

test('a map resized while its events load still fits them, not the view Leaflet started with', async () => {
  const viewOf = (page) => page.evaluate(() => {
    const p = new URL(location.href).searchParams;
    return { z: p.get('z'), lat: p.get('lat'), lon: p.get('lon') };
  });
  const settled = async (page) => {
    await page.waitForSelector('.map[data-markers="6"]');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('z') !== null);
  };
  const visible = await openPage(browser, { viewport: { width: 640, height: 420 } });
  await visible.page.goto(server.url + '/embed');
  await settled(visible.page);
  const expected = await viewOf(visible.page);
  await visible.context.close();

  // The same embed, opened larger and resized to 640×420 while its events
  // are held back: Leaflet reports the resize as a move, which is not a
  // view anyone chose.
  const { page, context } = await openPage(browser, { viewport: { width: 900, height: 600 } });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let asked = 0;
  await page.route('**/api/map/events**', async (route) => {
    asked += 1;
    await held;
    await route.continue();
  });
  await page.goto(server.url + '/embed');
  await page.waitForSelector('body[data-hydrated]');
  await page.setViewportSize({ width: 640, height: 420 });
  // Leaflet's own resize handling ends in a moveend 200 ms later.
  await page.waitForTimeout(600);
  release();
  await settled(page);
  assert.ok(asked > 0, 'the events were loaded through /api/map/events');
  assert.deepEqual(await viewOf(page), expected);
  await context.close();
});

test('each page has its own title, description and preview tags, and the preview image shows the marker', async () => {
  const { page, context } = await openPage(browser);
  const meta = (sel) => page.locator(sel).first().getAttribute('content');
  await page.goto(server.url + '/events/2020-01-18-stockholm');
  assert.equal(await page.title(), 'MEK supporters rally in Stockholm in solidarity with the protests in Iran — rallymap');
  assert.match(await meta('meta[name="description"]'), /^Rally · 18 January 2020 · Stockholm, Sweden, SE\. Supporters /);
  assert.equal(await meta('meta[property="og:url"]'), `${server.url}/events/2020-01-18-stockholm`);
  assert.equal(await meta('meta[property="og:image"]'), `${server.url}/events/2020-01-18-stockholm/preview.png`);
  assert.equal(await meta('meta[name="twitter:card"]'), 'summary_large_image');
  const image = await meta('meta[property="og:image"]');

  await page.goto(server.url + '/?start=2020-01-18&end=2020-01-20');
  assert.equal(await page.title(), 'Rallies and protests, 18–20 January 2020 — rallymap');
  assert.equal(await meta('meta[name="description"]'), '6 reported rallies and protests on a map, 18–20 January 2020: where and when people gathered, each with its source.');
  assert.equal(await meta('meta[property="og:image"]'), `${server.url}/preview.png?start=2020-01-18&end=2020-01-20`);

  // The event's image: 1200×630, the marker (a rally, red) at its centre.
  const res = await page.request.get(image);
  assert.equal(res.headers()['content-type'], 'image/png');
  await page.goto(image);
  const seen = await page.evaluate(() => {
    const img = document.querySelector('img');
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    return { w: img.naturalWidth, h: img.naturalHeight, centre: Array.from(g.getImageData(600, 315, 1, 1).data), corner: Array.from(g.getImageData(2, 2, 1, 1).data) };
  });
  assert.deepEqual({ w: seen.w, h: seen.h }, { w: 1200, h: 630 });
  assert.deepEqual(seen.centre, [0xb3, 0x26, 0x1e, 255]);
  assert.notDeepEqual(seen.corner, seen.centre);
  await context.close();
});

test('on a phone (360×640, touch): no sideways scrolling, finger-sized handles that drag, and a vertical swipe scrolls', async () => {
  const { page, context } = await openMap('/?start=2020-01-18&end=2020-01-20', { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
  for (const path of ['/', '/events/2020-01-hamburg', '/embed']) {
    const p = await context.newPage();
    await p.goto(server.url + path);
    await p.waitForSelector('body[data-hydrated]');
    assert.equal(await p.evaluate(() => document.documentElement.scrollWidth), 360, `${path} scrolls sideways`);
    await p.close();
  }
  // The handles' input is a 24 px high target across the slider (the
  // thumbs are 24×24 px in the CSS).
  assert.ok((await page.locator('.handle-start').boundingBox()).height >= 24);
  await page.screenshot({ path: join(ARTIFACTS, 'map-360.png'), fullPage: true });

  const cdp = await context.newCDPSession(page);
  const touch = async (type, x, y) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  // Drag the first day's handle with a finger, from the left end to the middle.
  await page.locator('.range').scrollIntoViewIfNeeded();
  const range = await page.locator('.range').boundingBox();
  const y = range.y + range.height / 2;
  await touch('touchStart', range.x + 10, y);
  for (let i = 1; i <= 8; i++) await touch('touchMove', range.x + 10 + (i * (range.width / 2 - 10)) / 8, y);
  await touch('touchEnd');
  assert.equal(await windowText(page), '19–20 January 2020');
  // A vertical swipe that starts on the slider scrolls the page.
  const before = await page.evaluate(() => window.scrollY);
  await touch('touchStart', range.x + range.width * 0.75, y);
  for (let i = 1; i <= 8; i++) await touch('touchMove', range.x + range.width * 0.75, y - i * 25);
  await touch('touchEnd');
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => window.scrollY);
  assert.ok(after > before + 50, `scrolled from ${before} to ${after}`);
  assert.equal(await windowText(page), '19–20 January 2020', 'the swipe moved no handle');
  // The list under the map folds away with its handle, and comes back.
  const handle = page.locator('.list-handle');
  await page.waitForFunction(() => document.querySelector('.list-handle')?.textContent
    === `Events in the window (${document.querySelector('.window-count').textContent.split(' ')[0]})`);
  await handle.tap();
  assert.equal(await handle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('.list-body').isVisible(), false);
  await handle.tap();
  assert.equal(await handle.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator('.list-body').isVisible(), true);
  await context.close();
});

test('kinds differ by shape as well as colour: in the legend, the list and on the map', async () => {
  const { page, context } = await openMap('/');
  const legend = await page.locator('.legend svg.swatch path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d').split(/[ML]/).length - 1));
  // Rally circle (two arcs: 1 move), protest square 4, march triangle 3, vigil diamond 4,
  // counter-protest pentagon 5, sit-in hexagon 6, blockade bar 4, strike star 10,
  // boycott saltire 12, banner action triangle 3, other cross 12 corners.
  assert.deepEqual(legend, [1, 4, 3, 4, 5, 6, 4, 10, 12, 3, 12]);
  const shapes = await page.locator('.legend svg.swatch path').evaluateAll((ps) => new Set(ps.map((p) => p.getAttribute('d'))).size);
  assert.equal(shapes, 11);
  // The Tehran banner action's row has the banner action's triangle, point down.
  const row = await page.locator('.event-list li[data-id="2020-01-tehran-banners"] svg path').getAttribute('d');
  assert.equal(row, 'M0 1.35L1.17 -0.68L-1.17 -0.68Z');
  await context.close();
});

test('a focused or pointed-at list row rings its marker on the map', async () => {
  // Zoomed in on Hamburg so its marker stands alone.
  const { page, context } = await openMap('/?lat=53.55&lon=10&z=6');
  const map = page.locator('.map');
  assert.equal(await map.getAttribute('data-ringed'), '');
  await page.locator('.event-list li[data-id="2020-01-hamburg"] a').focus();
  await page.waitForFunction(() => document.querySelector('.map').dataset.ringed === '2020-01-hamburg');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('.map').dataset.ringed === '');
  await page.locator('.event-list li[data-id="2020-01-hamburg"] .when').hover();
  await page.waitForFunction(() => document.querySelector('.map').dataset.ringed === '2020-01-hamburg');
  await context.close();
});

// ---- Issue 21, item 7: popups that a phone can read and close ----

/** The open popup, the map and the zoom buttons, as boxes. */
const popupBoxes = (page) => page.evaluate(() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, right: r.right, bottom: r.bottom }; };
  const close = document.querySelector('.leaflet-popup-close-button');
  const c = close.getBoundingClientRect();
  const hit = document.elementFromPoint(c.x + c.width / 2, c.y + c.height / 2);
  return {
    map: box(document.querySelector('.map')),
    popup: box(document.querySelector('.leaflet-popup-content-wrapper')),
    zoom: box(document.querySelector('.leaflet-control-zoom')),
    closeReachable: hit === close || close.contains(hit),
  };
});
const inside = (a, b) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.right <= b.right + 0.5 && a.bottom <= b.bottom + 0.5;
const apart = (a, b) => a.right <= b.x || b.right <= a.x || a.bottom <= b.y || b.bottom <= a.y;

test('a popup from a permalink on a phone shows whole, under no header, with its close button in reach, every time', async () => {
  const { page, context } = await openPage(browser, { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  // The map's events come a moment after the event's text, as on a slow
  // line: the first view must not undo the popup's pan into view.
  await page.route('**/api/map/events**', async (route) => {
    await new Promise((ok) => setTimeout(ok, 300));
    await route.continue();
  });
  for (const link of ['/?event=2020-01-hamburg', '/?lat=53.55&lon=10&z=6&event=2020-01-hamburg', '/?lat=53.55&lon=14&z=6&event=2020-01-hamburg']) {
    for (let load = 0; load < 5; load++) {
      await page.goto(server.url + link);
      await page.locator('.leaflet-popup .popup-title').waitFor();
      await page.waitForTimeout(700);
      const b = await popupBoxes(page);
      assert.ok(inside(b.popup, b.map), `${link}, load ${load + 1}: popup ${JSON.stringify(b.popup)} in map ${JSON.stringify(b.map)}`);
      assert.ok(apart(b.popup, b.zoom), `${link}, load ${load + 1}: the zoom buttons cover the popup`);
      assert.ok(b.closeReachable, `${link}, load ${load + 1}: the close button is covered`);
    }
  }
  await page.screenshot({ path: join(ARTIFACTS, 'popup-phone-360.png') });
  await page.locator('.leaflet-popup-close-button').tap();
  await page.waitForFunction(() => !document.querySelector('.leaflet-popup'));
  await context.close();
});

test('the zoom buttons never cover a popup at the map\'s left edge (1280 px)', async () => {
  const { page, context } = await openMap('/?lat=53.55&lon=22&z=6&event=2020-01-hamburg');
  await page.locator('.leaflet-popup .popup-title').waitFor();
  await page.waitForTimeout(500);
  const b = await popupBoxes(page);
  assert.ok(inside(b.popup, b.map), JSON.stringify(b));
  assert.ok(apart(b.popup, b.zoom), `popup ${JSON.stringify(b.popup)}, zoom buttons ${JSON.stringify(b.zoom)}`);
  await page.screenshot({ path: join(ARTIFACTS, 'popup-left-edge-1280.png') });
  await context.close();
});

test('a 360×500 embed leaves no blank band under its slider', async () => {
  for (const path of ['/embed?start=2020-01-18&end=2020-01-20', '/embed?start=2020-01-18&end=2020-01-20&list=0']) {
    const { page, context } = await openMap(path, { viewport: { width: 360, height: 500 } });
    const gap = await page.evaluate(() => document.documentElement.clientHeight - document.querySelector('.timeline').getBoundingClientRect().bottom);
    assert.ok(Math.abs(gap) <= 1, `${path}: ${gap} px between the slider and the frame's bottom`);
    await page.screenshot({ path: join(ARTIFACTS, 'embed-360x500.png') });
    await context.close();
  }
});
