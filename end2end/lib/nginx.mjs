// Debian's nginx in front of the server for the browser tests: as a
// newsroom's proxy under a path (prefix.test.mjs) or as a load balancer
// over several instances (instances.test.mjs). Its configuration, pid,
// temporary files and logs live in a temporary folder; never the system
// service.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts nginx on `host`:`port` passing `location` (e.g. `/rallies/`, the
 * prefix stripped; anything else a 404) to `upstreams`, server URLs such as
 * `http://127.0.0.1:3000`: one is proxied to directly, several are an
 * `upstream` block (round robin, kept-alive connections). Resolves to
 * { url, log, upstreamsServed, stop } once it answers; `log()` is the
 * access log, one line per request: `"GET /path HTTP/1.1" STATUS UPSTREAM
 * "USER AGENT"`.
 */
export async function startNginx({ port, host = '127.0.0.1', location = '/', upstreams }) {
  const dir = mkdtempSync(join(tmpdir(), 'rallymap-nginx-'));
  const conf = join(dir, 'nginx.conf');
  const temp = (name) => `${name}_temp_path ${join(dir, name)};`;
  const balanced = upstreams.length > 1;
  const pool = balanced
    ? `upstream rallymap {
    ${upstreams.map((u) => `server ${new URL(u).host};`).join('\n    ')}
    keepalive 16;
  }`
    : '';
  const target = balanced ? 'http://rallymap' : upstreams[0];
  writeFileSync(conf, `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  log_format upstreams '"$request" $status $upstream_addr "$http_user_agent"';
  access_log ${join(dir, 'access.log')} upstreams;
  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}
  ${pool}
  server {
    listen ${host}:${port};
    location ${location} {
      proxy_pass ${target}/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
    ${location === '/' ? '' : 'location / { return 404; }'}
  }
}
`);
  const bin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => spawnSync('test', ['-x', p]).status === 0) ?? 'nginx';
  const child = spawn(bin, ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://${host}:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${stderr}`);
    try { await fetch(url + '/'); break; } catch { /* not yet listening */ }
    if (Date.now() > deadline) throw new Error(`nginx did not answer in 10 s:\n${stderr}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const log = () => readFileSync(join(dir, 'access.log'), 'utf8');
  return {
    url,
    log,
    /** How many logged requests each upstream address (`127.0.0.2:PORT`) answered. */
    upstreamsServed: () => {
      const counts = {};
      for (const line of log().split('\n')) {
        const m = line.match(/^"[^"]*" \d+ (\S+) /);
        if (m && m[1] !== '-') counts[m[1]] = (counts[m[1]] ?? 0) + 1;
      }
      return counts;
    },
    stop: () => new Promise((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', ok);
      child.kill('SIGQUIT');
    }),
  };
}
