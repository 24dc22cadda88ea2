// From a reader's report to the map (issue 26): a reader reports a vigil in
// Persian without JavaScript; an editor takes it in review in the queue,
// accepts it as a new event through the filled form and publishes it; the
// event is on readers' map with the report counted as its source; a second
// reader's report of the same vigil is added to it as a source from the
// queue and the count becomes 2. Nothing of either reader reaches a reader.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, addEditor, signIn, ARTIFACTS } from '../lib/harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ env: { RALLYMAP_REPORT_MIN_SECONDS: '1' } });
  addEditor(server.databaseUrl, 'anna', 'correct horse battery');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const CONTACTS = ['shahed@example.org', 'second.witness@example.org'];

/** Sends a report from a browser without JavaScript; its reference. */
async function report(lang, fields) {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: lang === 'fa' ? 'fa-IR' : 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${server.url}/report?lang=${lang}`);
  for (const [id, value] of Object.entries(fields)) {
    if (id === '#r-kind') await page.locator(id).selectOption(value);
    else if (id === 'was_there') await page.locator('input[name="was_there"]').check();
    else await page.locator(id).fill(value);
  }
  await page.waitForTimeout(1_100);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL('**/report/received?ref=*');
  const reference = await page.locator('.reference').textContent();
  await context.close();
  return reference;
}

test('a reader’s Persian report becomes a published event through the queue, and a second reader corroborates it', async () => {
  const first = await report('fa', {
    '#r-title': 'تجمع شمع‌روشن در میدان آزادی',
    '#r-description': 'حدود دویست نفر، بدون سخنرانی.',
    '#r-kind': 'vigil',
    '#r-crowd': 'حدود دویست نفر',
    '#r-place': 'میدان آزادی، تهران',
    '#r-country': 'IR',
    '#r-lat': '35.6997',
    '#r-lon': '51.338',
    '#r-start': '2024-03-01',
    was_there: true,
    '#r-contact': CONTACTS[0],
  });
  assert.match(first, /^R-[0-9A-HJKMNP-TV-Z]{5}$/);

  const { page, problems, context } = await openPage(browser);
  await signIn(page, server.url);
  await page.locator('a[href="/editor/reports"]').first().click();
  await page.waitForURL('**/editor/reports');
  await page.waitForSelector('body[data-hydrated]');
  const item = page.locator(`li.report#${first}`);
  assert.equal(await item.locator('h2').textContent(), 'تجمع شمع‌روشن در میدان آزادی');
  assert.equal(await item.getAttribute('data-status'), 'new');
  assert.match(await item.textContent(), /shahed@example\.org/, 'editors see the contact');
  await item.locator('button.review').click();
  await page.waitForFunction((r) => document.getElementById(r)?.dataset.status === 'in_review', first);
  assert.match(await item.locator('p.decided').textContent(), /^In review by anna, /);
  await page.screenshot({ path: join(ARTIFACTS, 'report-queue.png'), fullPage: true });

  await item.locator('a.accept').click();
  await page.waitForURL(`**/editor/new?report=${first}`);
  await page.waitForSelector('body[data-hydrated]');
  assert.equal(await page.inputValue('#f-title'), 'تجمع شمع‌روشن در میدان آزادی');
  assert.equal(await page.inputValue('#f-lat'), '35.6997');
  assert.equal(await page.inputValue('#f-lon'), '51.338');
  assert.equal(await page.inputValue('#f-sources-0-name'), `reader report ${first}`);
  await page.locator('#f-status-published').check();
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL('**/editor/events/*?saved=1');
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());

  // The public event: the report's exact point, days and words, its
  // reference as the source, nothing of the reader.
  const event = await (await fetch(`${server.url}/api/events/${encodeURIComponent(id)}`)).json();
  assert.deepEqual(event.geometry.coordinates, [51.338, 35.6997]);
  assert.deepEqual(
    [event.properties.title, event.properties.date_start, event.properties.date_end, event.properties.crowd_size_text],
    ['تجمع شمع‌روشن در میدان آزادی', '2024-03-01', '2024-03-01', 'حدود دویست نفر'],
  );
  assert.deepEqual(event.properties.sources, [{ name: `reader report ${first}` }]);

  // On readers' map, in Persian: the marker, its popup and the count.
  const reader = await openPage(browser);
  await reader.page.goto(`${server.url}/?event=${encodeURIComponent(id)}&lang=fa`);
  const popup = reader.page.locator('.leaflet-popup-content', { hasText: 'تجمع شمع‌روشن در میدان آزادی' });
  await popup.waitFor();
  assert.equal(await popup.locator('.popup-corroborated').textContent(), 'گزارش‌های خوانندگان که آن را تأیید می‌کنند: ۱');
  assert.match(await popup.locator('.popup-sources').textContent(), new RegExp(`reader report ${first}`));
  await reader.page.screenshot({ path: join(ARTIFACTS, 'report-on-the-map-fa.png') });

  // A second reader, in English, a few hundred metres away the same day.
  const second = await report('en', {
    '#r-title': 'Candles at Azadi Square',
    '#r-kind': 'vigil',
    '#r-place': 'Azadi Square, Tehran',
    '#r-country': 'IR',
    '#r-lat': '35.7000',
    '#r-lon': '51.3400',
    '#r-start': '2024-03-01',
    '#r-source': 'https://news.example.org/azadi-candles',
    '#r-contact': CONTACTS[1],
  });
  await page.goto(`${server.url}/editor/reports`);
  await page.waitForSelector('body[data-hydrated]');
  const next = page.locator(`li.report#${second}`);
  assert.equal(await next.locator('.nearby li').count(), 1, 'the new event is offered');
  assert.match(await next.locator('.nearby li').textContent(), /تجمع شمع‌روشن در میدان آزادی/);
  await next.locator('button.merge').click();
  await page.waitForFunction((r) => !document.getElementById(r), second);

  await reader.page.goto(`${server.url}/events/${encodeURIComponent(id)}?lang=en`);
  assert.equal(await reader.page.locator('p.corroborated').textContent(), 'Corroborated by 2 reader reports');
  const sources = await reader.page.locator('ul.sources li').allTextContents();
  assert.deepEqual(sources, [`reader report ${first}`, `reader report ${second}`]);
  assert.equal(
    await reader.page.locator(`ul.sources a[href="https://news.example.org/azadi-candles"]`).textContent(),
    `reader report ${second}`,
  );

  // Nothing of the readers in what readers get.
  for (const path of ['/api/events', `/api/events/${encodeURIComponent(id)}`, '/api/events?f=csv', '/feed.atom', `/events/${encodeURIComponent(id)}`]) {
    const text = await (await fetch(server.url + path)).text();
    for (const c of CONTACTS) assert.ok(!text.includes(c), `${path} has no reader's address`);
  }
  await reader.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});
