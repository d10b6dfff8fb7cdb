// The AutoML benchmark in headless Chromium (release wasm, ?bench=automl): prints ONE JSON
// object on stdout, progress on stderr. Run by scripts/bench_automl.sh after a release build:
//   node tests/e2e/bench_automl.mjs --dist dist
// BENCH_DATASETS / BENCH_BUDGETS select as for the native example. The real datasets'
// CSV text (core/data/bench/) reaches the page as window.__lakelabBenchAutoml through an init
// script, so the app's wasm does not carry them; the synthetic set is generated in the page.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, startServer, ROOT } from './helpers.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const DIST = path.resolve(ROOT, arg('--dist', 'dist'));
const REAL = ['iris', 'wine', 'breast_cancer', 'diabetes'];
const SYNTHETIC = 'synthetic_100k_x_20';
const wanted = (process.env.BENCH_DATASETS || '').split(',').filter(Boolean);
const take = (name) => wanted.length === 0 || wanted.includes(name);
const budgets = (process.env.BENCH_BUDGETS || '5,15,60').split(',').filter(Boolean).map(Number);

async function main() {
  const datasets = {};
  for (const name of REAL.filter(take)) {
    datasets[name] = await readFile(path.join(ROOT, 'core/data/bench', `${name}.csv`), 'utf8');
  }
  const spec = { datasets, budgets, synthetic: take(SYNTHETIC) };
  // Every run may overshoot its budget by one trial; allow generously.
  const runs = Object.keys(datasets).length + (spec.synthetic ? 1 : 0);
  const timeout = (runs * budgets.reduce((a, b) => a + b, 0) * 3 + 300) * 1000;

  const browser = await launchBrowser();
  const server = await startServer({ dir: DIST, base: '/' });
  try {
    const context = await browser.newContext();
    await context.addInitScript((s) => {
      window.__lakelabBenchAutoml = s;
    }, spec);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.text().startsWith('bench_automl:')) process.stderr.write(`browser ${m.text()}\n`);
    });
    await page.goto(server.url + '?bench=automl');
    const pre = page.locator('[data-testid=bench-result]');
    await pre.waitFor({ state: 'attached', timeout });
    const figures = JSON.parse(await pre.textContent());
    await context.close();
    if (errors.length || figures.error) throw new Error(`browser bench failed: ${errors.join('; ') || figures.error}`);
    process.stdout.write(JSON.stringify(figures) + '\n');
  } finally {
    await server.stop();
    await browser.close();
  }
}

main().catch((err) => {
  process.stderr.write(`bench_automl failed: ${err.stack || err}\n`);
  process.exit(1);
});
