// Benchmark of the reader's map (prints figures; never fails on timing).
//
//   node end2end/bench/map.mjs                       # 10,000, 100,000, 1,000,000 events
//   BENCH_SIZES=10000,100000 node end2end/bench/map.mjs
//
// Uses target/release/rallymap if built, else the debug binary.
// 1. First view with the seed data: compressed bytes of everything the page
//    downloads, by type, and the time from navigation to markers drawn.
// 2. For each size of made-up data (`rallymap generate`: cities, waves, a
//    three-day peak): navigation to the window's markers drawn, one slider
//    step of a 3-day window in a busy period (both handles a day on, as Play
//    does, to the second painted frame after; 40 steps; then 10 steps each
//    followed by a rest, counting the list's update too), and the page's
//    memory after load: ours, and side by side a plain hand-written Leaflet
//    page (L.geoJSON of /api/events with a filter, canvas renderer), up to
//    100,000 events (it cannot hold a million).
// 3. With BENCH_FILTER (a query such as
//    `kind=rally,march&country_code=IR,DE&q=protest`), both pages show only
//    the events it selects: ours through its permalink (the server filters),
//    the plain page with the same filter applied in JavaScript.
import { mkdtempSync, existsSync, openSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, serverBinary, ROOT } from '../lib/harness.mjs';

const release = join(ROOT, 'target/release/rallymap');
if (!process.env.RALLYMAP_BIN && existsSync(release)) process.env.RALLYMAP_BIN = release;
console.log(`server binary: ${process.env.RALLYMAP_BIN ?? 'target/debug/rallymap'}`);

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const FILTER = process.env.BENCH_FILTER ?? '';
const wanted = Object.fromEntries(new URLSearchParams(FILTER));

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


const WINDOW = ['2022-10-10', '2022-10-12'];
const STEPS = 40;
const RESTED_STEPS = 10;
const REST_MS = 400;

/** The page's memory: the JS heap and array buffers (the WASM's memory). */
async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  const h = await cdp.send('Runtime.getHeapUsage');
  return (h.usedSize + (h.backingStorageSize ?? 0)) / 1048576;
}

/** Main-thread work per step (script, style, layout, paint: Chromium's
 *  TaskDuration), in ms, and the time to the second frame after. */
async function steps(page, selectors) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const work = [];
  const frames = [];
  for (let i = 0; i < STEPS; i++) {
    const before = await busy();
    frames.push(await page.evaluate(stepScript, selectors));
    work.push(((await busy()) - before) * 1000);
  }
  // A step and everything it causes until the page is quiet: the list and
  // the address bar follow the window once the slider rests (120 ms), so a
  // step as above does not include them; this does.
  const rested = [];
  for (let i = 0; i < RESTED_STEPS; i++) {
    const before = await busy();
    await page.evaluate(stepScript, selectors);
    await page.waitForTimeout(REST_MS);
    rested.push(((await busy()) - before) * 1000);
  }
  return { work, frames, rested };
}

/** One step of both handles, measured to the second frame after. */
const stepScript = (selectors) => new Promise((done) => {
  const t = performance.now();
  for (const sel of selectors) {
    const el = document.querySelector(sel);
    el.stepUp();
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
  requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t)));
});

async function ours(browser, base) {
  const { page, context } = await openPage(browser);
  const t0 = Date.now();
  await page.goto(`${base}/?start=${WINDOW[0]}&end=${WINDOW[1]}${FILTER ? `&${FILTER}` : ''}`);
  await page.waitForFunction(() => {
    const n = document.querySelector('.map')?.dataset.markers;
    const label = document.querySelector('.window-count')?.textContent ?? '';
    return n && n !== '0' && label.startsWith(`${n} of`);
  }, null, { timeout: 300_000, polling: 10 });
  const drawn = Date.now() - t0;
  const shownAtStart = await page.locator('.window-count').textContent();
  const { work, frames, rested } = await steps(page, ['.handle-end', '.handle-start']);
  const heap = await memory(page);
  await context.close();
  return { drawn, work, frames, rested, heap, shown: shownAtStart };
}

/** The plain Leaflet page, served from another port; it reads our API. */
function plainPage(base) {
  return `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="${base}/vendor/leaflet/leaflet.css"><script src="${base}/vendor/leaflet/leaflet.js"></script></head>
<body style="margin:0"><div id="map" style="height:600px"></div>
<input type="range" id="end"><input type="range" id="start">
<script>
const day = (s) => Math.round(Date.parse(s + 'T00:00:00Z') / 864e5);
const iso = (d) => new Date(d * 864e5).toISOString().slice(0, 10);
const map = L.map('map', { preferCanvas: true }).setView([32, 45], 4);
let layer;
function draw(s, e) {
  if (layer) map.removeLayer(layer);
  layer = L.geoJSON(window.fc, {
    filter: (f) => f.properties.date_start <= e && f.properties.date_end >= s && matches(f.properties),
    pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 6 }),
  }).addTo(map);
  document.body.dataset.markers = layer.getLayers().length;
}
const wanted = ${JSON.stringify(wanted)};
const norm = (t) => t.normalize('NFKD').replace(/\\p{M}/gu, '').toLowerCase();
function matches(p) {
  if (wanted.kind && !wanted.kind.split(',').includes(p.kind)) return false;
  if (wanted.country_code && !wanted.country_code.split(',').includes(p.country_code)) return false;
  if (wanted.q) {
    const words = norm([p.title, p.description, p.location_name].join(' ')).split(/[^\\p{L}\\p{N}]+/u);
    if (!norm(wanted.q).split(/\\s+/).every((w) => words.some((x) => x.startsWith(w)))) return false;
  }
  return true;
}
const start = document.getElementById('start'), end = document.getElementById('end');
for (const [el, v] of [[start, '${WINDOW[0]}'], [end, '${WINDOW[1]}']]) { el.min = 0; el.max = 100000; el.value = day(v); }
const redraw = () => draw(iso(+start.value), iso(+end.value));
start.addEventListener('input', redraw); end.addEventListener('input', redraw);
fetch('${base}/api/events').then((r) => r.json()).then((fc) => { window.fc = fc; redraw(); });
</script></body></html>`;
}

async function plain(browser, base) {
  const host = createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(plainPage(base)); });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  const { page, context } = await openPage(browser);
  const t0 = Date.now();
  await page.goto(`http://127.0.0.1:${host.address().port}/`);
  await page.waitForFunction(() => document.body.dataset.markers, null, { timeout: 300_000, polling: 10 });
  const drawn = Date.now() - t0;
  const { work, frames, rested } = await steps(page, ['#end', '#start']);
  const heap = await memory(page);
  await context.close();
  host.close();
  return { drawn, work, frames, rested, heap };
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

const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const rows = [];
for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'rallymap-bench-'));
  const out = openSync(join(dir, 'events.geojson'), 'w');
  const gen = spawnSync(serverBinary(), ['generate', '--events', String(n)], { stdio: ['ignore', out, 'inherit'] });
  closeSync(out);
  if (gen.status !== 0) throw new Error(`rallymap generate failed: ${gen.status}`);
  const server = await startServer({ seedDir: dir, startTimeout: 600_000 });
  // Let the server build its index of the map's events before measuring.
  await fetch(`${server.url}/api/map/events`).then((r) => r.arrayBuffer());
  const a = await ours(browser, server.url);
  rows.push({ n, who: 'rallymap', ...a });
  if (n <= 100_000) rows.push({ n, who: 'plain Leaflet page', ...(await plain(browser, server.url)) });
  await server.stop();
}
await browser.close();
console.log(`\n== made-up events, window ${WINDOW.join(' to ')} and ${STEPS} steps of a day${FILTER ? `, filter ${FILTER}` : ''}`);
console.log(`| events | page | navigation to markers drawn | step: main-thread work, median / worst | step: to the second frame, median / worst | step and the list after it (${REST_MS} ms rest): work, median / worst | memory after load |`);
console.log('|---|---|---|---|---|---|---|');
const mw = (xs) => `${quantile(xs, 0.5).toFixed(1)} / ${Math.max(...xs).toFixed(1)} ms`;
for (const r of rows) {
  console.log(`| ${r.n.toLocaleString('en')} | ${r.who} | ${r.drawn} ms | ${mw(r.work)} | ${mw(r.frames)} | ${mw(r.rested)} | ${r.heap.toFixed(0)} MB |${r.shown ? ` (${r.shown} at start)` : ''}`);
}
