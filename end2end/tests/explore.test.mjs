// Exploring the map (README, "Filters and search"): a reader filters by
// country and kind, searches a Persian word typed with Arabic letters, and
// the count, list, markers, slider bars, summary and Download agree; the
// permalink reloads the same view and the embed code carries it; the
// slider's bars stack the kinds, and clusters can show people.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openMapAt, ROOT, ARTIFACTS } from '../lib/harness.mjs';
import { axeViolations } from '../lib/axe.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ seedDir: join(ROOT, 'end2end/fixtures/explore') });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const VIEW = '/?start=2019-11-16&end=2019-11-18&lat=45&lon=25&z=3';

/** Waits until the count under the slider reads `text`. */
const countIs = (page, text) =>
  page.waitForFunction((t) => document.querySelector('.window-count')?.textContent === t, text, { timeout: 10_000 });

/** The count shown beside a value of a facet. */
const facetCount = (page, facet, value) =>
  page.locator(`.facet[data-facet="${facet}"] li`, { hasText: value }).locator('.facet-count').textContent();

/** The slider's bars: each kind's path, as `kind:d`. */
const barsNow = () =>
  [...document.querySelectorAll('.histogram .bars path')].map((p) => `${p.dataset.kind}:${p.getAttribute('d')}`).join('|');

/** The kinds stacked in the slider's bars, bottom first. */
const barKinds = () => [...document.querySelectorAll('.histogram .bars path')].map((p) => p.dataset.kind);

/** The titles in the list. */
const titles = (page) => page.locator('.event-list li .title, .event-list li a').allTextContents();

test('filters and a search narrow the map, list, counts, bars, summary and download together', async () => {
  const { page, problems, context } = await openMapAt(browser, server.url + VIEW);
  await countIs(page, '8 of 8 events');
  const allBars = await page.evaluate(barsNow);
  // Stacked in the legend's order.
  assert.deepEqual(await page.evaluate(barKinds), ['rally', 'march', 'vigil', 'strike']);
  await page.locator('.filters-toggle').click();
  await page.locator('.facet[data-facet="country_code"] li', { hasText: '(IR)' }).waitFor();
  assert.equal(await facetCount(page, 'country_code', '(IR)'), '5');
  assert.equal(await facetCount(page, 'country_code', '(SE)'), '1');

  await page.locator('.facet[data-facet="country_code"] li', { hasText: '(IR)' }).locator('input').check();
  await countIs(page, '5 of 8 events');
  await page.waitForSelector('.map[data-markers="5"]');
  // Within Iran, each kind's count leaves out the kind chosen.
  await page.waitForFunction(() => document.querySelector('.filters-total')?.textContent === '5 events match');
  assert.equal(await facetCount(page, 'kind', 'March'), '3');
  assert.equal(await facetCount(page, 'kind', 'Strike'), '1');
  assert.equal(await facetCount(page, 'country_code', '(SE)'), '1', 'the country facet leaves out its own choice');

  await page.locator('.facet[data-facet="kind"] li', { hasText: 'March' }).locator('input').check();
  await countIs(page, '3 of 8 events');

  // Persian typed with Arabic kaf: كارگران finds کارگران.
  await page.locator('.filter-search input').fill('كارگران');
  await countIs(page, '1 of 8 events');
  await page.waitForSelector('.map[data-markers="1"]');
  await page.waitForFunction(() => document.querySelectorAll('.event-list li').length === 1);
  assert.match((await page.locator('.event-list li').first().textContent()), /راهپیمایی کارگران در تهران/);
  await page.waitForFunction(
    (d) => [...document.querySelectorAll('.histogram .bars path')].map((p) => `${p.dataset.kind}:${p.getAttribute('d')}`).join('|') !== d,
    allBars,
  );
  assert.deepEqual(await page.evaluate(barKinds), ['march'], 'only the marches are stacked');
  await page.waitForFunction(() => /2,000–5,000/.test(document.querySelector('.window-summary')?.textContent ?? ''));
  assert.match(await page.locator('.window-summary').textContent(), /arrests: 40/);

  const url = new URL(page.url());
  assert.equal(url.searchParams.get('kind'), 'march');
  assert.equal(url.searchParams.get('country_code'), 'IR');
  assert.equal(url.searchParams.get('q'), 'كارگران');
  const download = await page.locator('.download-menu a').first().getAttribute('href');
  assert.ok(download.includes('kind=march&country_code=IR&q=%D9%83'), download);
  const geojson = await (await page.request.get(server.url + download)).json();
  assert.deepEqual(geojson.features.map((f) => f.id), ['tehran-workers']);

  // A range of people: at least 1,000 (Tehran's workers, 2,000–5,000;
  // Mashhad, 1,000) among all the view's events.
  await page.locator('.chip', { hasText: 'كارگران' }).click();
  await page.locator('.chip', { hasText: 'March' }).click();
  await page.locator('.chip', { hasText: '(IR)' }).click();
  await countIs(page, '8 of 8 events');
  await page.locator('.crowd-min').fill('1000');
  await page.locator('.crowd-min').dispatchEvent('change');
  await countIs(page, '2 of 8 events');
  assert.equal(new URL(page.url()).searchParams.get('crowd_size'), '1000/..');
  await page.locator('.chip', { hasText: 'at least 1,000 people' }).waitFor();
  await page.locator('.crowd-max').fill('1500');
  await page.locator('.crowd-max').dispatchEvent('change');
  await countIs(page, '1 of 8 events');
  await page.locator('.clear-all').click();
  await countIs(page, '8 of 8 events');
  await page.locator('.facet[data-facet="country_code"] li', { hasText: '(IR)' }).locator('input').check();
  await page.locator('.facet[data-facet="kind"] li', { hasText: 'March' }).locator('input').check();
  await page.locator('.filter-search input').fill('كارگران');
  await countIs(page, '1 of 8 events');

  // The chips: one removed, then all.
  await page.locator('.chip', { hasText: 'March' }).click();
  await countIs(page, '1 of 8 events');
  await page.locator('.chip', { hasText: 'كارگران' }).click();
  await countIs(page, '5 of 8 events');
  await page.locator('.clear-all').click();
  await countIs(page, '8 of 8 events');
  assert.equal(await page.locator('.filter-search input').inputValue(), '');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a filtered permalink reloads as it was, and the embed code keeps or hides the panel', async () => {
  const link = `${server.url}${VIEW}&kind=march,rally&country_code=IR&q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86`;
  const { page, problems, context } = await openMapAt(browser, link);
  // تهران: the march of the workers and the Mashhad rally do not both say it.
  await countIs(page, '1 of 8 events');
  assert.equal(await page.locator('.filters-toggle').getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator('.filter-search input').inputValue(), 'تهران');
  await page.reload();
  await page.waitForSelector('body[data-hydrated]');
  await countIs(page, '1 of 8 events');
  // To an event's page and Back: the same filtered view.
  await page.goto(`${server.url}/events/tehran-workers`);
  await page.goBack();
  await page.waitForSelector('body[data-hydrated]');
  await countIs(page, '1 of 8 events');
  assert.equal(await page.locator('.filter-search input').inputValue(), 'تهران');

  await page.locator('.share-open').click();
  const code = await page.locator('.share-code').inputValue();
  assert.ok(code.includes('kind=rally,march&amp;country_code=IR&amp;q=%D8%AA'), code);
  await page.locator('.opt-panel').uncheck();
  const fixed = await page.locator('.share-code').inputValue();
  assert.ok(fixed.includes('filters=0'), fixed);
  await page.locator('.opt-filters').uncheck();
  assert.ok(!(await page.locator('.share-code').inputValue()).includes('kind='));

  const embed = fixed.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  await page.goto(embed);
  await page.waitForSelector('.map[data-markers="1"]');
  assert.equal(await page.locator('.filters').count(), 0, 'a fixed view has no panel');
  assert.deepEqual(problems, []);
  await context.close();
});

for (const lang of ['en', 'fa']) {
  test(`the open panel has no accessibility violations (${lang})`, async () => {
    const { page, context } = await openMapAt(browser, `${server.url}${VIEW}&kind=march&lang=${lang}`, { bypassCSP: true });
    await page.locator('.facet[data-facet="kind"] li').first().waitFor();
    assert.equal(await page.locator('.filters-toggle').getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
}

test('clusters show the people reported at their events, as a range, and the link keeps it', async () => {
  // Tehran: the workers' march (2,000–5,000) and the bazaar strike (no
  // number) 3 km apart, one cluster at z6.
  const { page, problems, context } = await openMapAt(browser, `${server.url}/?start=2019-11-16&end=2019-11-18&lat=35.69&lon=51.4&z=6`);
  await page.waitForFunction(() => /(^| )2@/.test(document.querySelector('.map')?.dataset.clusters ?? ''));
  assert.equal(await page.locator('.map').getAttribute('data-cluster-people'), '');
  await page.getByLabel('Clusters show people reported').check();
  await page.waitForFunction(() => document.querySelector('.map')?.dataset.clusterPeople === '2k–5k');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('clusters') === 'people');
  await page.screenshot({ path: join(ARTIFACTS, 'clusters-people.png') });
  await page.reload();
  await page.waitForSelector('body[data-hydrated]');
  await page.waitForFunction(() => document.querySelector('.map')?.dataset.clusterPeople === '2k–5k');
  assert.equal(await page.getByLabel('Clusters show people reported').isChecked(), true);
  await page.getByLabel('Clusters show people reported').uncheck();
  await page.waitForFunction(() => document.querySelector('.map')?.dataset.clusterPeople === '');
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('clusters'));
  assert.deepEqual(problems, []);
  await context.close();
});
