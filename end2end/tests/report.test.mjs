// Readers report an event (issue 26): the form without JavaScript, in
// Persian; a refusal keeps what was typed; the form with JavaScript
// hydrates the same page; axe-core finds nothing on it in either language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage } from '../lib/harness.mjs';
import { axeViolations } from '../lib/axe.mjs';

let server;
let browser;
before(async () => {
  // The fill-time check is tested in-process; here a second is enough.
  server = await startServer({ env: { RALLYMAP_REPORT_MIN_SECONDS: '1' } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function fill(page, { lat = '35.6997' } = {}) {
  await page.locator('#r-title').fill('تجمع شمع‌روشن در میدان');
  await page.locator('#r-description').fill('حدود دویست نفر، بدون سخنرانی.');
  await page.locator('#r-kind').selectOption('vigil');
  await page.locator('#r-crowd').fill('حدود دویست نفر');
  await page.locator('#r-place').fill('میدان آزادی، تهران');
  await page.locator('#r-country').fill('IR');
  await page.locator('#r-lat').fill(lat);
  await page.locator('#r-lon').fill('51.3380');
  await page.locator('#r-start').fill('2024-03-01');
  await page.locator('input[name="was_there"]').check();
  await page.locator('#r-contact').fill('shahed@example.org');
}

test('a reader reports an event in Persian without JavaScript and sees its reference', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fa-IR' });
  const page = await context.newPage();
  const before = (await (await fetch(server.url + '/api/events')).json()).features.length;
  await page.goto(server.url + '/?lang=fa');
  await page.locator('a.report-link').click();
  await page.waitForURL('**/report');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('h1').textContent(), 'گزارش یک رویداد');

  // A latitude out of range: refused at its field, everything kept.
  await fill(page, { lat: '95' });
  await page.waitForTimeout(1_100);
  await page.locator('button[type="submit"]').click();
  await page.waitForLoadState();
  assert.match(await page.locator('p.refusal').textContent(), /گزارش فرستاده نشد/);
  assert.equal(await page.locator('#e-point li').count(), 1);
  assert.equal(await page.locator('#r-lat').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.inputValue('#r-title'), 'تجمع شمع‌روشن در میدان');
  assert.equal(await page.inputValue('#r-description'), 'حدود دویست نفر، بدون سخنرانی.');
  assert.equal(await page.inputValue('#r-contact'), 'shahed@example.org');
  assert.ok(await page.locator('input[name="was_there"]').isChecked());

  await page.locator('#r-lat').fill('35.6997');
  await page.waitForTimeout(1_100);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL('**/report/received?ref=*');
  const reference = await page.locator('.reference').textContent();
  assert.match(reference, /^R-[0-9A-HJKMNP-TV-Z]{5}$/);
  assert.equal(new URL(page.url()).searchParams.get('ref'), reference);
  assert.equal(await page.locator('h1').textContent(), 'سپاس: گزارش شما دریافت شد');
  await page.screenshot({ path: 'target/report-received-fa.png' });

  const after = await (await fetch(server.url + '/api/events')).text();
  assert.equal(JSON.parse(after).features.length, before, 'nothing published');
  assert.ok(!after.includes('shahed@example.org') && !after.includes('شمع‌روشن'));
  await context.close();
});

for (const lang of ['en', 'fa']) {
  test(`the report form has no axe-core violations (${lang}), hydrates without errors, and its refusal too`, async () => {
    const { page, problems, context } = await openPage(browser, { bypassCSP: true });
    await page.goto(`${server.url}/report?lang=${lang}`);
    await page.waitForSelector('body[data-hydrated]');
    await page.screenshot({ path: `target/report-form-${lang}.png`, fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
    await fill(page);
    await page.locator('#r-title').fill('<b id=inj>x</b> & y');
    await page.locator('#r-country').fill('XX');
    await page.waitForTimeout(1_100);
    await page.locator('button[type="submit"]').click();
    await page.locator('p.refusal').waitFor();
    await page.waitForSelector('body[data-hydrated]');
    assert.equal(await page.locator('#inj').count(), 0);
    assert.equal(await page.inputValue('#r-title'), '<b id=inj>x</b> & y');
    await page.screenshot({ path: `target/report-refused-${lang}.png`, fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
    // The refusal's own status (400) is the only line in the console.
    assert.deepEqual(problems.filter((p) => !p.includes('status of 400')), [], 'hydration without errors');
    await context.close();
  });
}
