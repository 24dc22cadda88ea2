// A server killed with SIGKILL while editors save (README, "Saves"), on the
// SQLite file and, when scripts/test.sh gives it a PostgreSQL server
// (RALLYMAP_TEST_POSTGRES), on PostgreSQL: four editors save without pause
// (end2end/bench/saves.mjs), the server is killed three times and started
// again on the same database and port, and afterwards every save that was
// answered 200 is stored with the title of its last acknowledged save.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, addEditor, freePort, ROOT } from '../lib/harness.mjs';
import { POSTGRES_ADMIN_URL, createDatabase } from '../lib/postgres.mjs';

const EDITORS = 4;
const KILLS = 3;

/** Runs saves.mjs to its end; resolves to its standard output. */
function saves(args) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'end2end/bench/saves.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`saves.mjs exited ${code}:\n${out}\n${err}`))));
  });
}

async function killedWhileSaving(databaseUrl) {
  const dir = mkdtempSync(join(tmpdir(), 'rallymap-kill-'));
  const seed = join(dir, 'seed');
  cpSync(join(ROOT, 'data'), seed, { recursive: true });
  for (let k = 1; k <= EDITORS; k += 1) addEditor(databaseUrl, `editor${k}`, 'correct horse battery');
  const port = await freePort();
  const start = () => startServer({ seedDir: seed, databaseUrl, listen: `127.0.0.1:${port}` });
  let server = await start();
  const record = join(dir, 'saves.json');
  const saving = saves(['--url', server.url, '--editors', String(EDITORS), '--seconds', String(KILLS * 3 + 3), '--record', record]);
  for (let k = 0; k < KILLS; k += 1) {
    await new Promise((ok) => setTimeout(ok, 3000));
    await server.kill();
    server = await start();
  }
  const summary = await saving;
  const verified = await saves(['--url', server.url, '--verify', record]);
  await server.stop();
  const answered = Number(summary.match(/(\d+) answered 200/)?.[1]);
  const m = verified.match(/verified (\d+) acknowledged events: (\d+) lost/);
  assert.ok(m, verified);
  console.log(`${summary.split('\n')[0]}; ${verified.trim()}`);
  return { answered, checked: Number(m[1]), lost: Number(m[2]), summary, verified };
}

test('SQLite: no save answered 200 is lost when the server is killed mid-write', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rallymap-kill-db-'));
  const r = await killedWhileSaving(`sqlite://${join(dir, 'rallymap.sqlite3')}`);
  assert.ok(r.answered > 40, `saves went on between the kills:\n${r.summary}`);
  assert.ok(r.checked > 10, r.verified);
  assert.equal(r.lost, 0, `${r.summary}\n${r.verified}`);
});

test('PostgreSQL: no save answered 200 is lost when the server is killed mid-write', { skip: POSTGRES_ADMIN_URL ? false : 'RALLYMAP_TEST_POSTGRES is not set (scripts/test.sh sets it)' }, async () => {
  const database = createDatabase(POSTGRES_ADMIN_URL, 'kill');
  try {
    const r = await killedWhileSaving(database.url);
    assert.ok(r.answered > 40, `saves went on between the kills:\n${r.summary}`);
    assert.ok(r.checked > 10, r.verified);
    assert.equal(r.lost, 0, `${r.summary}\n${r.verified}`);
  } finally {
    database.drop();
  }
});
