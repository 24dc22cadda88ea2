// A flood of readers' reports against a running server (scripts/bench-flood.sh
// starts it; README, "Reports from readers: a flood"): `--attempts` posts to
// /report spread evenly over `--seconds` from `--clients` simulated readers,
// each from its own loopback address (127.0.0.2, 127.0.0.3, …) so that each
// has its own hourly count, as many readers would; meanwhile a reader asks
// for a window of /api/events at a steady rate, idle first and then during
// the flood, and the server's memory is sampled every second.
//
//   node end2end/bench/flood.mjs --url http://127.0.0.1:3000 --pid PID [--clients 100]
//     [--attempts 10000] [--seconds 60] [--ramp 30] [--idle 20] [--read-rate 20]
//     [--min-seconds 3] [--refs FILE] [--json FILE]
//
// Each client loads the form (GET /report) as a browser would, waits past
// the minimum fill time, and posts with the form's signed start time; it
// loads a fresh form every 10 s. Clients join one after another over
// `--ramp` seconds (a flood that builds up); the attempts are sent on a
// fixed schedule, whether or not earlier ones were answered (an open loop:
// a slow server does not slow the flood). What is posted, by a fixed
// pseudo-random draw: 62 % distinct valid reports, 10 % exact duplicates of
// a few reports, 12 % invalid fields, 5 % with the robots' trap filled, 5 %
// bodies over the 96 KB limit, 3 % a form posted at once (too fast), 3 % a
// forged start time.
//
// Prints the answers by what was sent and by status, the reader's latency
// idle and during the flood, and the server's memory; writes the references
// answered as stored to `--refs` (one a line) for the script to compare
// with the database. Exits 1 when an attempt went unanswered (a connection
// error or no answer within 30 s) or was answered with a 5xx other than the
// full queue's 503 (`Retry-After: 3600`); the figures themselves never fail it.
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : pairs), []),
);
const base = new URL(args.url ?? 'http://127.0.0.1:3000');
const CLIENTS = Number(args.clients ?? 100);
const ATTEMPTS = Number(args.attempts ?? 10000);
const SECONDS = Number(args.seconds ?? 60);
const RAMP = Number(args.ramp ?? 30);
const IDLE = Number(args.idle ?? 20);
const READ_RATE = Number(args['read-rate'] ?? 20);
const MIN_SECONDS = Number(args['min-seconds'] ?? 3);
const PID = args.pid ? Number(args.pid) : null;
const READ_PATH = args['read-path'] ?? '/api/events?datetime=2020-01-15/2020-01-25';
const TIMEOUT_MS = 30_000;
// The body limit of server/src/routes/report.rs (BODY_LIMIT).
const BODY_LIMIT = 96 * 1024;
if (CLIENTS > 250) throw new Error('at most 250 clients: 127.0.0.2 … 127.0.0.251');

const sleep = (ms) => new Promise((ok) => setTimeout(ok, Math.max(0, ms)));
const now = () => performance.now();

// A small fixed pseudo-random sequence (mulberry32): the same mix every run.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rssMb(field = 'VmRSS') {
  try {
    const m = readFileSync(`/proc/${PID}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
    return m ? Number(m[1]) / 1024 : null;
  } catch { return null; }
}

/// One request; resolves { status, headers, body, ms } or { error, ms }, never rejects.
function request(agent, localAddress, method, path, body, headers = {}) {
  return new Promise((resolve) => {
    const t0 = now();
    let done = false;
    const finish = (r) => { if (!done) { done = true; resolve({ ...r, ms: now() - t0 }); } };
    const req = http.request({
      host: base.hostname, port: base.port, method, path, agent, localAddress,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => finish({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => finish({ error: e.code ?? e.message }));
    });
    req.setTimeout(TIMEOUT_MS, () => { req.destroy(new Error('timeout')); });
    req.on('error', (e) => finish({ error: e.message === 'timeout' ? 'timeout' : (e.code ?? e.message) }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const quantile = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

// The reader: a steady rate (not a closed loop, which would itself load the
// server), each answer's time from sending to its last byte.
const readerAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const reads = { idle: [], flood: [], after: [], failures: 0, not200: 0 };
let readPhase = 'idle';
let reading = true;
async function readerLoop() {
  const every = 1000 / READ_RATE;
  const start = now();
  const pending = [];
  for (let k = 0; reading; k += 1) {
    await sleep(start + k * every - now());
    const phase = readPhase;
    pending.push(request(readerAgent, '127.0.0.1', 'GET', READ_PATH, undefined, { 'accept-encoding': 'br' }).then((r) => {
      if (r.error) reads.failures += 1;
      else if (r.status !== 200) reads.not200 += 1;
      else reads[phase].push(r.ms);
    }));
  }
  await Promise.all(pending);
}

const memory = [];
let memPhase = 'idle';
const sampler = PID ? setInterval(() => memory.push({ phase: memPhase, mb: rssMb() }), 1000) : null;

// A client: its own address and connections, its forms' stamps.
function client(i) {
  const address = `127.0.0.${i + 2}`;
  return { i, address, agent: new http.Agent({ keepAlive: true, maxSockets: 16 }), stamps: [], lastLoad: 0, sent: 0, formLoads: 0 };
}
const STAMP = /name="started" value="([^"]+)"/;
async function loadForm(c) {
  const r = await request(c.agent, c.address, 'GET', '/report', undefined, { 'accept-language': 'en' });
  c.formLoads += 1;
  const m = !r.error && r.status === 200 && r.body.match(STAMP);
  if (!m) { formFailures.push(`${c.address}: ${r.error ?? r.status}`); return null; }
  return { stamp: m[1], at: now() };
}
const formFailures = [];
// The newest stamp the client has held long enough to post.
function usableStamp(c) {
  const ready = c.stamps.filter((s) => now() - s.at >= (MIN_SECONDS + 0.5) * 1000);
  return ready.at(-1)?.stamp ?? c.stamps[0]?.stamp;
}

const KINDS = ['rally', 'protest', 'march', 'vigil', 'strike', 'sit_in', 'blockade'];
const COUNTRIES = [['DE', 52.52, 13.40], ['SE', 55.60, 13.00], ['FR', 48.85, 2.35], ['IR', 35.70, 51.34], ['US', 40.71, -74.00]];
function validFields(c, n) {
  const [cc, lat, lon] = COUNTRIES[(c.i + n) % COUNTRIES.length];
  const day = 1 + ((c.i * 7 + n) % 28);
  return {
    title: `Gathering ${n} seen by reader ${c.i} at the square`,
    description: `About ${50 + n} people with banners; reader ${c.i}, sighting ${n}.`,
    kind: KINDS[(c.i + n) % KINDS.length],
    location_name: `Square ${c.i}-${n}`,
    country_code: cc,
    // Distinct points (to about 100 m, as duplicates are told) within a few degrees.
    lat: (lat + c.i * 0.01 + (n % 1000) * 0.002).toFixed(4),
    lon: (lon + c.i * 0.01 - Math.floor(n / 1000) * 0.002).toFixed(4),
    date_start: `2024-03-${String(day).padStart(2, '0')}`,
    date_end: '',
    source_url: `https://news.example.org/${c.i}/${n}`,
    crowd_size_text: `about ${50 + n}`,
    contact_email: n % 3 ? '' : `reader${c.i}@example.org`,
  };
}
// A few reports many readers send word for word.
function duplicateFields(n) {
  const k = n % 4;
  return {
    title: `Candlelight vigil by the harbour crane (${k})`,
    description: 'Two hundred people, candles, no speeches.',
    kind: 'vigil', location_name: 'Old harbour, Malmö', country_code: 'SE',
    lat: (55.6075 + k).toFixed(4), lon: '12.9986', date_start: '2024-03-01', date_end: '',
    source_url: '', was_there: 'on', crowd_size_text: 'two hundred', contact_email: '',
  };
}
function invalidFields(c, n) {
  const f = validFields(c, n);
  switch (n % 3) {
    case 0: return { ...f, lat: '95' };
    case 1: return { ...f, date_start: '2024-02-30' };
    default: return { ...f, title: '', contact_email: 'not an address' };
  }
}

const MIX = [['valid', 0.62], ['duplicate', 0.10], ['invalid', 0.12], ['trap', 0.05], ['oversized', 0.05], ['too_fast', 0.03], ['forged', 0.03]];
function drawKind(r) {
  let x = r();
  for (const [k, p] of MIX) { if ((x -= p) < 0) return k; }
  return 'valid';
}

const results = [];
const storedRefs = [];
async function attempt(c, kind, n) {
  let fields;
  let stamp = usableStamp(c);
  if (kind === 'too_fast') {
    const fresh = await loadForm(c);
    stamp = fresh?.stamp ?? stamp;
  }
  if (kind === 'forged') stamp = `${Math.floor(Date.now() / 1000) - 60}.${'0'.repeat(64)}`;
  if (kind === 'duplicate') fields = duplicateFields(n);
  else if (kind === 'invalid') fields = invalidFields(c, n);
  else fields = validFields(c, n);
  if (kind === 'oversized') fields.description = 'x'.repeat(BODY_LIMIT + 1024);
  const body = new URLSearchParams({ ...fields, website: kind === 'trap' ? 'https://cheap-pills.example' : '', started: stamp }).toString();
  const r = await request(c.agent, c.address, 'POST', '/report', body, { origin: base.origin, 'accept-language': 'en' });
  let answer = r.error ? `no answer (${r.error})` : String(r.status);
  if (r.status === 303) {
    const to = new URL(r.headers.location, base);
    const already = to.searchParams.get('already') === '1';
    answer = already ? '303 already received' : '303 received';
    if (!already && kind !== 'trap') storedRefs.push(to.searchParams.get('ref'));
  } else if (r.status === 503) {
    answer = r.headers['retry-after'] === '3600' ? '503 queue full' : `503 other (Retry-After ${r.headers['retry-after']})`;
  } else if (r.status === 429) {
    answer = '429 hourly limit';
  }
  results.push({ kind, answer, status: r.status ?? 0, ms: r.ms, error: r.error });
}

const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));
const reader = readerLoop();
const floodStart = now() + IDLE * 1000;
// Forms are loaded in the idle phase's last seconds, as the readers open the page.
console.error(`idle: reading ${READ_PATH} at ${READ_RATE}/s for ${IDLE} s`);
await sleep(floodStart - now() - (MIN_SECONDS + 1.5) * 1000);
const idleRssMb = PID ? rssMb() : null;
await Promise.all(clients.map(async (c) => { c.lastLoad = now(); const s = await loadForm(c); if (s) c.stamps.push(s); }));
await sleep(floodStart - now());
readPhase = 'flood';
memPhase = 'flood';
console.error(`flood: ${ATTEMPTS} attempts over ${SECONDS} s from ${CLIENTS} clients`);

// Each client reloads the form every 10 s (the reload is no attempt).
const reloads = setInterval(() => {
  for (const c of clients) {
    if (now() - c.lastLoad > 10_000) {
      c.lastLoad = now();
      loadForm(c).then((s) => { if (s) { c.stamps.push(s); c.stamps = c.stamps.slice(-3); } });
    }
  }
}, 1000);

const draw = rng(26);
const every = (SECONDS * 1000) / ATTEMPTS;
const inFlight = [];
for (let k = 0; k < ATTEMPTS; k += 1) {
  const due = floodStart + k * every;
  if (due > now() + 2) await sleep(due - now());
  const t = (due - floodStart) / 1000;
  // Clients join over the ramp: client i from i * RAMP / CLIENTS seconds.
  const joined = Math.max(1, Math.min(CLIENTS, Math.floor((t * CLIENTS) / Math.max(RAMP, 1e-9)) + 1));
  const c = clients[k % joined];
  c.sent += 1;
  inFlight.push(attempt(c, drawKind(draw), k));
}
const sentFor = (now() - floodStart) / 1000;
await Promise.all(inFlight);
clearInterval(reloads);
const floodEnd = now();
readPhase = 'after';
memPhase = 'after';
await sleep(5000);
reading = false;
await reader;
if (sampler) clearInterval(sampler);
const endRssMb = PID ? rssMb() : null;
// The resident memory's parts at the end: the heap and the like, and mapped files.
const endParts = PID ? `heap and other anonymous ${rssMb('RssAnon')?.toFixed(1)}, files ${rssMb('RssFile')?.toFixed(1)}, shared ${rssMb('RssShmem')?.toFixed(1)}` : '';

// The figures.
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const answers = [...new Set(results.map((r) => r.answer))].sort();
const kinds = MIX.map(([k]) => k);
console.log(`\n${results.length} attempts in ${fmt(sentFor)} s (all answered by ${fmt((floodEnd - floodStart) / 1000)} s) from ${CLIENTS} clients (127.0.0.2 … 127.0.0.${CLIENTS + 1}), joining over ${RAMP} s; ${clients.reduce((a, c) => a + c.formLoads, 0)} form loads besides`);
console.log(`\n| sent | ${answers.join(' | ')} | total |`);
console.log(`|---|${answers.map(() => '---').join('|')}|---|`);
for (const k of [...kinds, 'all']) {
  const rows = results.filter((r) => k === 'all' || r.kind === k);
  console.log(`| ${k} | ${answers.map((a) => rows.filter((r) => r.answer === a).length).join(' | ')} | ${rows.length} |`);
}
const byStatus = new Map();
for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
console.log(`\nby status: ${[...byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s === 0 ? 'no answer' : s} ${n}`).join(', ')}`);
const postMs = results.filter((r) => !r.error).map((r) => r.ms);
console.log(`post latency: p50 ${fmt(quantile(postMs, 0.5))} ms, p99 ${fmt(quantile(postMs, 0.99))} ms, worst ${fmt(Math.max(...postMs))} ms`);

const p = (xs, q) => quantile(xs, q);
const ratio = p(reads.flood, 0.99) / p(reads.idle, 0.99);
console.log(`\nreader ${READ_PATH} at ${READ_RATE}/s:`);
console.log('| phase | answers | p50 ms | p99 ms | worst ms |\n|---|---|---|---|---|');
for (const ph of ['idle', 'flood', 'after']) {
  console.log(`| ${ph} | ${reads[ph].length} | ${fmt(p(reads[ph], 0.5), 2)} | ${fmt(p(reads[ph], 0.99), 2)} | ${fmt(Math.max(...reads[ph]), 2)} |`);
}
console.log(`p99 during the flood / idle: ${fmt(ratio, 2)}× (target ≤ 2×: ${ratio <= 2 ? 'met' : 'missed'}); reader failures ${reads.failures}, not 200 ${reads.not200}`);

if (PID) {
  const mb = (ph) => memory.filter((m) => m.phase === ph && m.mb !== null).map((m) => m.mb);
  const floodMb = mb('flood');
  console.log(`server RSS (MB): idle ${fmt(idleRssMb)}, peak during the flood ${fmt(Math.max(...floodMb))}, end of the flood ${fmt(floodMb.at(-1))}, 5 s later ${fmt(endRssMb)} (${endParts})`);
  console.log(`  every 10 s of the flood: ${floodMb.filter((_, i) => i % 10 === 9).map((m) => fmt(m)).join(', ')}`);
}

const unanswered = results.filter((r) => r.error);
const bad5xx = results.filter((r) => r.status >= 500 && r.answer !== '503 queue full');
const errors = new Map();
for (const r of unanswered) errors.set(r.error, (errors.get(r.error) ?? 0) + 1);
console.log(`unanswered attempts: ${unanswered.length}${errors.size ? ` (${[...errors].map(([e, n]) => `${e} ${n}`).join(', ')})` : ''}; 5xx other than the full queue's 503: ${bad5xx.length}; form loads failed: ${formFailures.length}`);
console.log(`answered as stored (303, not already, trap excluded): ${storedRefs.length}`);
if (args.refs) writeFileSync(args.refs, storedRefs.map((r) => `${r}\n`).join(''));
if (args.json) {
  writeFileSync(args.json, JSON.stringify({
    attempts: results.length, byStatus: Object.fromEntries(byStatus), stored: storedRefs.length,
    reader: Object.fromEntries(['idle', 'flood', 'after'].map((ph) => [ph, { n: reads[ph].length, p50: p(reads[ph], 0.5), p99: p(reads[ph], 0.99) }])),
    ratio, unanswered: unanswered.length, bad5xx: bad5xx.length,
  }));
}
process.exit(unanswered.length || bad5xx.length ? 1 : 0);
