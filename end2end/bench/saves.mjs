// Editors saving in a loop against a running server (scripts/bench-saves.sh
// and scripts/bench-disk-full.sh start it): how many saves were answered,
// refused (any answer but 200 or 409) or lost (answered 200, then not
// stored), and the server's memory while it ran. A benchmark: it prints
// figures and never fails on them.
//
//   node end2end/bench/saves.mjs --url http://127.0.0.1:3000 --editors 4 --seconds 60 [--readers 4] [--pid PID] [--pace MS]
//   node end2end/bench/saves.mjs --url … --verify saves.json    # check a record written by --record
//
// Each editor signs in as `editor1`, `editor2`, … (password
// "correct horse battery"), then saves without pause: a new published event,
// then changes to it from the version it was given, and again a new one every
// tenth save. Every save answered 200 is recorded (id, version, title); at the
// end each recorded event must be public with the title of its last
// acknowledged save. `--readers` ask for windows of /api/events and the map's
// compact events meanwhile.
import { readFileSync, writeFileSync } from 'node:fs';
import { signIn, eventForm, save } from './editor-client.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : pairs), []),
);
const url = (args.url ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const PASSWORD = 'correct horse battery';

function rssMb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch { return null; }
}

async function verify(record) {
  let lost = 0;
  let newer = 0;
  const examples = [];
  for (const [id, title] of Object.entries(record.latest)) {
    const r = await fetch(`${url}/api/events/${encodeURIComponent(id)}`);
    // The acknowledged save, or a later save of the same event that got no
    // answer (the server killed after its commit, before it answered): a
    // newer version of the editor's own, not a loss.
    const stored = r.status === 200 ? (await r.json()).properties?.title : null;
    const later = stored !== title && stored !== null && (record.unanswered?.[id] ?? []).includes(stored);
    newer += Number(later);
    if (stored !== title && !later) { lost += 1; if (examples.length < 5) examples.push(`${id} (${r.status})`); }
  }
  return { checked: Object.keys(record.latest).length, lost, newer, examples };
}

if (args.verify) {
  const record = JSON.parse(readFileSync(args.verify, 'utf8'));
  const v = await verify(record);
  const later = v.newer ? `; ${v.newer} hold a later save of theirs that was committed but never answered` : '';
  console.log(`verified ${v.checked} acknowledged events: ${v.lost} lost${v.examples.length ? ` (${v.examples.join(', ')})` : ''}${later}`);
  process.exit(0);
}

const editors = Number(args.editors ?? 4);
const readers = Number(args.readers ?? 0);
const seconds = Number(args.seconds ?? 60);
const pid = args.pid ? Number(args.pid) : null;
// Milliseconds each editor waits between saves (0: none, as fast as answered).
const pace = Number(args.pace ?? 0);
const until = Date.now() + seconds * 1000;
const counts = new Map();
const refusals = new Map();
const latest = {};
// Per event: titles sent after its last acknowledged save that got no answer.
const unanswered = {};
const latencies = [];
let acknowledged = 0;
const started = Date.now();
const perSecond = [];

async function editorLoop(k) {
  const name = `editor${k}`;
  const cookie = await signIn(url, name, PASSWORD);
  let id = null;
  let version = 0;
  for (let n = 0; Date.now() < until; n += 1) {
    if (pace) await new Promise((ok) => setTimeout(ok, pace));
    const fresh = id === null || n % 10 === 0;
    const r = await save(url, cookie, eventForm(name, n, fresh ? null : id, version));
    counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    latencies.push(r.ms);
    if (r.status === 200) {
      const saved = JSON.parse(r.text);
      id = saved.event.id;
      version = saved.version;
      latest[id] = saved.event.title;
      delete unanswered[id];
      acknowledged += 1;
      const second = Math.floor((Date.now() - started) / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    } else {
      // Grouped by status and kind of refusal, not by event.
      let kind = r.text.slice(0, 60);
      try { const j = JSON.parse(r.text); kind = typeof j === 'string' ? j : Object.keys(j)[0]; } catch { /* not JSON */ }
      const why = `${r.status} ${kind}`;
      refusals.set(why, (refusals.get(why) ?? 0) + 1);
      if (r.status === 0 && !fresh) (unanswered[id] ??= []).push(`Save ${n} by ${name}`);
      if (r.status === 0) await new Promise((ok) => setTimeout(ok, 100));
      if (r.status === 409 || r.status === 404) id = null;
    }
  }
}

let reads = 0;
let readFailures = 0;
async function readerLoop(k) {
  for (let n = 0; Date.now() < until; n += 1) {
    const day = 1 + ((n * 7 + k) % 27);
    const path = n % 2 ? `/api/events?datetime=2021-03-${String(day).padStart(2, '0')}` : '/api/map/events';
    try {
      const r = await fetch(url + path, { headers: { 'accept-encoding': 'br' } });
      await r.arrayBuffer();
      reads += 1;
      if (r.status !== 200) readFailures += 1;
    } catch { readFailures += 1; }
  }
}

const memory = [];
const sampler = pid ? setInterval(() => memory.push(rssMb(pid)), 1000) : null;
if (pid) memory.push(rssMb(pid));
await Promise.all([
  ...Array.from({ length: editors }, (_, i) => editorLoop(i + 1)),
  ...Array.from({ length: readers }, (_, i) => readerLoop(i)),
]);
if (sampler) { clearInterval(sampler); memory.push(rssMb(pid)); }

const total = [...counts.values()].reduce((a, b) => a + b, 0);
const refused = total - (counts.get(200) ?? 0) - (counts.get(409) ?? 0);
const q = (p) => { const s = [...latencies].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1) : 'n/a'; };
console.log(`${editors} editors, ${seconds} s: ${total} saves, ${counts.get(200) ?? 0} answered 200, ${counts.get(409) ?? 0} answered 409 (conflict), ${refused} refused`);
console.log(`save latency: median ${q(0.5)} ms, p99 ${q(0.99)} ms, worst ${q(1)} ms`);
for (const [why, n] of refusals) console.log(`  refused ${n}×: ${why}`);
if (readers) console.log(`${readers} readers: ${reads} answers, ${readFailures} not 200`);
if (args.timeline) console.log(`saves answered 200, second by second: ${Array.from({ length: seconds }, (_, i) => perSecond[i] ?? 0).join(' ')}`);
if (pid) {
  const seen = memory.filter((m) => m !== null);
  const at = (i) => seen[Math.min(seen.length - 1, i)];
  const marks = [0, 10, 30, 60, 120, 180, 300, 600].filter((t) => t < seen.length - 1);
  console.log(`server memory (RSS, MB): ${marks.map((t) => `${t} s ${at(t)}`).join(', ')}, end ${seen.at(-1)}, peak ${Math.max(...seen)}`);
}
const record = { acknowledged, latest, unanswered };
if (args.record) writeFileSync(args.record, JSON.stringify(record));
if (!args.record || args['verify-now'] === 'true') {
  const v = await verify(record);
  console.log(`verified ${v.checked} acknowledged events: ${v.lost} lost${v.examples.length ? ` (${v.examples.join(', ')})` : ''}`);
}
