// ?bench=tracking runs the engine workload in the page for scripts/bench.sh; it must produce
// the figures and leave the learner's storage alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT } from './helpers.mjs';

const env = suite();

test('?bench=tracking reports the tracking workload and opens no storage', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await page.goto(url('?bench=tracking'));
    const pre = page.locator('[data-testid=bench-result]');
    await pre.waitFor({ state: 'attached', timeout: 60_000 });
    const figures = JSON.parse(await pre.textContent());
    assert.equal(figures.tracking_log_runs.runs, 10000);
    assert.ok(figures.tracking_log_runs.runs_per_second > 0);
    assert.equal(figures.tracking_search_ms.max_results_100.returned, 100);
    assert.equal(figures.tracking_search_ms.max_results_1000.returned, 1000);
    const dbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    assert.ok(!dbs.includes('lakelab'), `no workspace database was opened: ${dbs}`);
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lakelab.')).length), 0);
  }),
);
