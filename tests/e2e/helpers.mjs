// Shared helpers for the Lakelab end-to-end suite (node --test + playwright-core).
//
// - startServer(): runs scripts/static_server.py on a free port for a built dist (optionally under
//   a sub-path), waits until it answers, and stops it afterwards.
// - suite(): per test file, one Chromium and one server; withApp() gives each test a fresh
//   browser context (fresh storage) and fails the test if any page error or console error shows up.
// - small polling/assert helpers, since playwright-core has no `expect`.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.resolve(ROOT, process.env.LAKELAB_DIST || 'dist');
export const DIST_SUB = path.resolve(ROOT, process.env.LAKELAB_DIST_SUB || 'dist-sub');
// The build with the benchmark workloads (`--features bench`); the app build leaves them out.
export const DIST_BENCH = path.resolve(ROOT, process.env.LAKELAB_DIST_BENCH || 'dist-bench');
export const SUB_BASE = '/lakelab/';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  // The machine's network is closed: without these Chromium keeps trying to reach Google.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];
/** Generous: a cold release build of the app loads in well under a second here. */
export const READY_TIMEOUT = 30_000;
export const TEST_TIMEOUT = 120_000;

/** The pages of the UI contract: [path relative to the base URL, h1 text]. */
export const PAGES = [
  ['learn', 'Learn'],
  ['notebook', 'Notebook'],
  ['experiments', 'Experiments'],
  ['catalog', 'Catalog'],
  ['feature-store', 'Feature Store'],
  ['automl', 'AutoML'],
  ['serving', 'Serving'],
  ['quiz', 'Quiz'],
  ['progress', 'Progress'],
  ['settings', 'Settings'],
];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Serve `dir` with scripts/static_server.py on a free port.
 * Returns { url, origin, base, stop() }; `url` ends with the base path, e.g. http://127.0.0.1:41234/lakelab/.
 */
export async function startServer({ dir = DIST, base = '/' } = {}) {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html not found: build first (scripts/test.sh build)`);
  }
  const child = spawn(
    'python3',
    [path.join(ROOT, 'scripts/static_server.py'), '--dir', dir, '--port', '0', '--base', base, '--quiet'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // The server's first stdout line is "listening on http://HOST:PORT/BASE".
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('static_server.py did not start in 10 s')), 10_000);
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      const m = buf.match(/listening on (\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`static_server.py exited early (${code})`)));
  });
  child.stdout.resume();
  // Never leave a server behind, even when the test process dies.
  const killChild = () => child.kill('SIGTERM');
  process.once('exit', killChild);
  // Wait until it really answers.
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      break;
    } catch (err) {
      if (i > 100) throw err;
      await sleep(100);
    }
  }
  const origin = new URL(url).origin;
  return {
    url,
    origin,
    base,
    dir,
    async stop() {
      process.removeListener('exit', killChild);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll `fn` until it returns a truthy value (returned) or time runs out (throws with `what`). */
export async function waitUntil(fn, { timeout = 10_000, interval = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${describe(last)})`);
    }
    await sleep(interval);
  }
}

function describe(v) {
  if (v instanceof Error) return v.message;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** Wait until the locator's trimmed text equals (string) or matches (RegExp) `expected`. */
export async function expectText(locator, expected, { timeout = 10_000 } = {}) {
  let text;
  try {
    await waitUntil(
      async () => {
        text = ((await locator.first().textContent({ timeout: 1000 })) ?? '').trim();
        return expected instanceof RegExp ? expected.test(text) : text === expected;
      },
      { timeout },
    );
  } catch {
    assert.fail(`expected text ${expected} but found ${JSON.stringify(text)}`);
  }
}

/**
 * Error collection for a whole browser context: every page's `pageerror` and console errors.
 * The only console error ignored by default is Chromium's "Failed to load resource ... 404" for a
 * main-frame navigation that the static host answered with 404.html (how deep links work on a
 * static host) or for /favicon.ico. `allow` adds RegExps for expected messages (panic test).
 */
export function collectErrors(context, { allow = [] } = {}) {
  const errors = [];
  const notFoundDocuments = new Set();
  const attach = (page) => {
    page.on('response', (res) => {
      if (res.status() === 404 && res.request().isNavigationRequest()) notFoundDocuments.add(res.url());
    });
    page.on('pageerror', (err) => {
      const text = `pageerror: ${err.message}`;
      if (!allow.some((re) => re.test(text))) errors.push(`${page.url()} ${text}`);
    });
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      const where = msg.location()?.url ?? '';
      const expected404 =
        /^Failed to load resource: the server responded with a status of 404/.test(text) &&
        (notFoundDocuments.has(where) || where.endsWith('/favicon.ico'));
      if (expected404 || allow.some((re) => re.test(text))) return;
      errors.push(`${page.url()} console.error: ${text}${where ? ` (${where})` : ''}`);
    });
  };
  context.pages().forEach(attach);
  context.on('page', attach);
  return {
    errors,
    assertNone() {
      assert.deepEqual(errors, [], `page errors or console errors:\n${errors.join('\n')}`);
    },
  };
}

/**
 * Per test file: one browser and one static server (dist/, dist-sub/ with `sub: true`, or
 * dist-bench/ with `bench: true`).
 * Returns an object whose fields are filled in by the `before` hook.
 */
export function suite({ sub = false, bench = false, server: serverOptions } = {}) {
  const env = { browser: null, server: null };
  before(async () => {
    env.browser = await launchBrowser();
    const dir = bench ? DIST_BENCH : DIST;
    env.server = await startServer(serverOptions ?? (sub ? { dir: DIST_SUB, base: SUB_BASE } : { dir }));
  });
  after(async () => {
    await env.server?.stop();
    await env.browser?.close();
  });
  /**
   * Run `body({ context, page, url, server, errors })` in a fresh context; the context is closed
   * afterwards and the test fails on any collected error. `url(p)` = the served base URL + p.
   */
  env.withApp = async (options, body) => {
    if (typeof options === 'function') [options, body] = [{}, options];
    const { allowErrors = [], ...contextOptions } = options;
    const context = await env.browser.newContext({ acceptDownloads: true, ...contextOptions });
    context.setDefaultTimeout(15_000); // per action; readiness waits have their own READY_TIMEOUT
    const errors = collectErrors(context, { allow: allowErrors });
    const page = await context.newPage();
    const url = (p = '') => env.server.url + p.replace(/^\//, '');
    try {
      await body({ context, page, url, server: env.server, errors });
      errors.assertNone();
    } catch (err) {
      if (errors.errors.length) err.message += `\n(also collected errors:\n${errors.errors.join('\n')})`;
      throw err;
    } finally {
      await context.close();
    }
  };
  return env;
}

/** Navigate and wait until the app says it is mounted and has loaded stored state. */
export async function gotoReady(page, url) {
  const res = await page.goto(url);
  await waitReady(page);
  return res;
}

export async function waitReady(page) {
  await page.locator('[data-testid=app-ready]').waitFor({ state: 'attached', timeout: READY_TIMEOUT });
}

export async function reloadReady(page) {
  const res = await page.reload();
  await waitReady(page);
  return res;
}

export const h1 = (page) => page.locator('h1');

/** The page has exactly one h1 and it reads `text`. */
export async function expectH1(page, text) {
  await expectText(h1(page), text);
  assert.equal(await h1(page).count(), 1, 'exactly one <h1> per page');
}

export const mainNav = (page) => page.getByRole('navigation', { name: 'Main', includeHidden: true });
export const navLink = (page, name) => mainNav(page).getByRole('link', { name, exact: true, includeHidden: true });
export const cell = (page, n) => page.getByRole('textbox', { name: `Cell ${n}`, exact: true });
export const saveStatus = (page) => page.locator('[data-testid=save-status]');

/** The IndexedDB record lakelab/state/workspace, or null. Does not create the database. */
export async function readWorkspaceRecord(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('lakelab');
        open.onupgradeneeded = () => {
          // The app has not created the database yet: do not create it for it.
          open.transaction.abort();
        };
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('state')) {
            db.close();
            resolve(null);
            return;
          }
          const get = db.transaction('state', 'readonly').objectStore('state').get('workspace');
          get.onsuccess = () => {
            db.close();
            resolve(get.result ?? null);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

/** Overwrite lakelab/state/workspace (the app must already have created the store). */
export async function writeWorkspaceRecord(page, record) {
  return page.evaluate(
    (record) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('lakelab');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('state')) {
            db.close();
            reject(new Error('IndexedDB lakelab has no object store "state" (the app did not create it)'));
            return;
          }
          const tx = db.transaction('state', 'readwrite');
          tx.objectStore('state').put(record, 'workspace');
          tx.oncomplete = () => {
            db.close();
            resolve(true);
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    record,
  );
}

/**
 * After an edit: wait until the stored workspace body contains `text` (proof that it was written
 * to IndexedDB) and the save status reads "Saved".
 */
export async function waitSaved(page, text) {
  if (text !== undefined) {
    await waitUntil(
      async () => {
        const rec = await readWorkspaceRecord(page);
        return rec && typeof rec.body === 'string' && rec.body.includes(jsonEscaped(text));
      },
      { timeout: 10_000, what: `IndexedDB workspace record to contain ${JSON.stringify(text)}` },
    );
  }
  await expectText(saveStatus(page), 'Saved');
}

/** The form a plain string takes inside a JSON document (the body is a JSON envelope). */
export function jsonEscaped(text) {
  return JSON.stringify(text).slice(1, -1);
}

/** Save a Playwright download and return its content as a Buffer (and its suggested name). */
export async function downloadContent(download) {
  const file = await download.path();
  return { name: download.suggestedFilename(), path: file, content: await readFile(file) };
}

/** Wait until a service worker is active and controls the page (reload once if it does not). */
export async function waitControlled(page) {
  await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then(() => true),
      new Promise((_, reject) => setTimeout(() => reject(new Error('navigator.serviceWorker.ready did not resolve in 20 s')), 20_000)),
    ]),
  );
  const controlled = () => page.evaluate(() => !!navigator.serviceWorker.controller);
  try {
    await waitUntil(controlled, { timeout: 5_000, what: 'navigator.serviceWorker.controller' });
  } catch {
    await reloadReady(page);
    await waitUntil(controlled, { timeout: 10_000, what: 'navigator.serviceWorker.controller after a reload' });
  }
}

/** The sample experiment's name (Settings → "Add sample experiment"). */
export const SAMPLE = '/Shared/lakelab-demo/churn-sample';

/** Adds the sample experiment, waits until it is saved, and opens its runs. */
export async function openSample(page, url) {
  await gotoReady(page, url('settings'));
  await page.getByRole('button', { name: 'Add sample experiment', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Added the sample experiment' }).waitFor();
  await expectText(page.locator('[data-testid=save-status]'), 'Saved');
  await gotoReady(page, url('experiments'));
  await page.getByRole('link', { name: SAMPLE, exact: true }).click();
  await expectText(page.getByRole('heading', { level: 2, name: SAMPLE }), SAMPLE);
}
