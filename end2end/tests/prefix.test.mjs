// Behind a proxy, under a path (README): a newsroom's nginx passes
// /rallies/ to the app with the prefix stripped, and RALLYMAP_PUBLIC_URL
// names the prefixed address. Through nginx the map, its embed, an event
// page and the editor work, every URL the app writes stays under /rallies/,
// and no request of the browser leaves it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freePort, launchBrowser, openPage, addEditor, ARTIFACTS, ROOT } from '../lib/harness.mjs';
import { startNginx } from '../lib/nginx.mjs';

let server;
let proxy;
let browser;
let site; // http://127.0.0.1:PORT/rallies, the public URL
/** Every request any page of these tests made. */
const requests = [];
before(async () => {
  const port = await freePort();
  site = `http://127.0.0.1:${port}/rallies`;
  server = await startServer({ env: { RALLYMAP_PUBLIC_URL: site } });
  addEditor(server.databaseUrl, 'anna', 'correct horse battery');
  proxy = await startNginx({ port, location: '/rallies/', upstreams: [server.url] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await proxy?.stop();
  await server?.stop();
});

/** A page whose requests are kept for the last test. */
async function open(options) {
  const p = await openPage(browser, options);
  p.page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
  return p;
}

const count = (page) => page.locator('.window-count').textContent();
const listIds = (page) => page.locator('.event-list li').evaluateAll((lis) => lis.map((li) => li.dataset.id));

test('the map loads and hydrates through the proxy; the slider moves the list; the address keeps /rallies/', async () => {
  const { page, problems, context } = await open();
  await page.goto(`${site}/`);
  await page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  await page.waitForSelector('.map[data-basemap="loaded"]', { timeout: 15_000 });
  await page.waitForFunction(() => document.querySelector('.map')?.dataset.markers === '6');
  assert.equal(await count(page), '6 of 6 events');
  await page.screenshot({ path: join(ARTIFACTS, 'prefix-map.png') });

  await page.locator('.date-start').fill('2020-01-19');
  await page.locator('.date-start').press('Enter');
  await page.waitForFunction(() => document.querySelector('.window-count').textContent === '4 of 6 events');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('start') === '2020-01-19');
  await page.waitForFunction(() => document.querySelectorAll('.event-list li').length === 4);
  assert.equal((await listIds(page)).length, 4);
  assert.equal(new URL(page.url()).pathname, '/rallies/', 'the permalink keeps the prefix');

  // Moving the map rewrites the address (history.replaceState), still under /rallies/.
  const z = new URL(page.url()).searchParams.get('z');
  await page.locator('.leaflet-control-zoom-in').click();
  await page.waitForFunction((z) => new URL(location.href).searchParams.get('z') !== z, z);
  assert.equal(new URL(page.url()).pathname, '/rallies/');
  const box = await page.locator('.map').boundingBox();
  const lon = new URL(page.url()).searchParams.get('lon');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction((lon) => new URL(location.href).searchParams.get('lon') !== lon, lon);
  assert.equal(new URL(page.url()).pathname, '/rallies/');

  // The share dialog hands out the prefixed link and embed code.
  await page.locator('.share-open').click();
  const link = await page.locator('.share-link').inputValue();
  assert.ok(link.startsWith(`${site}/?start=2020-01-19&`), link);
  const code = await page.locator('.share-code').inputValue();
  assert.ok(code.startsWith(`<iframe src="${site}/embed?start=2020-01-19&amp;`), code);

  // The page's feed and oEmbed discovery links, followed through the proxy.
  const feed = await page.locator('link[type="application/atom+xml"]').getAttribute('href');
  assert.ok(feed.startsWith(`${site}/feed.atom?`), feed);
  const atom = await (await fetch(feed)).text();
  const hrefs = [...atom.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(hrefs.length > 2 && hrefs.every((h) => h.startsWith(`${site}/`)), hrefs.join('\n'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('an event page opens from the list\'s link, and its oEmbed answers through the proxy', async () => {
  const { page, problems, context } = await open();
  await page.goto(`${site}/?start=2020-01-18&end=2020-01-20`);
  await page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  // The list's link names the event's page under the prefix (a click on
  // the map page selects the event on the map; the link opens the page).
  const href = await page.locator('.event-list li[data-id="2020-01-hamburg"] a').first().getAttribute('href');
  assert.equal(href, '/rallies/events/2020-01-hamburg');
  await page.goto(new URL(href, site).href);
  await page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  await page.waitForSelector('h1:has-text("Hamburg")');
  const discovery = await page.locator('link[type="application/json+oembed"]').getAttribute('href');
  assert.ok(discovery.startsWith(`${site}/oembed?`), discovery);
  const answer = await fetch(discovery);
  assert.equal(answer.status, 200);
  assert.ok((await answer.json()).html.includes(`src="${site}/embed?`));
  const back = await page.locator('a', { hasText: 'Show on the map' }).getAttribute('href');
  assert.equal(back, '/rallies/?event=2020-01-hamburg');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an embed page loads and draws its markers through the proxy', async () => {
  const { page, problems, context } = await open();
  await page.goto(`${site}/embed?list=0&title=Rallies`);
  await page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  await page.waitForFunction(() => document.querySelector('.map')?.dataset.markers === '6');
  assert.equal(await page.locator('.embed-title').textContent(), 'Rallies');
  const full = await page.locator('a.full-map').getAttribute('href');
  assert.ok(full.startsWith(`${site}/?`), full);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an editor signs in, saves an event and uploads a file through the proxy (server functions under /rallies/)', async () => {
  const { page, problems, context } = await open();
  await page.goto(`${site}/login`);
  await page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  assert.equal(await page.locator('form.sign-in').getAttribute('action'), '/rallies/_fn/sign_in');
  await page.locator('input[name="name"]').fill('anna');
  await page.locator('input[name="password"]').fill('correct horse battery');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(`${site}/editor`);
  await page.goto(`${site}/editor/events/2020-01-hamburg`);
  await page.waitForSelector('body[data-editor-live]', { timeout: 15_000 });
  await page.locator('#f-title').fill('Rally in Hamburg (saved through the proxy)');
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL(`${site}/editor/events/2020-01-hamburg?saved=2`);
  const feature = await (await fetch(`${site}/api/events/2020-01-hamburg`)).json();
  assert.equal(feature.properties.title, 'Rally in Hamburg (saved through the proxy)');
  // The editor's links lead back into the site.
  await page.locator('a', { hasText: 'All events' }).first().click();
  await page.waitForURL(`${site}/editor`);
  await page.waitForSelector('tr[data-id="2020-01-hamburg"]');
  // An upload (a script's POST to a route of the server's own, and its
  // redirect to the preview) stays under the prefix too.
  await page.locator('a', { hasText: 'Import' }).first().click();
  await page.waitForURL(`${site}/editor/import`);
  await page.waitForSelector('body[data-editor-live]');
  await page.locator('input[type=file]').setInputFiles(join(ROOT, 'end2end/fixtures/import/spreadsheet.csv'));
  await page.locator('button', { hasText: 'Upload and preview' }).click();
  await page.waitForURL(new RegExp(`^${site}/editor/import/[0-9a-f]{32}$`));
  await page.locator('.summary').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('no request of the browser went outside /rallies/', () => {
  assert.ok(requests.length > 20, `${requests.length} requests recorded`);
  const outside = requests.filter((r) => {
    const url = r.slice(r.indexOf(' ') + 1);
    return !(url === site || url.startsWith(`${site}/`));
  });
  assert.deepEqual(outside, []);
  // And the proxy passed on nothing it would have refused.
  const refused = proxy.log().split('\n').filter((l) => / 404 /.test(l) && l.includes('Chrome'));
  assert.deepEqual(refused, []);
});
