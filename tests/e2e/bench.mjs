// Lakelab benchmark: prints ONE JSON object on stdout (everything else goes to stderr).
// Run by scripts/bench.sh after a release build:
//   node tests/e2e/bench.mjs --dist dist --sizes sizes.json [--native native.json] [--pandas pandas.json]
// where sizes.json holds the byte counts computed by bench.sh (python gzip, level 9).
//
// Measurements are a list: each has a name and an async run(ctx) returning a JSON value that is
// stored under that name. Later capabilities add workloads by appending to MEASUREMENTS.
//
// first_render_ms: in a fresh browser context per run (no service worker, no HTTP cache), the
// time from navigation start (performance.timeOrigin, i.e. performance.now() = 0) until the
// element [data-testid=app-ready] is first attached to the document. An init script installs a
// MutationObserver before any page script runs and records performance.now() at the first
// mutation batch in which the element exists, so the value does not include Playwright's
// polling or round-trip latency. (If the observer did not fire, performance.now() read right
// after waitForSelector is used instead and "method" says so.)

import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, startServer, ROOT, READY_TIMEOUT } from './helpers.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const DIST = path.resolve(ROOT, arg('--dist', 'dist'));
const SIZES = arg('--sizes', null);
const NATIVE = arg('--native', null);
const PANDAS = arg('--pandas', null);
// `--only browser_serving,first_render_ms`: just these measurements (on an existing build).
const ONLY = arg('--only', null)?.split(',');
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS || arg('--runs', 7)));
const BUDGET_WASM_GZIP = 1_572_864; // 1.5 MiB

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const round = (x) => Math.round(x * 10) / 10;
  return { median: round(median), min: round(sorted[0]), max: round(sorted.at(-1)), runs: values.length };
}

function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (m) cpu = m[1].trim();
  } catch {}
  let osName = `${os.type()} ${os.release()}`;
  try {
    const m = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)"?$/m);
    if (m) osName = `${m[1]} (${os.type()} ${os.release()})`;
  } catch {}
  return { nproc: os.availableParallelism?.() ?? os.cpus().length, cpu_model: cpu, os: osName };
}

const MEASUREMENTS = [
  {
    // The engine workloads of core/src/bench.rs, run by the release wasm in Chromium
    // (the same work as result.native, which scripts/bench.sh measures natively).
    name: 'browser',
    async run({ browser, server }) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url + '?bench=tracking');
      const pre = page.locator('[data-testid=bench-result]');
      await pre.waitFor({ state: 'attached', timeout: 120_000 });
      const figures = JSON.parse(await pre.textContent());
      await context.close();
      if (errors.length || figures.error) throw new Error(`browser bench failed: ${errors.join('; ') || figures.error}`);
      return figures;
    },
  },
  {
    // The serving workloads of core/src/bench_serving.rs (realtime p50/p99 over 10,000
    // requests with and without online feature lookup; batch scoring of 100,000 rows).
    name: 'browser_serving',
    async run({ browser, server }) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url + '?bench=serving');
      const pre = page.locator('[data-testid=bench-result]');
      await pre.waitFor({ state: 'attached', timeout: 600_000 });
      const figures = JSON.parse(await pre.textContent());
      await context.close();
      if (errors.length || figures.error) throw new Error(`browser serving bench failed: ${errors.join('; ') || figures.error}`);
      return figures;
    },
  },
  {
    name: 'first_render_ms',
    async run({ browser, server }) {
      const times = [];
      let method = 'MutationObserver';
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext();
        await context.addInitScript(() => {
          const seen = () => {
            if (window.__lakelabReadyAt === undefined && document.querySelector('[data-testid=app-ready]')) {
              window.__lakelabReadyAt = performance.now();
            }
          };
          new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true });
        });
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(server.url, { waitUntil: 'commit' });
        await page.waitForSelector('[data-testid=app-ready]', { state: 'attached', timeout: READY_TIMEOUT });
        const { observed, now } = await page.evaluate(() => ({ observed: window.__lakelabReadyAt, now: performance.now() }));
        if (errors.length) throw new Error(`page errors during run ${i}: ${errors.join('; ')}`);
        if (observed === undefined) method = 'performance.now() after waitForSelector';
        times.push(observed ?? now);
        await context.close();
      }
      return { ...stats(times), method, from: 'navigation start (performance.timeOrigin)', to: '[data-testid=app-ready] attached' };
    },
  },
];

async function main() {
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html not found`);
  const sizes = SIZES ? JSON.parse(await readFile(SIZES, 'utf8')) : {};
  const result = { machine: machine(), ...sizes };
  if (NATIVE) result.native = JSON.parse(await readFile(NATIVE, 'utf8'));
  // The same feature-store workloads in pandas on this machine (scripts/bench_pandas.py).
  if (PANDAS) result.pandas = JSON.parse(await readFile(PANDAS, 'utf8'));

  const browser = await launchBrowser();
  const server = await startServer({ dir: DIST, base: '/' });
  try {
    const unknown = (ONLY ?? []).filter((n) => !MEASUREMENTS.some((m) => m.name === n));
    if (unknown.length) throw new Error(`--only: no measurement named ${unknown.join(', ')}`);
    for (const m of MEASUREMENTS) {
      if (ONLY && !ONLY.includes(m.name)) continue;
      process.stderr.write(`bench: ${m.name}...\n`);
      result[m.name] = await m.run({ browser, server });
    }
  } finally {
    await server.stop();
    await browser.close();
  }
  result.budget_wasm_gzip_bytes = BUDGET_WASM_GZIP;
  result.within_budget = typeof result.wasm_gzip_bytes === 'number' && result.wasm_gzip_bytes <= BUDGET_WASM_GZIP;
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack || err}\n`);
  process.exit(1);
});
