// A full disk: when the browser refuses a write, the learner is told, the last good save stays
// intact, and saving resumes once there is room.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, TEST_TIMEOUT, gotoReady, reloadReady, cell, waitSaved, saveStatus, waitUntil,
  readWorkspaceRecord, jsonEscaped,
} from './helpers.mjs';

const env = suite();
const reportsFull = async (page) => /^Not saved: .*full/.test((await saveStatus(page).textContent()) ?? '');

test('localStorage full (a real browser limit): settings say "Not saved" and keep the last save', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('settings'));
    await page.getByRole('radio', { name: 'Light', exact: true }).check();
    await waitUntil(() => page.evaluate(() => (localStorage.getItem('lakelab.settings') ?? '').includes('light')), {
      what: 'the Light theme to be stored',
    });
    // Fill the origin's localStorage (Chromium allows about 5 MiB) until the browser refuses.
    const filled = await page.evaluate(() => {
      const chunk = 'x'.repeat(256 * 1024);
      let i = 0;
      try {
        for (; i < 100; i++) localStorage.setItem(`filler-${i}`, chunk);
      } catch (e) {
        return e.name;
      }
      return 'never refused';
    });
    assert.equal(filled, 'QuotaExceededError');
    // Squeeze out the last bytes too, so the settings record cannot grow.
    await page.evaluate(() => {
      for (let n = 128 * 1024; n >= 1; n = Math.floor(n / 2)) {
        try { localStorage.setItem(`filler-tail-${n}`, 'y'.repeat(n)); } catch { /* full */ }
      }
    });

    // A change that makes the settings record longer than it was.
    const name = page.getByLabel('Display name', { exact: true });
    await name.fill('N'.repeat(60));
    await name.press('Tab');
    await waitUntil(() => reportsFull(page), { what: 'the save status to report full storage' });
    const kept = await page.evaluate(() => localStorage.getItem('lakelab.settings'));
    assert.ok(kept.includes('light') && !kept.includes('N'.repeat(60)), 'the last good save is intact');

    // Free the space: the next change saves again.
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler-')).forEach((k) => localStorage.removeItem(k)));
    await page.getByRole('radio', { name: 'System', exact: true }).check();
    await waitUntil(async () => (await saveStatus(page).textContent()) === 'Saved', { what: 'Saved again' });
    await reloadReady(page);
    assert.ok(await page.getByRole('radio', { name: 'System', exact: true }).isChecked());
  }),
);

test('IndexedDB refusing a write for quota: "Not saved", last save intact', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ context, page, url }) => {
    // Chromium gives no reliable way to shrink IndexedDB's quota for an origin that already holds
    // data, so the refusal is simulated at the API boundary: put() throws the DOMException the
    // browser uses (QuotaExceededError) while window.__lakelabQuotaFull is set.
    await context.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (...args) {
        if (window.__lakelabQuotaFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill('small and saved');
    await waitSaved(page, 'small and saved');

    await page.evaluate(() => { window.__lakelabQuotaFull = true; });
    await cell(page, 1).fill('this edit does not fit');
    await waitUntil(() => reportsFull(page), { what: 'the save status to report full storage' });
    const stored = await readWorkspaceRecord(page);
    assert.ok(stored.body.includes(jsonEscaped('small and saved')), 'the last good save is intact');

    await page.evaluate(() => { window.__lakelabQuotaFull = false; });
    await cell(page, 1).fill('fits again');
    await waitSaved(page, 'fits again');
    await reloadReady(page);
    assert.equal(await cell(page, 1).inputValue(), 'fits again');
  }),
);
