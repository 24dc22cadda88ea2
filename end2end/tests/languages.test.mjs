// Languages (README, "Languages"): a Persian browser gets the map in
// Persian, right to left, with Persian digits and the Solar Hijri date
// beside the Gregorian one; the switch and `lang=` choose, permalinks and
// the share dialog keep the choice; axe-core finds nothing in Persian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openMapAt, addEditor, ARTIFACTS, ROOT } from '../lib/harness.mjs';
import { axeViolations, readerPagesViolations } from '../lib/axe.mjs';

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

const openMap = (path, options = {}) => openMapAt(browser, server.url + path, options);
const windowText = (page) => page.locator('.window-text').textContent();

test('a Persian browser gets the map in Persian, right to left, with the Solar Hijri dates', async () => {
  const { page, problems, context } = await openMap('/?start=2020-01-18&end=2020-01-20', { locale: 'fa-IR' });
  assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['fa', 'rtl']);
  assert.equal(await windowText(page), '۱۸ تا ۲۰ ژانویه ۲۰۲۰ (۲۸ تا ۳۰ دی ۱۳۹۸)');
  assert.equal(await page.locator('.window-count').textContent(), '۶ از ۶ رویداد');
  assert.equal(await page.locator('.handle-start').getAttribute('aria-valuetext'), '۱۸ ژانویه ۲۰۲۰ (۲۸ دی ۱۳۹۸)');
  assert.equal(await page.locator('.handle-start').getAttribute('aria-label'), 'نخستین روز بازه');
  const hamburg = page.locator('.event-list li[data-id="2020-01-hamburg"]');
  assert.equal(await hamburg.locator('.when').textContent(), 'حدود ۱۸ تا ۲۰ ژانویه ۲۰۲۰ (۲۸ تا ۳۰ دی ۱۳۹۸) (تاریخ دقیق گزارش نشده)');
  // Event text keeps its own direction inside the Persian interface.
  assert.equal(await hamburg.locator('a').getAttribute('dir'), 'auto');
  // Mirrored: the list is on the left of the map, the histogram runs from the right.
  const list = await page.locator('.list-column').boundingBox();
  const map = await page.locator('.map-column').boundingBox();
  assert.ok(list.x < map.x, `list at ${list.x}, map at ${map.x}`);
  assert.equal(await page.locator('.histogram').evaluate((e) => getComputedStyle(e).transform), 'matrix(-1, 0, 0, 1, 0, 0)');
  // Leaflet's zoom buttons at the top right, the credits at the bottom left.
  const mapBox = await page.locator('.map').boundingBox();
  const zoom = await page.locator('.leaflet-control-zoom').boundingBox();
  const credits = await page.locator('.leaflet-control-attribution').boundingBox();
  assert.equal(Math.round(mapBox.x + mapBox.width - (zoom.x + zoom.width)), 10, 'zoom buttons 10 px from the right edge');
  assert.equal(Math.round(credits.x - mapBox.x), 0, 'credits at the left edge');
  // The first day's handle starts on the right: dragged from there to the middle, it moves the first day.
  const range = await page.locator('.range').boundingBox();
  const y = range.y + range.height / 2;
  await page.mouse.move(range.x + range.width - 6, y);
  await page.mouse.down();
  await page.mouse.move(range.x + range.width / 2, y, { steps: 8 });
  await page.mouse.up();
  assert.equal(await windowText(page), '۱۹ تا ۲۰ ژانویه ۲۰۲۰ (۲۹ تا ۳۰ دی ۱۳۹۸)');
  await page.waitForFunction(() => document.querySelector('.window-count').textContent === '۴ از ۶ رویداد');
  // The popup: the interface's words in Persian, aligned right; the event's own text as written.
  await hamburg.locator('a').click();
  const popup = page.locator('.leaflet-popup');
  await popup.locator('.popup-title').waitFor();
  assert.equal(await popup.locator('.popup-meta').textContent(), 'تجمع · حدود ۱۸ تا ۲۰ ژانویه ۲۰۲۰ (۲۸ تا ۳۰ دی ۱۳۹۸) (تاریخ دقیق گزارش نشده)');
  assert.equal(await popup.locator('.popup-where').textContent(), 'Hamburg, Germany (مرکز شهر؛ محل دقیق گزارش نشده)');
  assert.equal(await popup.locator('.leaflet-popup-content-wrapper').evaluate((e) => getComputedStyle(e).direction), 'rtl');
  assert.equal(await popup.locator('.popup-title').getAttribute('dir'), 'auto');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the switch and lang= choose the language; the address, links and share dialog keep it', async () => {
  const { page, context } = await openMap('/?start=2020-01-18&end=2020-01-20');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.locator('.languages a[hreflang="fa"]').click();
  await page.waitForURL(/lang=fa/);
  await page.waitForSelector('body[data-hydrated]');
  await page.waitForSelector('.map[data-markers]');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fa');
  assert.equal(new URL(page.url()).searchParams.get('start'), '2020-01-18', 'the view is kept');
  // A slider step rewrites the address; the language stays in it.
  await page.locator('.handle-end').focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('end') === '2020-01-18');
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'fa');
  // The share dialog: the link and the embed code in Persian, until another language is picked.
  await page.locator('.share-open').click();
  assert.match(await page.locator('.share-link').inputValue(), /&lang=fa$/);
  assert.match(await page.locator('.share-code').inputValue(), /\/embed\?[^"]*lang=fa"/);
  await page.locator('.opt-lang').selectOption('en');
  assert.doesNotMatch(await page.locator('.share-code').inputValue(), /lang=/);
  assert.match(await page.locator('.share-code').inputValue(), /title="rallymap: reported rallies and protests"/);
  await page.locator('.share-close').click();
  // The cookie remembers the choice on a page opened without it.
  await page.goto(server.url + '/events/2020-01-hamburg');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fa');
  assert.equal(await page.locator('.event dd.when').textContent(), 'حدود ۱۸ تا ۲۰ ژانویه ۲۰۲۰ (۲۸ تا ۳۰ دی ۱۳۹۸) (تاریخ دقیق گزارش نشده)');
  await page.locator('.languages a[hreflang="en"]').click();
  await page.waitForURL(/lang=en/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.locator('.event dd.when').textContent(), 'around 18–20 January 2020 (date not reported)');
  await context.close();
});

test('axe-core finds no violation in Persian, and at 360×640 nothing scrolls sideways', async () => {
  const { page, context } = await openMap('/?lang=fa', { bypassCSP: true });
  const found = await readerPagesViolations(page, server.url, '?lang=fa');
  assert.equal(Object.keys(found).length, 5);
  assert.deepEqual(found, Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  await context.close();

  const phone = await openMap('/?lang=fa&start=2020-01-18&end=2020-01-20', { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
  for (const path of ['/?lang=fa', '/events/2020-01-hamburg?lang=fa', '/embed?lang=fa']) {
    const p = await phone.context.newPage();
    await p.goto(server.url + path);
    await p.waitForSelector('body[data-hydrated]');
    assert.equal(await p.evaluate(() => document.documentElement.scrollWidth), 360, `${path} scrolls sideways`);
    await p.close();
  }
  await phone.page.screenshot({ path: join(ARTIFACTS, 'map-fa-360.png') });
  await phone.context.close();
});

test('the editor pages speak Persian too: right to left, refusals in Persian, and axe-core finds nothing', async () => {
  // The language chosen on the map (a cookie) carries over to the editor.
  const { page, problems, context } = await openMap('/?lang=fa', { bypassCSP: true });
  await page.goto(server.url + '/login');
  await page.waitForSelector('body[data-hydrated]');
  await page.locator('input[name="name"]').fill('anna');
  await page.locator('input[name="password"]').fill('wrong horse battery');
  await page.locator('button[type="submit"]').click();
  await page.locator('.error', { hasText: 'گذرواژه' }).waitFor();
  assert.equal(await page.locator('.error').textContent(), 'این نام و گذرواژه با هیچ حساب ویراستاری جور نیست.');
  await page.locator('input[name="password"]').fill('correct horse battery');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL('**/editor');
  await page.waitForSelector('body[data-editor-live]');
  assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['fa', 'rtl']);
  assert.equal(await page.locator('main h1').textContent(), 'رویدادها');
  assert.equal(await page.locator('main .count').textContent(), '۶ رویداد');
  assert.deepEqual(await page.locator('.editor-bar nav a').allTextContents(), ['همهٔ رویدادها', 'رویداد تازه', 'درون‌ریزی', 'گزارش‌ها', 'نقشهٔ عمومی']);
  assert.equal(await page.locator('tr[data-id="2020-01-18-stockholm"] .badge').textContent(), 'منتشرشده');
  assert.equal(await page.title(), 'رویدادها — ویرایشگر rallymap');

  const found = {};
  for (const path of ['/editor', '/editor/events/2020-01-hamburg', '/editor/events/2020-01-hamburg/history', '/editor/import']) {
    await page.goto(server.url + path);
    await page.waitForSelector('body[data-editor-live]');
    found[path] = await axeViolations(page);
    if (path === '/editor/events/2020-01-hamburg') {
      // The id keeps its order in the Persian line; no middle dot beside Persian digits.
      assert.match(await page.locator('.state').textContent(), /شناسه \u20682020-01-hamburg\u2069، نسخهٔ ۱، آخرین تغییر /);
    }
    if (path.endsWith('/history')) {
      assert.equal(await page.locator('main p.muted').textContent(), 'هیچ تغییری ثبت نشده است: این همان رویدادی است که نخستین بار بارگذاری شد (دادهٔ آغازین).');
    }
  }
  assert.equal(await page.locator('main h1').textContent(), 'درون‌ریزی رویدادها');
  await page.locator('input[type=file]').setInputFiles(join(ROOT, 'end2end/fixtures/import/spreadsheet.csv'));
  await page.locator('form.upload button[type=submit]').click();
  await page.waitForURL(/\/editor\/import\/[0-9a-f]{32}$/);
  await page.waitForSelector('body[data-editor-live]');
  assert.equal(await page.locator('main h1').textContent(), 'پیش‌نمایش درون‌ریزی');
  assert.equal(await page.locator('.summary').textContent(), '\u2068CSV separated by ";"\u2069: ۲ رکورد، ۰ معتبر، ۲ ردشده.');
  assert.equal(await page.locator('form.confirm button[type=submit]').isDisabled(), true, 'nothing valid to import');
  found['/editor/import/{token}'] = await axeViolations(page);

  // A refused form: the summary and every field's sentence in Persian, the
  // editor's own text (none here) as typed.
  await page.goto(server.url + '/editor/new');
  await page.waitForSelector('body[data-editor-live]');
  assert.equal(await page.locator('label[for="f-title"]').textContent(), 'عنوان');
  await page.locator('button[type="submit"].primary').click();
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.locator('.error-summary h2').textContent(), 'ذخیره نشد: ۷ مشکل');
  assert.equal(await page.locator('#f-title-error').textContent(), 'عنوان لازم است');
  assert.equal(await page.locator('#f-lon-error').textContent(), 'طول جغرافیایی لازم است\nعرض جغرافیایی لازم است');
  assert.equal(await page.locator('#f-sources-error').textContent(), 'دست‌کم یک منبع لازم است');
  // Checked as each field is left, in the browser, in Persian too.
  await page.locator('#f-date_start').fill('2020-01-20');
  await page.locator('#f-date_end').fill('2020-01-18');
  await page.locator('#f-title').focus();
  await page.locator('#f-date_end-error', { hasText: 'روز آخر' }).waitFor();
  assert.equal(await page.locator('#f-date_end-error').textContent(), 'روز آخر نباید پیش از روز نخست (\u20682020-01-20\u2069) باشد');
  found['/editor/new, refused'] = await axeViolations(page);
  await page.screenshot({ path: join(ARTIFACTS, 'editor-fa-refused.png'), fullPage: true });

  assert.deepEqual(found, Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  // Expected: the wrong password's 401 and the refused form's 422.
  assert.deepEqual(problems.filter((p) => !p.includes('401') && !p.includes('422')), []);
  await context.close();
});

// ---- Issue 21 in Persian: typed digits, the credit's flag, the popup's close button ----

test('the Persian editor accepts Persian and Arabic-Indic digits in the coordinates and dates', async () => {
  const { page, problems, context } = await openMap('/?lang=fa');
  await page.goto(server.url + '/login');
  await page.waitForSelector('body[data-hydrated]');
  await page.locator('input[name="name"]').fill('anna');
  await page.locator('input[name="password"]').fill('correct horse battery');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL('**/editor');
  await page.goto(server.url + '/editor/new');
  await page.waitForSelector('body[data-editor-live]');
  await page.waitForSelector('.picker[data-ready]');
  // Typed as the interface writes numbers: Persian digits, the Arabic
  // decimal separator; and Arabic-Indic digits.
  await page.locator('#f-lon').fill('۵۱٫۳۸۹');
  await page.locator('#f-lat').fill('٣٥٫٦٨٩٢');
  await page.locator('#f-title').focus();
  await page.locator('.picker .leaflet-marker-icon').waitFor();
  assert.equal(await page.locator('#f-lon-error').textContent(), '', 'no refusal');
  await page.locator('#f-title').fill('تجمع در میدان');
  await page.locator('#f-kind').selectOption('rally');
  await page.locator('#f-date_start').fill('۲۰۲۰-۰۱-۱۹');
  await page.locator('#f-location_name').fill('Tehran');
  await page.locator('#f-title').focus();
  assert.equal(await page.locator('#f-date_start-error').textContent(), '');
  await page.locator('#f-country_code').fill('ir');
  await page.locator('#f-geo_precision').selectOption('city');
  await page.locator('#f-sources-0-name').fill('test desk');
  await page.locator('#f-status-published').check();
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL(/\/editor\/events\/([a-z0-9-]+)\?saved=1$/);
  const id = new URL(page.url()).pathname.split('/').pop();
  const saved = await (await fetch(`${server.url}/api/events/${id}`)).json();
  assert.deepEqual(saved.geometry.coordinates, [51.389, 35.6892]);
  assert.equal(saved.properties.date_start, '2020-01-19');
  assert.deepEqual(problems, []);
  await context.close();
});

test('in Persian the credit keeps Leaflet\'s flag beside its name, and the popup\'s close button clears the title', async () => {
  const { page, context } = await openMap('/?lang=fa&lat=53.55&lon=10&z=5&event=2020-01-hamburg');
  const gap = await page.evaluate(() => {
    const link = document.querySelector('.leaflet-control-attribution a');
    const flag = link.querySelector('svg').getBoundingClientRect();
    // The word itself, without the space before it.
    const text = document.createRange();
    const node = link.lastChild;
    text.setStart(node, node.textContent.indexOf('Leaflet'));
    text.setEnd(node, node.textContent.length);
    const word = text.getBoundingClientRect();
    return Math.min(Math.abs(word.left - flag.right), Math.abs(flag.left - word.right));
  });
  assert.ok(gap <= 6, `the flag is ${gap} px from "Leaflet"`);
  await page.locator('.leaflet-popup .popup-title').waitFor();
  const overlap = await page.evaluate(() => {
    const close = document.querySelector('.leaflet-popup-close-button').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('.leaflet-popup .popup-title'));
    return [...range.getClientRects()].some((r) => r.left < close.right && close.left < r.right && r.top < close.bottom && close.top < r.bottom);
  });
  assert.equal(overlap, false, 'the close button overlaps the title');
  await page.screenshot({ path: join(ARTIFACTS, 'popup-fa.png') });
  await context.close();
});
