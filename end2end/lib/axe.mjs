// axe-core (npm), injected into a page to check it against WCAG 2.2 A/AA
// and axe's best practices. The page's context must bypass CSP
// (`openPage(browser, { bypassCSP: true })`): the script is injected inline.
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');

/** The violations on the page, each as "rule: target, target…". */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations;
}

/**
 * The violations on every reader page, keyed by what was checked: `/`, `/`
 * with a popup open, `/events/{id}`, `/embed` and `/login`, each with
 * `query` (e.g. `?lang=fa`). `page` must have `/${query}` open, hydrated.
 */
export async function readerPagesViolations(page, baseUrl, query = '') {
  const found = {};
  found['/'] = await axeViolations(page);
  await page.locator('.event-list li[data-id="2020-01-hamburg"] a').click();
  await page.locator('.leaflet-popup .popup-title').waitFor();
  // Measured after Leaflet's fade-in: mid-fade, text is lighter than it is.
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
  found['/ with a popup'] = await axeViolations(page);
  for (const path of ['/events/2020-01-hamburg', '/embed', '/login']) {
    await page.goto(baseUrl + path + query);
    await page.waitForSelector('body[data-hydrated]');
    found[path + query] = await axeViolations(page);
  }
  return found;
}
