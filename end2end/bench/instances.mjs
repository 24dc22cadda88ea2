// Staleness across instances (scripts/bench-instances.sh starts them): an
// editor saves through instance A, then instance B is asked for the saved
// event's window again and again, with the ETag of its previous answer,
// until it answers the new data. Prints how long that took after A
// acknowledged the save (median, 90th percentile, worst) and how many
// answers of B after an acknowledgment still carried the old data. A
// benchmark: it prints figures and never fails on them.
//
//   node end2end/bench/instances.mjs --save http://127.0.0.1:A --read http://127.0.0.1:B \
//     --origin http://PUBLIC [--saves 20] [--editor bench]
//
// The editor (password "correct horse battery") must exist.
import { signIn, eventForm, save } from './editor-client.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const writer = args.save.replace(/\/$/, '');
const reader = args.read.replace(/\/$/, '');
const origin = args.origin ?? writer;
const saves = Number(args.saves ?? 20);
const editor = args.editor ?? 'bench';
const WINDOW = '/api/events?datetime=2021-03-08/2021-03-08';
const GIVE_UP_MS = 10_000;

const cookie = await signIn(writer, editor, 'correct horse battery', origin);
let id = null;
let version = 0;
const after = []; // ms from A's acknowledgment to B's first answer with the save
const saveMs = [];
let firstAnswerNew = 0;
let oldAnswers = 0;
let stale304 = 0;
let gaveUp = 0;
for (let n = 0; n <= saves; n += 1) {
  // B answers (and keeps) the window as it is now; its ETag is what a
  // reader's browser would send.
  const before = await fetch(reader + WINDOW);
  const etag = before.headers.get('etag');
  await before.arrayBuffer();
  const r = await save(writer, cookie, eventForm(editor, n, id, version), origin);
  const acknowledged = performance.now();
  if (r.status !== 200) throw new Error(`save ${n} answered ${r.status}: ${r.text.slice(0, 200)}`);
  ({ version } = JSON.parse(r.text));
  id = JSON.parse(r.text).event.id;
  if (n === 0) continue; // the event's creation: the saves measured change it
  saveMs.push(r.ms);
  const wanted = `"title":"Save ${n} by ${editor}"`;
  for (let polls = 1; ; polls += 1) {
    const q = await fetch(reader + WINDOW, { headers: etag ? { 'if-none-match': etag } : {} });
    const body = await q.text();
    if (q.status === 200 && body.includes(wanted)) {
      after.push(performance.now() - acknowledged);
      if (polls === 1) firstAnswerNew += 1;
      break;
    }
    oldAnswers += 1;
    if (q.status === 304) stale304 += 1;
    if (performance.now() - acknowledged > GIVE_UP_MS) { gaveUp += 1; break; }
  }
  await new Promise((ok) => setTimeout(ok, 50));
}

const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1) : 'n/a'; };
console.log(`${saves} saves through A (${writer}), each followed by B (${reader}) asked for the window with its previous ETag:`);
console.log(`  B answered the new data ${q(after, 0.5)} ms after A's acknowledgment (median), p90 ${q(after, 0.9)} ms, worst ${q(after, 1)} ms`);
console.log(`  B's first answer after the acknowledgment had the save in ${firstAnswerNew} of ${saves}; answers with the old data: ${oldAnswers} (of them 304: ${stale304}); gave up after ${GIVE_UP_MS / 1000} s: ${gaveUp}`);
console.log(`  the saves themselves took ${q(saveMs, 0.5)} ms (median), worst ${q(saveMs, 1)} ms`);
