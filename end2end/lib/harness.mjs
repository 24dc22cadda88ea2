// Shared helpers for the browser tests: start the real server binary on a
// free port with a fresh SQLite file (or a database given), and launch
// Debian's headless Chromium through playwright-core (never a downloaded
// browser). nginx and PostgreSQL helpers are in nginx.mjs and postgres.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = join(ROOT, 'end2end/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * Starts the server binary (`serverBinary()`) and resolves to
 * { url, databaseUrl, stop } once it prints the address it serves on.
 * `databaseUrl`: the database (default a fresh SQLite file of its own);
 * `listen`: the address (default a free port on 127.0.0.1).
 */
export async function startServer({ env = {}, seedDir = join(ROOT, 'data'), startTimeout = 30_000, databaseUrl, listen = '127.0.0.1:0' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rallymap-e2e-'));
  const bin = serverBinary();
  databaseUrl ??= `sqlite://${join(dir, 'e2e.sqlite3')}`;
  const child = spawn(bin, [], {
    cwd: ROOT,
    env: {
      ...process.env,
      LEPTOS_SITE_ADDR: listen,
      // RALLYMAP_SITE_ROOT: another build's site, with its RALLYMAP_BIN
      // (to run a new test against an older build).
      LEPTOS_SITE_ROOT: process.env.RALLYMAP_SITE_ROOT ?? join(ROOT, 'target/site'),
      DATABASE_URL: databaseUrl,
      RALLYMAP_SEED_DIR: seedDir,
      RALLYMAP_IMPORT_DIR: join(dir, 'imports'),
      RUST_LOG: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in ${startTimeout / 1000} s:\n${stderr}`)), startTimeout);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); ok(m[1].replace(/\/$/, '')); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited with ${code}:\n${stderr}`)); });
  });
  return {
    url,
    databaseUrl,
    stop: () => new Promise((ok) => { child.once('exit', ok); child.kill('SIGINT'); }),
    /** SIGKILL: no chance to finish anything; resolves once it is gone. */
    kill: () => new Promise((ok) => { child.once('exit', ok); child.kill('SIGKILL'); }),
  };
}

/** The server binary the tests run: RALLYMAP_BIN, else the debug build. */
export function serverBinary() {
  return process.env.RALLYMAP_BIN ?? join(ROOT, 'target/debug/rallymap');
}

/** Adds an editor account with the real CLI, password on standard input. */
export function addEditor(databaseUrl, name, password) {
  const r = spawnSync(serverBinary(), ['--database-url', databaseUrl, 'editor', 'add', name], { input: `${password}\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`editor add failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * Signs `page` in at `baseUrl` through the sign-in form (the account made
 * with `addEditor`) and waits for the editor's list.
 */
export async function signIn(page, baseUrl, name = 'anna', password = 'correct horse battery') {
  await page.goto(baseUrl + '/login');
  await page.waitForSelector('body[data-hydrated]');
  await page.locator('input[name="name"]').fill(name);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL('**/editor');
}

/**
 * Launches headless Chromium with the flags this closed network needs.
 * `resolve` maps host names to addresses for this browser only (e.g.
 * `{ 'rallymap.test': '127.0.0.2' }`): one public address, served by
 * whichever server the browser is sent to, as a load balancer would.
 */
export async function launchBrowser({ resolve = {} } = {}) {
  const rules = Object.entries(resolve).map(([host, address]) => `MAP ${host} ${address}`);
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...(rules.length ? [`--host-resolver-rules=${rules.join(', ')}`] : []),
    ],
  });
}

/** A page that records console errors, page errors and every request. */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  return { context, page, problems, requests };
}

/** Opens `url` and waits until the map has hydrated and drawn its markers. */
export async function openMapAt(browser, url, options = {}) {
  const p = await openPage(browser, options);
  await p.page.goto(url);
  await p.page.waitForSelector('body[data-hydrated]', { timeout: 15_000 });
  await p.page.waitForSelector('.map[data-markers]', { timeout: 15_000 });
  return p;
}

/**
 * Drags a form map's pin (`.picker .leaflet-marker-icon`) `dx` pixels east
 * in two steps, holding it near its tip, as a person would.
 */
export async function dragPin(page, dx) {
  const pin = await page.locator('.picker .leaflet-marker-icon').boundingBox();
  const [x, y] = [pin.x + pin.width / 2, pin.y + pin.height - 4];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y, { steps: 5 });
  await page.mouse.move(x + dx, y, { steps: 5 });
  await page.mouse.up();
}

/**
 * Another site, on another port (so another origin), serving whatever
 * `html()` returns; for embedding tests.
 */
export async function startHost(html) {
  const { createServer } = await import('node:http');
  const host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html());
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${host.address().port}/`, close: () => host.close() };
}

/**
 * A TCP port free on every one of `hosts` (bound, read and released), so
 * that servers on several loopback addresses can share it.
 */
export async function freePort(hosts = ['127.0.0.1']) {
  const { createServer } = await import('node:net');
  const bind = (host, port) => new Promise((ok) => {
    const s = createServer();
    s.once('error', () => ok(null));
    s.listen(port, host, () => ok(s));
  });
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const first = await bind(hosts[0], 0);
    const { port } = first.address();
    const others = [];
    for (const host of hosts.slice(1)) others.push(await bind(host, port));
    await Promise.all([first, ...others].filter(Boolean).map((s) => new Promise((ok) => s.close(ok))));
    if (others.every(Boolean)) return port;
  }
  throw new Error(`no port free on all of ${hosts.join(', ')}`);
}
