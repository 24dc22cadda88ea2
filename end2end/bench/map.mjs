// Benchmark of the reader's map (prints figures; never fails on timing).
//
//   node end2end/bench/map.mjs            # uses target/release/rallymap if built, else debug
//
// 1. First view with the seed data: compressed bytes of everything the page
//    downloads, by type, and the time from navigation to markers drawn.
// 2. 10,000 generated events: time from navigation to markers drawn, and the
//    time of one slider step of a 31-day window (both handles a day on, as
//    Play does, to the second painted frame after), median and p95 of 40.
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, ROOT } from '../lib/harness.mjs';

const release = join(ROOT, 'target/release/rallymap');
if (!process.env.RALLYMAP_BIN && existsSync(release)) process.env.RALLYMAP_BIN = release;
console.log(`server binary: ${process.env.RALLYMAP_BIN ?? 'target/debug/rallymap'}`);

/** 10,000 valid events over 2020, deterministic (a linear congruential generator). */
function generate(n) {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const kinds = ['rally', 'protest', 'march', 'vigil', 'banner_action', 'other'];
  const pad = (x) => String(x).padStart(2, '0');
  const day = (d) => { const t = new Date(Date.UTC(2020, 0, 1 + d)); return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`; };
  const features = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor(rnd() * 366);
    const approximate = rnd() < 0.3;
    const end = approximate ? Math.min(365, start + 1 + Math.floor(rnd() * 4)) : start;
    features.push({
      type: 'Feature',
      id: `bench-${i}`,
      geometry: { type: 'Point', coordinates: [Math.round((rnd() * 340 - 170) * 1e4) / 1e4, Math.round((rnd() * 120 - 55) * 1e4) / 1e4] },
      properties: {
        title: `Generated event ${i}`, description: 'Benchmark data.', kind: kinds[i % kinds.length],
        date_start: day(start), date_end: day(end), date_precision: approximate ? 'approximate' : 'exact',
        location_name: `Place ${i}`, country_code: 'SE', geo_precision: ['site', 'city', 'region'][i % 3],
        sources: [{ name: 'generator' }], tags: [],
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

async function firstView(browser, url) {
  const { page, context } = await openPage(browser);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const sizes = new Map();
  cdp.on('Network.responseReceived', (e) => sizes.set(e.requestId, { url: e.response.url, type: e.type, encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? 'identity' }));
  cdp.on('Network.loadingFinished', (e) => { const s = sizes.get(e.requestId); if (s) s.bytes = e.encodedDataLength; });
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForSelector('.map[data-markers]', { timeout: 120_000 });
  const drawn = Date.now() - t0;
  await page.waitForSelector('.map[data-basemap="loaded"]');
  await page.waitForLoadState('networkidle');
  await context.close();
  return { drawn, resources: [...sizes.values()] };
}

async function sliderSteps(browser, url, steps) {
  const { page, context } = await openPage(browser, { viewport: { width: 1280, height: 800 } });
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForSelector('.map[data-markers]', { timeout: 120_000 });
  const drawn = Date.now() - t0;
  await page.locator('.handle-end').focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
  await page.locator('.handle-start').focus();
  const times = [];
  for (let i = 0; i < steps; i++) {
    // One play step: both handles a day forward, as the play button does.
    const ms = await page.evaluate(() => new Promise((done) => {
      const t = performance.now();
      for (const sel of ['.handle-end', '.handle-start']) {
        const el = document.querySelector(sel);
        el.stepUp();
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
      // Effects run in a microtask after the input; measure to the frame after.
      requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t)));
    }));
    times.push(ms);
  }
  const shown = await page.locator('.window-count').textContent();
  await context.close();
  return { drawn, times, shown };
}

const browser = await launchBrowser();
const seed = await startServer();
const fv = await firstView(browser, seed.url + '/');
await seed.stop();
const byType = {};
let total = 0;
for (const r of fv.resources) {
  byType[r.type] = (byType[r.type] ?? 0) + (r.bytes ?? 0);
  total += r.bytes ?? 0;
}
console.log('\n== first view, seed data (6 events)');
for (const r of fv.resources) console.log(`  ${kb(r.bytes ?? 0).padStart(10)}  ${r.encoding.padEnd(8)} ${r.url.replace(/^http:\/\/[^/]+/, '')}`);
console.log(`  by type: ${Object.entries(byType).map(([t, b]) => `${t} ${kb(b)}`).join(', ')}`);
console.log(`  total transferred: ${kb(total)}`);
console.log(`  navigation to markers drawn: ${fv.drawn} ms`);

const dir = mkdtempSync(join(tmpdir(), 'rallymap-bench-'));
writeFileSync(join(dir, 'bench.geojson'), JSON.stringify(generate(10_000)));
const big = await startServer({ seedDir: dir });
const run = await sliderSteps(browser, big.url + '/', 40);
await big.stop();
await browser.close();
console.log('\n== 10,000 generated events over 366 days');
console.log(`  navigation to markers drawn: ${run.drawn} ms`);
console.log(`  one slider step (31-day window): median ${quantile(run.times, 0.5).toFixed(1)} ms, p95 ${quantile(run.times, 0.95).toFixed(1)} ms, max ${Math.max(...run.times).toFixed(1)} ms (${run.times.length} steps; last window: ${run.shown})`);
