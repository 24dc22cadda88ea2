// Embedding, as another site would: a host page on a second local origin
// frames /embed, scrolls politely, and cannot frame the other pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, startHost, ARTIFACTS } from '../lib/harness.mjs';

let server;
let browser;
let host;
let hostHtml = '';
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The host site: another port, so another origin.
  host = await startHost(() => hostHtml);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  host?.close();
});

const hostUrl = () => host.url;
const article = (body) => `<!doctype html><html><head><title>A news article</title></head>
<body style="margin:0;font:16px sans-serif"><h1>Rallies around the world</h1>
<p style="height:300px">Article text above the map.</p>${body}<p style="height:1500px">Article text below the map.</p></body></html>`;

async function frameWithMap(page, selector) {
  const frame = page.frameLocator(selector);
  await frame.locator('.map[data-markers]').waitFor({ timeout: 20_000 });
  return frame;
}

test('a host page on another origin embeds /embed with options and the markers appear', async () => {
  hostHtml = article(`<iframe id="map" src="${server.url}/embed?start=2020-01-18&end=2020-01-18&list=0&title=Rallies%20on%2018%20January" width="640" height="480" style="border:0"></iframe>`);
  const { page, problems, requests, context } = await openPage(browser);
  await page.goto(hostUrl());
  const frame = await frameWithMap(page, '#map');
  assert.equal(await frame.locator('.map').getAttribute('data-markers'), '6');
  assert.equal(await frame.locator('.embed-title').textContent(), 'Rallies on 18 January');
  assert.equal(await frame.locator('.event-list').count(), 0, 'list=0 hides the list');
  assert.equal(await frame.locator('.full-map').getAttribute('target'), '_blank');
  assert.equal(await frame.locator('a[href^="/editor"], a[href^="/login"]').count(), 0);
  await page.screenshot({ path: join(ARTIFACTS, 'embed-host.png') });
  assert.deepEqual(problems, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith(server.url) && !u.startsWith(hostUrl())), []);
  await context.close();
});

test('the embed works at 300×250 and its popup links open in a new tab', async () => {
  hostHtml = article(`<iframe id="map" src="${server.url}/embed?event=2020-01-hamburg" width="300" height="250" style="border:0"></iframe>`);
  const { page, problems, context } = await openPage(browser);
  await page.goto(hostUrl());
  const frame = await frameWithMap(page, '#map');
  await page.locator('#map').scrollIntoViewIfNeeded();
  const box = await frame.locator('.map').boundingBox();
  assert.ok(box.width >= 250 && box.height >= 120, `map is ${box.width}×${box.height}`);
  await frame.locator('.leaflet-popup .popup').waitFor();
  assert.equal(await frame.locator('.popup-more a').getAttribute('target'), '_blank');
  await page.locator('#map').screenshot({ path: join(ARTIFACTS, 'embed-300x250.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the wheel over the embed scrolls the host page and does not zoom; Ctrl+wheel zooms', async () => {
  hostHtml = article(`<iframe id="map" src="${server.url}/embed?lat=50&lon=10&z=4" width="640" height="480" style="border:0"></iframe>`);
  const { page, context } = await openPage(browser);
  await page.goto(hostUrl());
  const frame = await frameWithMap(page, '#map');
  const iframe = page.frames().find((f) => f.url().startsWith(server.url));
  const zoom = () => iframe.evaluate(() => new URL(location.href).searchParams.get('z'));
  assert.equal(await zoom(), '4');
  const box = await page.locator('#map').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
  const before = await page.evaluate(() => window.scrollY);
  await page.mouse.wheel(0, 300);
  await page.waitForFunction((y) => window.scrollY > y, before, { timeout: 5_000 });
  await page.waitForTimeout(400);
  assert.equal(await zoom(), '4', 'the map did not zoom');
  assert.match(await frame.locator('.map-hint').textContent(), /hold Ctrl/);
  const box2 = await page.locator('#map').boundingBox();
  await page.mouse.move(box2.x + box2.width / 2, box2.y + box2.height / 3);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  await iframe.waitForFunction(() => new URL(location.href).searchParams.get('z') === '5', null, { timeout: 5_000 });
  await context.close();
});

test('on a phone one finger over the embed scrolls the host page, with a hint, and two fingers move the map', async () => {
  hostHtml = article(`<iframe id="map" src="${server.url}/embed?lat=50&lon=10&z=4&list=0" width="340" height="300" style="border:0"></iframe>`);
  const { page, context } = await openPage(browser, { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
  await page.goto(hostUrl());
  const frame = await frameWithMap(page, '#map');
  const iframe = page.frames().find((f) => f.url().startsWith(server.url));
  const view = () => iframe.evaluate(() => Object.fromEntries(['lat', 'lon', 'z'].map((k) => [k, new URL(location.href).searchParams.get(k)])));
  assert.deepEqual(await view(), { lat: '50', lon: '10', z: '4' });
  const cdp = await context.newCDPSession(page);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  const box = await frame.locator('.map').boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  // One finger, upwards over the map: the host page scrolls, the map stays.
  const before = await page.evaluate(() => window.scrollY);
  await touch('touchStart', [[x, y]]);
  for (let i = 1; i <= 8; i++) await touch('touchMove', [[x, y - i * 20]]);
  await touch('touchEnd', []);
  await page.waitForTimeout(400);
  const after = await page.evaluate(() => window.scrollY);
  assert.ok(after > before + 50, `the host page scrolled from ${before} to ${after}`);
  assert.deepEqual(await view(), { lat: '50', lon: '10', z: '4' }, 'one finger did not move the map');
  assert.equal(await frame.locator('.map-hint').textContent(), 'Use two fingers to move the map');
  // Two fingers, together to the left: the map moves east.
  const box2 = await frame.locator('.map').boundingBox();
  const [x2, y2] = [box2.x + box2.width / 2, box2.y + box2.height / 2];
  await touch('touchStart', [[x2, y2 - 40], [x2, y2 + 40]]);
  for (let i = 1; i <= 8; i++) await touch('touchMove', [[x2 - i * 10, y2 - 40], [x2 - i * 10, y2 + 40]]);
  await touch('touchEnd', []);
  await iframe.waitForFunction(() => Number(new URL(location.href).searchParams.get('lon')) > 10.5, null, { timeout: 5_000 });
  assert.equal((await view()).z, '4', 'fingers kept apart do not zoom');
  await context.close();
});

test('another origin cannot frame the map page or the editor pages', async () => {
  hostHtml = article(`<iframe id="home" src="${server.url}/" width="400" height="300"></iframe>
    <iframe id="editor" src="${server.url}/editor" width="400" height="300"></iframe>`);
  const { page, problems, context } = await openPage(browser);
  await page.goto(hostUrl());
  await page.waitForTimeout(1_500);
  for (const id of ['home', 'editor']) {
    // Chromium shows its own error page in the frame: none of ours renders.
    const ours = await page.frameLocator(`#${id}`).locator('body[data-hydrated], .map, main.page, .bar').count();
    assert.equal(ours, 0, `#${id} shows nothing of ours`);
  }
  assert.equal(page.frames().filter((f) => f.url().startsWith('chrome-error://')).length, 2, 'both frames were blocked');
  const refused = problems.filter((p) => p.includes('violates the following Content Security Policy directive') && p.includes('frame-ancestors'));
  assert.equal(refused.length, 2, problems.join('\n'));
  assert.ok(refused.some((p) => p.includes("frame-ancestors 'self'")));
  assert.ok(refused.some((p) => p.includes("frame-ancestors 'none'")));
  await context.close();
});

test('the share dialog\'s iframe code, pasted into a host page, shows the same view', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(server.url + '/?start=2020-01-19&end=2020-01-20&lat=52&lon=9&z=5');
  await page.waitForSelector('.map[data-markers]');
  await page.locator('.share-open').click();
  assert.equal(await page.locator('.share-link').inputValue(), `${server.url}/?start=2020-01-19&end=2020-01-20&lat=52&lon=9&z=5`);
  await page.locator('.opt-slider').uncheck();
  await page.locator('.opt-title').fill('Our map');
  await page.locator('.opt-size').selectOption('480x360');
  const code = await page.locator('.share-code').inputValue();
  assert.equal(code, `<iframe src="${server.url}/embed?start=2020-01-19&amp;end=2020-01-20&amp;lat=52&amp;lon=9&amp;z=5&amp;slider=0&amp;title=Our+map" width="480" height="360" style="border:0" loading="lazy" title="Our map"></iframe>`);
  await context.close();

  hostHtml = article(code);
  const host = await openPage(browser);
  await host.page.goto(hostUrl());
  const frame = await frameWithMap(host.page, 'iframe');
  assert.equal(await frame.locator('.locked-window').textContent(), '19–20 January 2020 · 4 of 6 events');
  assert.equal(await frame.locator('.embed-title').textContent(), 'Our map');
  const iframe = host.page.frames().find((f) => f.url().startsWith(server.url));
  await host.page.waitForTimeout(300);
  const q = await iframe.evaluate(() => Object.fromEntries(new URL(location.href).searchParams));
  assert.deepEqual(q, { start: '2020-01-19', end: '2020-01-20', lat: '52', lon: '9', z: '5', slider: '0', title: 'Our map' });
  await host.context.close();
});

test('report=1 adds a "Report an event" link that opens /report in a new tab, in the embed\'s language; without it there is none', async () => {
  hostHtml = article(`<iframe id="plain" src="${server.url}/embed?list=0" width="480" height="360" style="border:0"></iframe>
<iframe id="map" src="${server.url}/embed?report=1&lang=fa&list=0&title=${encodeURIComponent('تجمع‌ها')}" width="480" height="360" style="border:0"></iframe>
<iframe id="small" src="${server.url}/embed?report=1&title=Rallies%20this%20week" width="300" height="250" style="border:0"></iframe>`);
  const { page, problems, requests, context } = await openPage(browser);
  await page.goto(hostUrl());
  const plain = await frameWithMap(page, '#plain');
  assert.equal(await plain.locator('.full-map').count(), 1);
  assert.equal(await plain.locator('.embed-report').count(), 0, 'off by default');
  const frame = await frameWithMap(page, '#map');
  const link = frame.locator('.embed-bar a.embed-report');
  assert.equal(await link.getAttribute('href'), '/report?lang=fa');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.textContent(), 'گزارش یک رویداد ↖');
  await page.locator('#map').scrollIntoViewIfNeeded();
  await page.locator('#map').screenshot({ path: join(ARTIFACTS, 'embed-report-link-fa.png') });
  const small = await frameWithMap(page, '#small');
  assert.equal(await small.locator('a.embed-report').getAttribute('href'), '/report');
  await page.locator('#small').scrollIntoViewIfNeeded();
  await page.locator('#small').screenshot({ path: join(ARTIFACTS, 'embed-report-link-300x250.png') });
  // It opens the form in a new tab; the host page stays where it was.
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await tab.waitForLoadState();
  assert.equal(tab.url(), `${server.url}/report?lang=fa`);
  assert.equal(await tab.locator('html').getAttribute('dir'), 'rtl');
  assert.equal(await tab.locator('h1').textContent(), 'گزارش یک رویداد');
  assert.equal(page.url(), hostUrl());
  assert.deepEqual(problems, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith(server.url) && !u.startsWith(hostUrl())), []);
  await context.close();
});

test('the share dialog\'s report option adds report=1 to the embed code; it is off by default', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(server.url + '/?start=2020-01-19&end=2020-01-20&lat=52&lon=9&z=5');
  await page.waitForSelector('.map[data-markers]');
  await page.locator('.share-open').click();
  assert.equal(await page.locator('.opt-report').isChecked(), false);
  assert.doesNotMatch(await page.locator('.share-code').inputValue(), /report=/);
  await page.locator('.opt-report').check();
  assert.equal(
    await page.locator('.share-code').inputValue(),
    `<iframe src="${server.url}/embed?start=2020-01-19&amp;end=2020-01-20&amp;lat=52&amp;lon=9&amp;z=5&amp;report=1" width="640" height="480" style="border:0" loading="lazy" title="rallymap: reported rallies and protests"></iframe>`,
  );
  await page.screenshot({ path: join(ARTIFACTS, 'share-report-option.png') });
  await page.locator('.opt-report').uncheck();
  assert.doesNotMatch(await page.locator('.share-code').inputValue(), /report=/);
  await context.close();
});

test('in a 300×250 embed the zoom buttons do not cover a popup at the map\'s left edge', async () => {
  hostHtml = article(`<iframe id="map" src="${server.url}/embed?lat=53.55&lon=13&z=6&event=2020-01-hamburg&list=0" width="300" height="250" style="border:0"></iframe>`);
  const { page, problems, context } = await openPage(browser);
  await page.goto(hostUrl());
  const frame = await frameWithMap(page, '#map');
  await frame.locator('.leaflet-popup .popup-title').waitFor();
  await page.waitForTimeout(500);
  const b = await frame.locator('.map').evaluate(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, right: r.right, bottom: r.bottom }; };
    return { popup: box(document.querySelector('.leaflet-popup-content-wrapper')), zoom: box(document.querySelector('.leaflet-control-zoom')), map: box(document.querySelector('.map')) };
  });
  const apart = b.popup.right <= b.zoom.x || b.zoom.right <= b.popup.x || b.popup.bottom <= b.zoom.y || b.zoom.bottom <= b.popup.y;
  assert.ok(apart, JSON.stringify(b));
  assert.ok(b.popup.x >= b.map.x && b.popup.right <= b.map.right, `the popup is cut: ${JSON.stringify(b)}`);
  await page.locator('#map').screenshot({ path: join(ARTIFACTS, 'embed-300x250-popup.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
