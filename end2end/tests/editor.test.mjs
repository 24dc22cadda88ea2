// Editors signing in and out in a real browser; the editor page is closed to
// everyone else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, addEditor } from '../lib/harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  assert.equal(addEditor(server.databaseUrl, 'anna', 'correct horse battery'), 'added editor anna\n');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an editor signs in, sees the editor page, signs out, and the page is closed again', async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(server.url + '/editor');
  await page.waitForURL('**/login');
  await page.waitForSelector('body[data-hydrated]');
  await page.locator('input[name="name"]').fill('anna');
  await page.locator('input[name="password"]').fill('correct horse battery');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL('**/editor');
  await page.locator('.signed-in').waitFor();
  assert.equal(await page.locator('.signed-in').textContent(), 'Signed in as anna');
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'rallymap_session');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie), '', 'scripts cannot read the session');
  await page.locator('button.sign-out').click();
  await page.waitForURL('**/login');
  await page.goto(server.url + '/editor');
  await page.waitForURL('**/login');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a wrong password shows one message that does not say which part was wrong', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(server.url + '/login');
  await page.waitForSelector('body[data-hydrated]');
  await page.locator('input[name="name"]').fill('anna');
  await page.locator('input[name="password"]').fill('wrong horse battery');
  await page.locator('button[type="submit"]').click();
  await page.locator('.error', { hasText: 'do not match' }).waitFor();
  assert.equal(await page.locator('.error').textContent(), 'That name and password do not match an editor account.');
  await page.locator('input[name="name"]').fill('nobody');
  await page.locator('button[type="submit"]').click();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.error').textContent(), 'That name and password do not match an editor account.');
  assert.match(page.url(), /\/login$/);
  await context.close();
});

test('signing in works without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/login');
  await page.locator('input[name="name"]').fill('anna');
  await page.locator('input[name="password"]').fill('correct horse battery');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL('**/editor');
  assert.equal(await page.locator('.signed-in').textContent(), 'Signed in as anna');
  await context.close();
});
