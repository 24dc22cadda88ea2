// Two servers, one PostgreSQL, behind nginx (README, "Several servers, one
// PostgreSQL"): instance A on 127.0.0.2 and instance B on 127.0.0.3, both
// on the same port with the same RALLYMAP_PUBLIC_URL
// (http://rallymap.test:PORT), and nginx on 127.0.0.1 balancing over both.
// A browser is sent to A, to B or to nginx by resolving rallymap.test to
// one of the three addresses: one public origin, as readers and editors
// see it behind a load balancer, whichever server answers. A session made
// on one instance works on the other, an edit on one is seen by the very
// next request to the other (conditional requests included), a conflict is
// a conflict across instances, and through nginx the map and the editor
// work with requests alternating between the two; with one upload folder,
// a file uploaded through one is previewed and imported through the other.
//
// Needs RALLYMAP_TEST_POSTGRES (scripts/test.sh sets it); skipped without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freePort, launchBrowser, openPage, addEditor, signIn, ARTIFACTS, ROOT } from '../lib/harness.mjs';
import { startNginx } from '../lib/nginx.mjs';
import { POSTGRES_ADMIN_URL, createDatabase } from '../lib/postgres.mjs';

const skip = POSTGRES_ADMIN_URL
  ? false
  : 'RALLYMAP_TEST_POSTGRES is not set: two instances need one PostgreSQL (a user who may create databases, '
    + 'e.g. postgres://postgres@127.0.0.1:5432/postgres; scripts/test.sh sets it to its throwaway cluster)';
if (skip) console.log(`instances.test.mjs skipped: ${skip}`);

const HOST = 'rallymap.test';
const ADDRESS = { a: '127.0.0.2', b: '127.0.0.3', nginx: '127.0.0.1' };
const ANNA = ['anna', 'correct horse battery'];
const OMID = ['omid', 'another long passphrase'];

let database;
let port;
let site; // http://rallymap.test:PORT, the public URL of both instances
const servers = {};
const browsers = {};
let proxy;

before(async () => {
  if (skip) return;
  database = createDatabase(POSTGRES_ADMIN_URL, 'instances');
  port = await freePort(Object.values(ADDRESS));
  site = `http://${HOST}:${port}`;
  // An upload folder each (startServer's own): uploads are in the database,
  // so one taken by A is previewed and imported by B all the same.
  const env = { RALLYMAP_PUBLIC_URL: site };
  // One after the other: the first migrates and seeds the empty database.
  servers.a = await startServer({ databaseUrl: database.url, listen: `${ADDRESS.a}:${port}`, env });
  servers.b = await startServer({ databaseUrl: database.url, listen: `${ADDRESS.b}:${port}`, env });
  addEditor(database.url, ...ANNA);
  addEditor(database.url, ...OMID);
  proxy = await startNginx({ host: ADDRESS.nginx, port, upstreams: [servers.a.url, servers.b.url] });
  for (const [name, address] of Object.entries(ADDRESS)) browsers[name] = await launchBrowser({ resolve: { [HOST]: address } });
});
after(async () => {
  for (const b of Object.values(browsers)) await b.close();
  await proxy?.stop();
  for (const s of Object.values(servers)) await s.stop();
  database?.drop();
});

/** Straight to one instance, bypassing the browsers: `which` is 'a' or 'b'. */
const direct = (which, path, headers = {}) => fetch(`http://${ADDRESS[which]}:${port}${path}`, { headers });
const title = async (which, id) => (await (await direct(which, `/api/events/${id}`)).json()).properties.title;

/** A page of the browser sent to `which` ('a', 'b' or 'nginx'). */
const open = (which, options) => openPage(browsers[which], options);

/** Opens the editor's form of `id` and waits until it is live. */
async function editForm(page, id) {
  await page.goto(`${site}/editor/events/${id}`);
  await page.waitForSelector('body[data-editor-live]', { timeout: 15_000 });
}

/** The address of the server that answered the last request to `pathPart`. */
function answeredBy(page, pathPart) {
  return page.waitForResponse((r) => r.url().includes(pathPart)).then(async (r) => (await r.serverAddr())?.ipAddress);
}

test('a session made on instance A works on instance B: the editor signs in through A and saves through B', { skip }, async () => {
  const onA = await open('a');
  const signedInOn = answeredBy(onA.page, '/_fn/sign_in');
  await signIn(onA.page, site, ...ANNA);
  assert.equal(await signedInOn, ADDRESS.a);
  const cookies = await onA.context.cookies();
  const session = cookies.find((c) => c.name === 'rallymap_session');
  assert.ok(session, `a session cookie: ${cookies.map((c) => c.name).join(', ')}`);

  // The same cookie, handed to a browser that reaches B.
  const onB = await open('b');
  await onB.context.addCookies(cookies);
  await editForm(onB.page, '2020-01-hamburg');
  await onB.page.locator('#f-title').fill('Rally in Hamburg (saved through B)');
  const savedOn = answeredBy(onB.page, '/_fn/save_event');
  await onB.page.locator('button[type="submit"].primary').click();
  await onB.page.waitForURL(`${site}/editor/events/2020-01-hamburg?saved=2`);
  assert.equal(await savedOn, ADDRESS.b);
  assert.equal(await onB.page.locator('.notice.ok').textContent(), 'Saved. It is on the public map now.');
  const after = (await onB.context.cookies()).find((c) => c.name === 'rallymap_session');
  assert.equal(after.value, session.value, 'B used the session A made; it made none of its own');

  // Both instances answer the saved title.
  assert.equal(await title('b', '2020-01-hamburg'), 'Rally in Hamburg (saved through B)');
  assert.equal(await title('a', '2020-01-hamburg'), 'Rally in Hamburg (saved through B)');
  assert.deepEqual(onA.problems, []);
  assert.deepEqual(onB.problems, []);
  await onA.context.close();
  await onB.context.close();
});

test('a reader on instance B sees an edit saved through A at once, also through conditional requests (no stale 304)', { skip }, async () => {
  // The reader's pages on B, opened before the edit (kept in the browser's cache).
  const reader = await open('b');
  await reader.page.goto(`${site}/events/2020-01-hamburg`);
  await reader.page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  assert.equal(await reader.page.locator('h1').textContent(), 'Rally in Hamburg (saved through B)');
  const map = await open('b');
  await map.page.goto(`${site}/?start=2020-01-18&end=2020-01-20`);
  await map.page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  const item = map.page.locator('.event-list li[data-id="2020-01-hamburg"]');
  await item.filter({ hasText: 'Rally in Hamburg (saved through B)' }).waitFor();

  // B's answers and their validators, before the edit; A gives the same
  // validators for the same data, so a reader moving between them keeps
  // its 304s.
  const paths = [
    '/api/events/2020-01-hamburg',
    '/api/events?datetime=2020-01-18/2020-01-20',
    '/api/map/list?datetime=2020-01-18/2020-01-20&offset=0&limit=50',
    '/api/map/events?datetime=2020-01-18/2020-01-20',
    '/events/2020-01-hamburg',
  ];
  const before = {};
  for (const path of paths) {
    const [onB, onA] = [await direct('b', path), await direct('a', path)];
    assert.equal(onB.status, 200, path);
    before[path] = { etag: onB.headers.get('etag'), body: Buffer.from(await onB.arrayBuffer()) };
    assert.ok(before[path].etag, `${path} has an ETag`);
    assert.equal(onA.headers.get('etag'), before[path].etag, `${path}: the same ETag on A and B`);
    assert.equal((await direct('b', path, { 'if-none-match': before[path].etag })).status, 304, `${path}: 304 while unchanged`);
  }

  // The edit, through A: a new title and another kind (the kind is in the
  // map's compact form, which carries no titles).
  const editor = await open('a');
  await signIn(editor.page, site, ...ANNA);
  await editForm(editor.page, '2020-01-hamburg');
  await editor.page.locator('#f-title').fill('Vigil in Hamburg (saved through A)');
  await editor.page.locator('#f-kind').selectOption('vigil');
  await editor.page.locator('button[type="submit"].primary').click();
  await editor.page.waitForURL(`${site}/editor/events/2020-01-hamburg?saved=3`);

  // The very next requests to B: the old validators no longer match, and
  // every answer is the new data.
  for (const path of paths) {
    const r = await direct('b', path, { 'if-none-match': before[path].etag });
    assert.equal(r.status, 200, `${path}: not a stale 304`);
    assert.notEqual(r.headers.get('etag'), before[path].etag, `${path}: a new ETag`);
    const body = Buffer.from(await r.arrayBuffer());
    assert.notDeepEqual(body, before[path].body, `${path}: a new body`);
    if (!path.startsWith('/api/map/events')) assert.ok(body.toString().includes('Vigil in Hamburg (saved through A)'), `${path} has the new title`);
  }
  const feature = await (await direct('b', '/api/events/2020-01-hamburg')).json();
  assert.deepEqual([feature.properties.title, feature.properties.kind], ['Vigil in Hamburg (saved through A)', 'vigil']);

  // The reader's browser revalidates its cached pages with B and gets the edit.
  const reload = await reader.page.reload();
  assert.ok((await reload.request().allHeaders())['if-none-match'], 'the reload was a conditional request');
  assert.equal(reload.status(), 200);
  await reader.page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  assert.equal(await reader.page.locator('h1').textContent(), 'Vigil in Hamburg (saved through A)');
  await map.page.reload();
  await map.page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  await item.filter({ hasText: 'Vigil in Hamburg (saved through A)' }).waitFor();
  await map.page.screenshot({ path: join(ARTIFACTS, 'instances-reader-b.png') });

  for (const p of [reader, map, editor]) {
    assert.deepEqual(p.problems, []);
    await p.context.close();
  }
});

test('two editors on different instances save the same version: the second is shown the conflict', { skip }, async () => {
  const a = await open('a');
  await signIn(a.page, site, ...ANNA);
  await editForm(a.page, '2020-01-hamburg');
  const b = await open('b');
  await signIn(b.page, site, ...OMID);
  await editForm(b.page, '2020-01-hamburg');

  await a.page.locator('#f-title').fill('Vigil in Hamburg (corrected by anna on A)');
  await a.page.locator('button[type="submit"].primary').click();
  await a.page.waitForURL(`${site}/editor/events/2020-01-hamburg?saved=4`);

  await b.page.locator('#f-crowd_size_text').fill('about a hundred');
  const savedOn = answeredBy(b.page, '/_fn/save_event');
  await b.page.locator('button[type="submit"].primary').click();
  assert.equal(await savedOn, ADDRESS.b);
  await b.page.locator('.error-summary.conflict').waitFor();
  assert.equal(
    await b.page.locator('.error-summary h2').textContent(),
    'Not saved: anna saved this event while you were editing (now version 4).',
  );
  assert.deepEqual(await b.page.locator('.differences').evaluate((dl) => [...dl.children].map((c) => c.textContent)), [
    'Title', 'Vigil in Hamburg (corrected by anna on A)', 'Crowd size', '',
  ]);
  assert.equal(await b.page.inputValue('#f-crowd_size_text'), 'about a hundred');
  for (const which of ['a', 'b']) {
    const f = await (await direct(which, '/api/events/2020-01-hamburg')).json();
    assert.deepEqual([f.properties.title, f.properties.crowd_size_text], ['Vigil in Hamburg (corrected by anna on A)', undefined], which);
  }
  await b.page.screenshot({ path: join(ARTIFACTS, 'instances-conflict.png'), fullPage: true });

  // Having seen it, omid takes anna's title and saves on purpose, on B.
  await b.page.locator('#f-title').fill('Vigil in Hamburg (corrected by anna on A)');
  await b.page.locator('button[type="submit"].primary').click();
  await b.page.waitForURL(`${site}/editor/events/2020-01-hamburg?saved=5`);
  const f = await (await direct('a', '/api/events/2020-01-hamburg')).json();
  assert.deepEqual([f.properties.title, f.properties.crowd_size_text], ['Vigil in Hamburg (corrected by anna on A)', 'about a hundred']);
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems.filter((p) => !p.includes('409')), []);
  await a.context.close();
  await b.context.close();
});

test('through nginx the map hydrates, the slider works, and an editor signs in and saves, requests alternating between A and B', { skip }, async () => {
  const { page, problems, requests, context } = await open('nginx');
  const served = [];
  page.on('response', async (r) => served.push((await r.serverAddr())?.ipAddress));
  await page.goto(`${site}/`);
  await page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  await page.waitForFunction(() => document.querySelector('.map')?.dataset.markers === '6');
  assert.equal(await page.locator('.window-count').textContent(), '6 of 6 events');
  await page.locator('.date-start').fill('2020-01-19');
  await page.locator('.date-start').press('Enter');
  await page.waitForFunction(() => document.querySelector('.window-count').textContent === '4 of 6 events');
  await page.waitForFunction(() => document.querySelectorAll('.event-list li').length === 4);
  await page.locator('.handle-start').focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('.window-count').textContent === '6 of 6 events');
  assert.equal(await page.locator('.date-start').inputValue(), '2020-01-18');
  await page.waitForFunction(() => document.querySelectorAll('.event-list li').length === 6);
  await page.screenshot({ path: join(ARTIFACTS, 'instances-nginx-map.png') });

  await signIn(page, site, ...ANNA);
  await editForm(page, '2020-01-copenhagen');
  await page.locator('#f-title').fill('Protest in Copenhagen (saved through nginx)');
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL(`${site}/editor/events/2020-01-copenhagen?saved=2`);
  assert.equal(await page.locator('.notice.ok').textContent(), 'Saved. It is on the public map now.');
  for (let i = 0; i < 4; i += 1) {
    const f = await (await fetch(`http://${ADDRESS.nginx}:${port}/api/events/2020-01-copenhagen`)).json();
    assert.equal(f.properties.title, 'Protest in Copenhagen (saved through nginx)', `read ${i + 1} through nginx`);
  }

  // Every browser request went to nginx, which passed them to A and B in turn.
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${site}/`)), []);
  assert.ok(served.filter(Boolean).every((a) => a === ADDRESS.nginx), served.join(', '));
  const counts = proxy.upstreamsServed();
  const [onA, onB] = [counts[`${ADDRESS.a}:${port}`] ?? 0, counts[`${ADDRESS.b}:${port}`] ?? 0];
  assert.deepEqual(Object.keys(counts).sort(), [`${ADDRESS.a}:${port}`, `${ADDRESS.b}:${port}`]);
  assert.ok(Math.min(onA, onB) >= 0.4 * (onA + onB), `A answered ${onA} requests, B ${onB}`);
  // The sign-in, the editor's pages and the saves included: POSTs to both.
  const posts = proxy.log().split('\n').filter((l) => l.startsWith('"POST /_fn/'));
  assert.ok(posts.length >= 2, posts.join('\n'));
  // No error from either server (499: the browser left a page while its
  // lazy chunks still loaded, nginx's note of a closed connection).
  assert.deepEqual(proxy.log().split('\n').filter((l) => /^"[^"]*" (4\d\d|5\d\d) /.test(l) && !/^"[^"]*" 499 /.test(l)), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file uploaded through A is previewed, mapped and imported through B, each with its own upload folder', { skip }, async () => {
  const onA = await open('a');
  await signIn(onA.page, site, ...ANNA);
  await onA.page.goto(`${site}/editor/import`);
  await onA.page.waitForSelector('body[data-editor-live]', { timeout: 15_000 });
  await onA.page.locator('input[type=file]').setInputFiles(join(ROOT, 'end2end/fixtures/import/spreadsheet.csv'));
  const uploadedOn = answeredBy(onA.page, '/editor/import/upload');
  await onA.page.locator('button', { hasText: 'Upload and preview' }).click();
  assert.equal(await uploadedOn, ADDRESS.a);
  await onA.page.waitForURL(new RegExp(`^${site}/editor/import/[0-9a-f]{32}$`));
  const preview = onA.page.url();

  const onB = await open('b');
  await onB.context.addCookies(await onA.context.cookies());
  await onB.page.goto(preview);
  await onB.page.waitForSelector('body[data-editor-live]', { timeout: 15_000 });
  assert.equal(await onB.page.locator('.summary').textContent(), 'CSV separated by ";": 2 records, 0 valid, 2 refused.');
  await onB.page.locator('#col-Was').selectOption('title');
  await onB.page.locator('#col-Ort').selectOption('location_name');
  await onB.page.locator('input[name=decimal_comma]').check();
  await onB.page.locator('#default-kind').selectOption('rally');
  await onB.page.locator('#default-geo').selectOption('city');
  await onB.page.locator('button', { hasText: 'Update preview' }).click();
  await onB.page.locator('.summary', { hasText: '2 valid' }).waitFor();
  await onB.page.waitForSelector('body[data-editor-live]');
  await onB.page.locator('input[name=publish]').check();
  const importedOn = answeredBy(onB.page, '/_fn/import_confirm');
  await onB.page.locator('button', { hasText: 'Import 2 valid records' }).click();
  assert.equal(await importedOn, ADDRESS.b);
  await onB.page.locator('#import-outcome').waitFor();
  assert.equal(await onB.page.locator('#import-outcome p').first().textContent(), 'Stored 2 new and 0 updated events as published.');
  const titles = (await (await direct('a', '/api/events?datetime=2020-01-18/2020-01-20')).json()).features.map((f) => f.properties.title);
  assert.ok(titles.includes('=Rally, Hamburg') && titles.includes('تجمع، Stockholm, 🇸🇪 (sample)'), titles.join('\n'));
  assert.deepEqual(onA.problems, []);
  assert.deepEqual(onB.problems, []);
  await onA.context.close();
  await onB.context.close();
});
