// Shared helpers for the browser tests: start the real server binary on a
// free port with a fresh SQLite file, and launch Debian's headless Chromium
// through playwright-core (never a downloaded browser).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = join(ROOT, 'end2end/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** Starts target/debug/rallymap (built by `cargo leptos build`) and resolves
 *  to { url, stop } once it prints the address it serves on. */
export async function startServer({ env = {}, seedDir = join(ROOT, 'data'), startTimeout = 30_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rallymap-e2e-'));
  const bin = serverBinary();
  const databaseUrl = `sqlite://${join(dir, 'e2e.sqlite3')}`;
  const child = spawn(bin, [], {
    cwd: ROOT,
    env: {
      ...process.env,
      LEPTOS_SITE_ADDR: '127.0.0.1:0',
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

/** Launches headless Chromium with the flags this closed network needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
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

/** A free TCP port on 127.0.0.1 (bound, read and released). */
export async function freePort() {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

/**
 * Debian's nginx on `port` as a newsroom's proxy: `location` (e.g.
 * `/rallies/`) passed to `upstream` (`http://127.0.0.1:PORT`) with the
 * prefix stripped, anything else a 404. Its configuration, pid, temporary
 * files and logs live in a temporary folder; never the system service.
 * Resolves to { url, log, stop } once it answers.
 */
export async function startNginx({ port, location, upstream }) {
  const { writeFileSync, readFileSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'rallymap-nginx-'));
  const conf = join(dir, 'nginx.conf');
  const temp = (name) => `${name}_temp_path ${join(dir, name)};`;
  writeFileSync(conf, `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log ${join(dir, 'access.log')};
  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}
  server {
    listen 127.0.0.1:${port};
    location ${location} {
      proxy_pass ${upstream}/;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
    location / { return 404; }
  }
}
`);
  const bin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => spawnSync('test', ['-x', p]).status === 0) ?? 'nginx';
  const child = spawn(bin, ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${stderr}`);
    try { await fetch(url + '/'); break; } catch { /* not yet listening */ }
    if (Date.now() > deadline) throw new Error(`nginx did not answer in 10 s:\n${stderr}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return {
    url,
    log: () => readFileSync(join(dir, 'access.log'), 'utf8'),
    stop: () => new Promise((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', ok);
      child.kill('SIGQUIT');
    }),
  };
}
