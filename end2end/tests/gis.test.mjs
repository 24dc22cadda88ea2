// The API as GIS clients read it: GDAL's OAPIF driver (ogrinfo, ogr2ogr)
// lists, filters and pages the collection; the OpenAPI document passes a
// maintained validator; every curl example of the README's "OGC API –
// Features" section answers; the HTML pages read in a browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, ROOT, ARTIFACTS } from '../lib/harness.mjs';

let server;
let browser;
const work = mkdtempSync(join(tmpdir(), 'rallymap-gis-'));
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Runs a GDAL tool; its standard output, or a failure with its errors. */
function gdal(tool, args) {
  const r = spawnSync(tool, args, { encoding: 'utf8', env: { ...process.env, GDAL_HTTP_TIMEOUT: '30' } });
  assert.equal(r.status, 0, `${tool} ${args.join(' ')}:\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

const ids = (file) => JSON.parse(readFileSync(file, 'utf8')).features.map((f) => f.properties.id ?? f.id);

test('ogrinfo lists the layer events with its six features', () => {
  const { stdout } = gdal('ogrinfo', ['-ro', '-al', '-so', `OAPIF:${server.url}/api`]);
  assert.match(stdout, /^Layer name: events$/m);
  assert.match(stdout, /^Feature Count: 6$/m);
  assert.match(stdout, /^Extent: \(-77\.036500, 35\.689200\) - \(51\.389000, 59\.329300\)$/m);
});

test('ogr2ogr writes exactly the events in a box', () => {
  const out = join(work, 'box.geojson');
  gdal('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${server.url}/api`, 'events', '-spat', '0', '50', '20', '60']);
  assert.deepEqual(ids(out).sort(), ['2020-01-18-stockholm', '2020-01-copenhagen', '2020-01-hamburg', '2020-01-the-hague']);
});

test('ogr2ogr pages two at a time and gets all six, none twice', () => {
  const out = join(work, 'paged.geojson');
  const { stderr } = gdal('ogr2ogr', ['--config', 'CPL_DEBUG', 'ON', '-oo', 'PAGE_SIZE=2', '-f', 'GeoJSON', out, `OAPIF:${server.url}/api`, 'events']);
  // GDAL may fetch the first page twice (to read the layer's fields); the
  // distinct pages are the three our `next` links lead to.
  const pages = new Set(stderr.split('\n').filter((l) => /Fetch\(.*\/items\?/.test(l)).map((l) => l.replace(/^.*\?/, '').replace(/\)$/, '')));
  assert.deepEqual([...pages].sort(), ['f=json&limit=2', 'f=json&limit=2&offset=2', 'f=json&limit=2&offset=4']);
  assert.deepEqual(ids(out), [
    '2020-01-18-stockholm', '2020-01-18-washington', '2020-01-copenhagen',
    '2020-01-hamburg', '2020-01-tehran-banners', '2020-01-the-hague',
  ]);
});

test('the OpenAPI document is valid OpenAPI 3.0', async () => {
  const file = join(work, 'openapi.json');
  writeFileSync(file, await (await fetch(`${server.url}/api/openapi`)).text());
  const r = spawnSync(join(ROOT, '.tools/venv/bin/openapi-spec-validator'), [file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /OK/);
});

test('every curl example of the README\'s API sections answers 200', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/curl [^\n]*'http:\/\/127\.0\.0\.1:3000([^']+)'/g)].map((m) => m[1]);
  assert.ok(examples.length >= 10, `${examples.length} examples`);
  for (const path of examples) {
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200, `${path}: ${await res.text()}`);
  }
});

test('the items page reads as a table in a browser and links to the map', async () => {
  const { page, problems, context, requests } = await openPage(browser);
  await page.goto(`${server.url}/api/collections/events/items?kind=rally`);
  const rows = await page.locator('table.api-items tbody tr').count();
  assert.equal(rows, 3);
  assert.equal(await page.locator('h1').textContent(), 'Rallies and protests');
  assert.equal(await page.locator('main > p').first().textContent(), '3 events match; these are 1 to 3.');
  await page.locator('table.api-items a', { hasText: 'Hamburg' }).first().click();
  await page.waitForURL(/items\/2020-01-hamburg\?f=html/);
  assert.equal(await page.locator('a', { hasText: 'On the map' }).getAttribute('href'), '/?event=2020-01-hamburg');
  await page.screenshot({ path: join(ARTIFACTS, 'api-item.png') });
  assert.deepEqual(problems, []);
  assert.ok(requests.every((u) => u.startsWith(server.url)), requests.join('\n'));
  await context.close();
});
