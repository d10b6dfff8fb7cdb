// ?bench=tracking runs the engine workload in the page for scripts/bench.sh; it must produce
// the figures and leave the learner's storage alone. ?bench=automl runs the AutoML benchmark
// (scripts/bench_automl.sh) on the CSV text the driver puts in the page. Both exist only in the
// bench build (dist-bench/, `--features bench`); build.test.mjs checks the app build has neither.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { suite, ROOT, TEST_TIMEOUT } from './helpers.mjs';

const env = suite({ bench: true });

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

test('?bench=serving&quick answers every request and reports latency percentiles', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await page.goto(url('?bench=serving&quick'));
    const pre = page.locator('[data-testid=bench-result]');
    await pre.waitFor({ state: 'attached', timeout: 90_000 });
    const figures = JSON.parse(await pre.textContent());
    assert.equal(figures.error, undefined, JSON.stringify(figures));
    for (const key of ['serving_realtime', 'serving_realtime_online_lookup']) {
      const f = figures[key];
      assert.equal(f.requests, 200);
      assert.ok(f.p50_ms <= f.p99_ms && f.p99_ms <= f.max_ms, JSON.stringify(f));
    }
    assert.equal(figures.serving_batch.rows, 2000);
  }),
);

test('?bench=automl runs AutoML on the datasets the driver hands the page', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    const iris = await readFile(path.join(ROOT, 'core/data/bench/iris.csv'), 'utf8');
    await page.addInitScript((s) => {
      window.__lakelabBenchAutoml = s;
    }, { datasets: { iris }, budgets: [1], synthetic: false });
    await page.goto(url('?bench=automl'));
    const pre = page.locator('[data-testid=bench-result]');
    await pre.waitFor({ state: 'attached', timeout: 60_000 });
    const figures = JSON.parse(await pre.textContent());
    assert.equal(figures.automl.length, 1);
    const run = figures.automl[0];
    assert.equal(run.dataset, 'iris');
    assert.equal(run.metric, 'f1');
    assert.ok(run.trials >= 1, JSON.stringify(run));
    assert.ok(run.test_score > 0.8, JSON.stringify(run));
    assert.equal(figures.logistic_fit_100k_x_20, null);
  }),
);
