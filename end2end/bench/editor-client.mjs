// An editor's requests without a browser, for the benchmarks: sign in and
// save through the server functions as the pages' forms post them
// (saves.mjs, instances.mjs).

const form = (pairs) => new URLSearchParams(pairs).toString();

/**
 * Signs `name` in at `url`; the `rallymap_session=…` cookie. `origin` is
 * the site's public origin (RALLYMAP_PUBLIC_URL's), `url` itself when the
 * server has none.
 */
export async function signIn(url, name, password, origin = url) {
  const r = await fetch(`${url}/_fn/sign_in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept: 'text/html' },
    body: form({ name, password }),
  });
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('rallymap_session='));
  if (!cookie) throw new Error(`${name} could not sign in: ${r.status} ${await r.text()}`);
  return cookie;
}

/**
 * The `n`th save form of `editor`: a published rally in Bern on 2021-03-08
 * titled `Save N by EDITOR`; a new event without `id`, else a change of
 * `id` from `version`.
 */
export function eventForm(editor, n, id, version) {
  const pairs = {
    'input[title]': `Save ${n} by ${editor}`,
    'input[kind]': 'rally',
    'input[date_start]': '2021-03-08',
    'input[date_end]': '2021-03-08',
    'input[date_precision]': 'exact',
    'input[location_name]': `Square of ${editor}, Bern`,
    'input[country_code]': 'CH',
    'input[lon]': String(7.4 + (n % 1000) / 10000),
    'input[lat]': '46.948',
    'input[geo_precision]': 'site',
    'input[sources][0][name]': 'benchmark',
    status: 'published',
  };
  if (id) { pairs['input[id]'] = id; pairs.version = String(version); }
  return form(pairs);
}

/** Posts a save form; { status, text, ms } (status 0: no answer). */
export async function save(url, cookie, body, origin = url) {
  const t0 = performance.now();
  try {
    const r = await fetch(`${url}/_fn/save_event`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept: 'application/json', cookie },
      body,
    });
    const text = await r.text();
    return { status: r.status, text, ms: performance.now() - t0 };
  } catch (e) {
    return { status: 0, text: String(e), ms: performance.now() - t0 };
  }
}
