// A PostgreSQL database of its own for a browser test, on the server named
// by RALLYMAP_TEST_POSTGRES (a user who may create databases, e.g.
// `postgres://postgres@127.0.0.1:5432/postgres`; scripts/test.sh sets it to
// its throwaway cluster). Made and dropped with Debian's psql.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The administrator's URL, or undefined when the tests have no PostgreSQL. */
export const POSTGRES_ADMIN_URL = process.env.RALLYMAP_TEST_POSTGRES || undefined;

const PSQL = ['/usr/lib/postgresql/15/bin/psql', '/usr/bin/psql'].find(existsSync) ?? 'psql';

function psql(url, sql) {
  const r = spawnSync(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.error ?? r.stderr}`);
}

/**
 * Creates an empty database named after `label` on the server of
 * `adminUrl`; resolves to { url, drop } where `url` is `adminUrl` with the
 * new database's name, and `drop()` removes it (closing any connection
 * left).
 */
export function createDatabase(adminUrl, label = 'e2e') {
  const name = `rallymap_${label}_${process.pid}_${Date.now()}`.replace(/[^a-z0-9_]/g, '_');
  psql(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
