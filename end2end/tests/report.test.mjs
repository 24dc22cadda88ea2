// Readers report an event (issue 26): the form without JavaScript, in
// Persian; a refusal keeps what was typed; the form with JavaScript
// hydrates the same page, with a map that fills in the point; axe-core
// finds nothing on it in either language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, addEditor, signIn, dragPin, ARTIFACTS } from '../lib/harness.mjs';
import { axeViolations } from '../lib/axe.mjs';

let server;
let browser;
before(async () => {
  // The fill-time check is tested in-process; here a second is enough.
  server = await startServer({ env: { RALLYMAP_REPORT_MIN_SECONDS: '1' } });
  browser = await launchBrowser();
  addEditor(server.databaseUrl, 'anna', 'correct horse battery');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Fills the form; `lat: null` leaves the point as it is (from the map). */
async function fill(page, { title = 'تجمع شمع‌روشن در میدان', place = 'میدان آزادی، تهران', country = 'IR', lat = '35.6997' } = {}) {
  await page.locator('#r-title').fill(title);
  await page.locator('#r-description').fill('حدود دویست نفر، بدون سخنرانی.');
  await page.locator('#r-kind').selectOption('vigil');
  await page.locator('#r-crowd').fill('حدود دویست نفر');
  await page.locator('#r-place').fill(place);
  await page.locator('#r-country').fill(country);
  if (lat !== null) {
    await page.locator('#r-lat').fill(lat);
    await page.locator('#r-lon').fill('51.3380');
  }
  await page.locator('#r-start').fill('2024-03-01');
  await page.locator('input[name="was_there"]').check();
  await page.locator('#r-contact').fill('shahed@example.org');
}

test('a reader reports an event in Persian without JavaScript and sees its reference', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fa-IR' });
  const page = await context.newPage();
  const before = (await (await fetch(server.url + '/api/events')).json()).features.length;
  await page.goto(server.url + '/?lang=fa');
  await page.locator('a.report-link').click();
  await page.waitForURL('**/report');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('h1').textContent(), 'گزارش یک رویداد');
  assert.equal(await page.locator('.picker').count(), 0, 'no map without JavaScript: the point is typed');

  // A latitude out of range: refused at its field, everything kept.
  await fill(page, { lat: '95' });
  await page.waitForTimeout(1_100);
  await page.locator('button[type="submit"]').click();
  await page.waitForLoadState();
  assert.match(await page.locator('p.refusal').textContent(), /گزارش فرستاده نشد/);
  assert.equal(await page.locator('#e-point li').count(), 1);
  assert.equal(await page.locator('#r-lat').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.inputValue('#r-title'), 'تجمع شمع‌روشن در میدان');
  assert.equal(await page.inputValue('#r-description'), 'حدود دویست نفر، بدون سخنرانی.');
  assert.equal(await page.inputValue('#r-contact'), 'shahed@example.org');
  assert.ok(await page.locator('input[name="was_there"]').isChecked());

  await page.locator('#r-lat').fill('35.6997');
  await page.waitForTimeout(1_100);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL('**/report/received?ref=*');
  const reference = await page.locator('.reference').textContent();
  assert.match(reference, /^R-[0-9A-HJKMNP-TV-Z]{5}$/);
  assert.equal(new URL(page.url()).searchParams.get('ref'), reference);
  assert.equal(await page.locator('h1').textContent(), 'سپاس: گزارش شما دریافت شد');
  await page.screenshot({ path: 'target/report-received-fa.png' });

  const after = await (await fetch(server.url + '/api/events')).text();
  assert.equal(JSON.parse(after).features.length, before, 'nothing published');
  assert.ok(!after.includes('shahed@example.org') && !after.includes('شمع‌روشن'));
  await context.close();
});

for (const lang of ['en', 'fa']) {
  test(`the report form has no axe-core violations (${lang}), hydrates without errors, and its refusal too`, async () => {
    const { page, problems, context } = await openPage(browser, { bypassCSP: true });
    await page.goto(`${server.url}/report?lang=${lang}`);
    await page.waitForSelector('body[data-hydrated]');
    await mapReady(page);
    await page.screenshot({ path: `target/report-form-${lang}.png`, fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
    await fill(page);
    await page.locator('#r-title').fill('<b id=inj>x</b> & y');
    await page.locator('#r-country').fill('XX');
    await sendRefused(page);
    assert.equal(await page.locator('#inj').count(), 0);
    assert.equal(await page.inputValue('#r-title'), '<b id=inj>x</b> & y');
    await page.screenshot({ path: `target/report-refused-${lang}.png`, fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
    // The refusal's own status (400) is the only line in the console.
    assert.deepEqual(problems.filter((p) => !p.includes('status of 400')), [], 'hydration without errors');
    await context.close();
  });
}

// ---- The point from a map (with JavaScript) ----

/**
 * Keeps every Leaflet map the page makes in `window.__maps` (Leaflet's own
 * `addInitHook`, hooked as leaflet.js sets `window.L`), so a test can ask
 * the form's map which point a pixel is; `window.__pin()` is the pin's
 * point on the form's map, `[lat, lon]`, or null.
 */
async function keepMaps(context) {
  await context.addInitScript(() => {
    let leaflet;
    Object.defineProperty(window, 'L', {
      configurable: true,
      get: () => leaflet,
      set: (v) => {
        leaflet = v;
        v.Map.addInitHook(function keep() { (window.__maps ||= []).push(this); });
      },
    });
    window.__pin = () => {
      const map = window.__maps.find((m) => m.getContainer().classList.contains('picker'));
      let at = null;
      map.eachLayer((l) => { if (l instanceof leaflet.Marker) at = [l.getLatLng().lat, l.getLatLng().lng]; });
      return at;
    };
  });
}

/**
 * Sends the form (after the second a person takes at least) and waits
 * until the refused form is back, live, with its map and pin.
 */
async function sendRefused(page) {
  await page.waitForTimeout(1_100);
  await page.locator('button[type="submit"]').click();
  await page.locator('p.refusal').waitFor();
  await page.waitForSelector('body[data-hydrated]');
  await mapReady(page);
  await page.locator('.picker .leaflet-marker-icon').waitFor();
}

/** Waits until the form's map is drawn and laid out. */
async function mapReady(page) {
  await page.waitForSelector('.picker[data-ready][data-basemap="loaded"]');
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

/**
 * Clicks the form's map `dx`, `dy` pixels from its centre and returns the
 * point the fields must then hold: the map's own reading of that pixel,
 * rounded to 5 decimals as the form writes it.
 */
async function clickMap(page, dx, dy) {
  await page.locator('.picker').scrollIntoViewIfNeeded();
  const box = await page.locator('.picker').boundingBox();
  const x = Math.round(box.x + box.width / 2 + dx);
  const y = Math.round(box.y + box.height / 2 + dy);
  const expected = await page.evaluate(([x, y]) => {
    const map = window.__maps.find((m) => m.getContainer().classList.contains('picker'));
    const at = map.mouseEventToLatLng({ clientX: x, clientY: y }).wrap();
    const text = (v) => String(Number(v.toFixed(5)));
    return { lat: text(at.lat), lon: text(at.lng) };
  }, [x, y]);
  await page.mouse.click(x, y);
  return expected;
}

/** The pin's point on the form's map, `[lat, lon]`, or null. */
const pin = (page) => page.evaluate(() => window.__pin());

const MAP_LABEL = {
  en: 'Map: click to place the event, drag the pin to move it',
  fa: 'نقشه: برای گذاشتن رویداد کلیک کنید، برای جابه‌جایی سنجاق را بکشید',
};
const RQ_POINT = { en: 'Point (latitude, longitude)', fa: 'نقطه (عرض، طول جغرافیایی)' };

for (const [lang, title, dx, dy] of [['en', 'Vigil placed on the map', 40, -25], ['fa', 'تجمع روی نقشه', -60, 30]]) {
  test(`a reader places the event by clicking the map (${lang}); a refused form keeps the pin; the report carries the point`, async () => {
    const { page, problems, requests, context } = await openPage(browser);
    await keepMaps(context);
    await page.goto(`${server.url}/report?lang=${lang}`);
    await page.waitForSelector('body[data-hydrated]');
    await mapReady(page);
    assert.equal(await page.locator('.picker').getAttribute('aria-label'), MAP_LABEL[lang]);
    assert.equal(await page.locator('.picker .leaflet-marker-icon').count(), 0, 'no pin before a point');

    // A click fills both fields with the clicked point.
    const clicked = await clickMap(page, dx, dy);
    assert.equal(await page.inputValue('#r-lat'), clicked.lat);
    assert.equal(await page.inputValue('#r-lon'), clicked.lon);
    assert.deepEqual(await pin(page), [Number(clicked.lat), Number(clicked.lon)]);

    // Typed coordinates move the pin; the fields keep what was typed.
    await page.locator('#r-lat').fill('35.6997');
    await page.locator('#r-lon').fill('51.338');
    await page.waitForFunction(() => window.__pin()?.[0] === 35.6997);
    assert.deepEqual(await pin(page), [35.6997, 51.338]);

    // Dragging the pin writes where it was dropped, rounded, into the fields.
    await dragPin(page, 30);
    await page.waitForFunction(() => document.querySelector('#r-lon').value !== '51.338');
    const dragged = [await page.inputValue('#r-lat'), await page.inputValue('#r-lon')];
    assert.match(dragged[1], /^\d+(\.\d{1,5})?$/);
    assert.ok(Number(dragged[1]) > 51.338, `dragged east: ${dragged[1]}`);
    assert.deepEqual(await pin(page), dragged.map(Number), 'the pin sits at the rounded point');

    // The point that is sent: another click.
    const sent = await clickMap(page, -dx, -dy);
    assert.equal(await page.inputValue('#r-lat'), sent.lat);
    assert.equal(await page.inputValue('#r-lon'), sent.lon);

    // A refusal (a country code that does not exist) comes back with the
    // pin at the typed point.
    await fill(page, { title, place: `Square ${lang}`, country: 'XX', lat: null });
    await sendRefused(page);
    assert.equal(await page.inputValue('#r-lat'), sent.lat);
    assert.equal(await page.inputValue('#r-lon'), sent.lon);
    assert.deepEqual(await pin(page), [Number(sent.lat), Number(sent.lon)], 'the pin is back at the typed point');
    await page.screenshot({ path: join(ARTIFACTS, `report-map-refused-${lang}.png`), fullPage: true });

    await page.locator('#r-country').fill('IR');
    await page.waitForTimeout(1_100);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL('**/report/received?ref=*');
    const reference = await page.locator('.reference').textContent();
    assert.deepEqual(problems.filter((p) => !p.includes('status of 400')), []);
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), [], 'no request leaves the machine');
    await context.close();

    // The editors' queue has the report at the clicked point.
    const editor = await openPage(browser);
    await signIn(editor.page, server.url);
    await editor.page.goto(`${server.url}/editor/reports?lang=${lang}`);
    const item = editor.page.locator(`li.report[id="${reference}"]`);
    await item.waitFor();
    assert.equal(await item.locator(`dt:text-is("${RQ_POINT[lang]}") + dd`).textContent(), `${sent.lat}, ${sent.lon}`);
    await editor.context.close();
  });
}

test('the form\'s map shows the pin at the point typed, with the page', async () => {
  const { page, context } = await openPage(browser);
  await keepMaps(context);
  await page.goto(`${server.url}/report?lang=fa`);
  await page.waitForSelector('body[data-hydrated]');
  await mapReady(page);
  await page.locator('#r-lat').fill('۳۵٫۶۹۹۷');
  await page.locator('#r-lon').fill('51.338');
  await page.locator('.picker .leaflet-marker-icon').waitFor();
  assert.deepEqual(await pin(page), [35.6997, 51.338], 'Persian digits are a point too');
  await page.locator('.picker').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'report-map-fa.png') });
  await context.close();
});
