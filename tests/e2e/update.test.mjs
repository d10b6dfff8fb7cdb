// Extra (UI contract "Update"): when a new service worker is waiting the app offers
// "Reload to update", and pressing it activates the new worker.
// A copy of dist/ is served from a temporary directory, and its sw.js is changed after the first
// visit, which is what a new deployment looks like to the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIST, TEST_TIMEOUT, suite, gotoReady, waitControlled, waitUntil, waitReady } from './helpers.mjs';

const copy = await mkdtemp(path.join(tmpdir(), 'lakelab-update-'));
before(async () => {
  await cp(DIST, copy, { recursive: true });
});
after(async () => {
  await rm(copy, { recursive: true, force: true });
});
const env = suite({ server: { dir: copy, base: '/' } });

test('a waiting service worker shows "Update available" and "Reload to update" applies it', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('learn'));
    await waitControlled(page);
    const oldWorker = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);

    // "Deploy" a new version: a different sw.js (new build id, so a new cache too).
    const swPath = path.join(copy, 'sw.js');
    const sw = await readFile(swPath, 'utf8');
    await writeFile(swPath, sw.replace(/const BUILD_ID = '([0-9a-f]+)';/, "const BUILD_ID = 'e2e0update0000ff';"));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());

    const notice = page.getByText('Update available');
    await notice.first().waitFor({ timeout: 20_000 });
    const role = await notice.first().evaluate((el) => el.closest('[role=status],[role=alert]')?.getAttribute('role') ?? null);
    assert.ok(role, '"Update available" is inside role=status or role=alert');

    await Promise.all([
      page.waitForEvent('load', { timeout: 20_000 }),
      page.getByRole('button', { name: 'Reload to update', exact: true }).click(),
    ]);
    await waitReady(page);
    await waitUntil(
      () => page.evaluate(async () => (await caches.keys()).includes('lakelab-e2e0update0000ff')),
      { what: 'the new worker to be active with its cache' },
    );
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL), oldWorker);
    assert.equal(await page.getByText('Update available').count(), 0);
  }),
);
