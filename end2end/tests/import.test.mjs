// Import and export in a real browser (README, "Import and export"): an
// editor uploads a spreadsheet CSV, maps two columns, previews, confirms,
// and sees the events on the map; the map's Download gives CSV that the
// command line imports into an empty database with the same events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServer, launchBrowser, openPage, addEditor, serverBinary, signIn } from '../lib/harness.mjs';

const EMPTY = join(ROOT, 'end2end/fixtures/empty');
let server;
let browser;
before(async () => {
  server = await startServer({ seedDir: EMPTY });
  addEditor(server.databaseUrl, 'anna', 'correct horse battery');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The events of a server as comparable objects: id, geometry, properties without updated_at. */
async function events(url) {
  const res = await fetch(url + '/api/events');
  const fc = await res.json();
  return fc.features.map((f) => {
    const { updated_at: _, ...properties } = f.properties;
    return { id: f.id, geometry: f.geometry, properties };
  });
}

test('a spreadsheet CSV is uploaded, mapped, previewed, imported and shown; its export imports back the same', async () => {
  const { page, problems, context } = await openPage(browser);
  await signIn(page, server.url);
  await page.locator('a', { hasText: 'Import' }).click();
  await page.waitForURL('**/editor/import');
  await page.waitForSelector('body[data-editor-live]');
  await page.locator('input[type=file]').setInputFiles(join(ROOT, 'end2end/fixtures/import/spreadsheet.csv'));
  await page.locator('button', { hasText: 'Upload and preview' }).click();
  await page.waitForURL(/\/editor\/import\/[0-9a-f]{32}$/);
  await page.locator('.summary').waitFor();
  assert.equal(await page.locator('.summary').textContent(), 'CSV separated by ";": 2 records, 0 valid, 2 refused.');
  // The guesses: Day → date, Lat/Lng → coordinates, Notes → description;
  // "Was" and "Ort" are not guessed.
  assert.equal(await page.locator('#col-Day').inputValue(), 'date');
  assert.equal(await page.locator('#col-Lat').inputValue(), 'latitude');
  assert.equal(await page.locator('#col-Was').inputValue(), 'ignore');
  // Map the two columns, confirm the decimal comma and give the defaults.
  await page.locator('#col-Was').selectOption('title');
  await page.locator('#col-Ort').selectOption('location_name');
  await page.locator('input[name=decimal_comma]').check();
  await page.locator('#default-kind').selectOption('rally');
  await page.locator('#default-geo').selectOption('city');
  await page.locator('button', { hasText: 'Update preview' }).click();
  await page.locator('.summary', { hasText: '2 valid' }).waitFor();
  assert.equal(await page.locator('.summary').textContent(), 'CSV separated by ";": 2 records, 2 valid, 0 refused.');
  assert.deepEqual(
    await page.locator('table.sample tbody tr td:nth-child(3)').allTextContents(),
    ['تجمع، Stockholm, 🇸🇪 (sample)', '=Rally, Hamburg'],
  );
  await page.waitForSelector('body[data-editor-live]');
  await page.locator('input[name=publish]').check();
  await page.locator('button', { hasText: 'Import 2 valid records' }).click();
  await page.locator('#import-outcome').waitFor();
  assert.equal(
    await page.locator('#import-outcome p').first().textContent(),
    'Stored 2 new and 0 updated events as published.',
  );
  await page.screenshot({ path: join(ROOT, 'end2end/artifacts/import-done.png'), fullPage: true });

  // On the map, in the window of the two days.
  await page.goto(server.url + '/?start=2020-01-18&end=2020-01-20');
  await page.waitForSelector('body[data-hydrated]');
  await page.locator('.event-list li', { hasText: 'Hamburg' }).first().waitFor();
  const titles = await page.locator('.event-list li a').allTextContents();
  assert.deepEqual(titles.sort(), ['=Rally, Hamburg', 'تجمع، Stockholm, 🇸🇪 (sample)'].sort());

  // The map's Download: CSV of the window and the view.
  await page.locator('.download summary').click();
  const csvLink = page.locator('.download a', { hasText: 'CSV' });
  const href = await csvLink.getAttribute('href');
  assert.match(href, /^\/api\/events\?datetime=2020-01-18\/2020-01-20&bbox=[-0-9.,]+&f=csv$/);
  const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
  assert.equal(download.suggestedFilename(), 'rallymap-2020-01-18-2020-01-20.csv');
  const csvPath = join(mkdtempSync(join(tmpdir(), 'rallymap-export-')), 'export.csv');
  await download.saveAs(csvPath);
  await page.screenshot({ path: join(ROOT, 'end2end/artifacts/download-menu.png') });

  // History says where the event came from.
  const first = (await events(server.url))[0];
  await page.goto(`${server.url}/editor/events/${first.id}/history`);
  await page.locator('.change h2').first().waitFor();
  assert.match(await page.locator('.change h2').first().textContent(), /^Version 1 · Imported from spreadsheet\.csv by anna · /);

  // Into an empty database with the command line: the same events.
  const other = await startServer({ seedDir: EMPTY });
  try {
    const r = spawnSync(serverBinary(), ['--database-url', other.databaseUrl, 'import', '--publish', csvPath], { encoding: 'utf8' });
    assert.equal(r.stdout, 'export.csv: CSV separated by ",", 2 records, 2 valid, 0 refused\nStored 2 new and 0 updated events as published.\n');
    assert.equal(r.status, 0);
    assert.deepEqual(await events(other.url), await events(server.url));
  } finally {
    await other.stop();
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the preview gives rows a source and a country, asks before a country near a border, in English and Persian, axe-clean', async () => {
  const { axeViolations } = await import('../lib/axe.mjs');
  const summary = {
    en: (valid, refused) => `GeoJSON: 3 records, ${valid} valid, ${refused} refused.`,
    fa: (valid, refused) => `\u2068GeoJSON\u2069: ۳ رکورد، ${'۰۱۲۳'[valid]} معتبر، ${'۰۱۲۳'[refused]} ردشده.`,
  };
  for (const lang of ['en', 'fa']) {
    const { page, problems, context } = await openPage(browser, { bypassCSP: true, locale: lang });
    await signIn(page, server.url);
    await page.goto(server.url + '/editor/import');
    await page.waitForSelector('body[data-editor-live]');
    await page.locator('input[type=file]').setInputFiles(join(ROOT, 'server/tests/fixtures/import/real/qgis-denmark.geojson'));
    await page.locator('form.upload button[type=submit]').click();
    await page.waitForURL(/\/editor\/import\/[0-9a-f]{32}$/);
    await page.waitForSelector('body[data-editor-live]');
    // The file's name is the source of rows without one until changed.
    assert.equal(await page.locator('#source-name').inputValue(), 'qgis-denmark.geojson');
    // The standard's name keeps its Latin digits in Persian.
    assert.match(await page.locator('label[for=default-country]').textContent(), /ISO 3166-1/);
    await page.locator('#col-fid').selectOption('ignore');
    await page.locator('#default-kind').selectOption('protest');
    await page.locator('#default-geo').selectOption('site');
    await page.locator('input[name=country_from][value=point]').check();
    await page.locator('form.mapping button[type=submit]').click();
    // Copenhagen is 16 km from Sweden by the outlines, Odense in no outline: both wait.
    await page.locator('input[name=accept_border]').waitFor();
    assert.equal(await page.locator('.summary').textContent(), summary[lang](1, 2));
    assert.deepEqual(await axeViolations(page), [], `${lang}: the preview with its questions`);
    await page.screenshot({ path: join(ROOT, `end2end/artifacts/import-confirm-${lang}.png`), fullPage: true });
    await page.locator('input[name=accept_border]').check();
    await page.locator('form.mapping button[type=submit]').click();
    await page.locator('.summary', { hasText: summary[lang](2, 1) }).waitFor();
    assert.equal(await page.locator('input[name=accept_border]').isChecked(), true);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
