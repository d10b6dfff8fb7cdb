// (i) Content-Security-Policy and the other build artefacts written by scripts/post_build.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, PAGES, gotoReady, expectH1, navLink } from './helpers.mjs';

const env = suite();

function cspOf(html) {
  const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i);
  assert.ok(meta, 'a Content-Security-Policy meta tag');
  return meta[1];
}

test('index.html and 404.html carry a CSP without unsafe-inline', { timeout: TEST_TIMEOUT }, async () => {
  const { url } = env.server;
  for (const [path, status] of [['', 200], ['index.html', 200], ['some/deep/link', 404]]) {
    const res = await fetch(url + path);
    assert.equal(res.status, status, `status of /${path}`);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const csp = cspOf(await res.text());
    assert.ok(!csp.includes('LAKELAB_CSP'), 'placeholder replaced');
    assert.ok(!csp.includes('unsafe-inline'), `no 'unsafe-inline': ${csp}`);
    assert.ok(!/unsafe-eval'/.test(csp.replace("'wasm-unsafe-eval'", '')), "no 'unsafe-eval'");
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/]+=*')+;/);
    assert.match(csp, /object-src 'none'/);
  }
});

test('the app build leaves the benchmark workloads out: ?bench=tracking just opens the app', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('?bench=tracking'));
    assert.equal(await page.locator('[data-testid=bench-result]').count(), 0);
  }),
);

test('no CSP violation while visiting every page', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ context, page, url }) => {
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    await gotoReady(page, url('learn'));
    for (const [, title] of PAGES) {
      await navLink(page, title).click();
      await expectH1(page, title);
    }
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  }),
);

test('sw.js has its build id and precache list; every precached URL is served', { timeout: TEST_TIMEOUT }, async () => {
  const { url } = env.server;
  const res = await fetch(url + 'sw.js');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/javascript/);
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  const sw = await res.text();
  assert.ok(!sw.includes('__LAKELAB_'), 'placeholders replaced');
  assert.match(sw, /const BUILD_ID = '[0-9a-f]{16}';/);
  const precache = JSON.parse(sw.match(/const PRECACHE = (\[.*?\]);/s)[1]);
  assert.ok(precache.includes('./'), 'index precached as ./');
  assert.ok(!precache.includes('sw.js') && !precache.includes('404.html'));
  assert.ok(precache.some((u) => u.endsWith('.wasm')), 'the wasm is precached');
  for (const u of precache) {
    const r = await fetch(new URL(u, url + 'sw.js'));
    assert.equal(r.status, 200, `precached ${u}`);
  }
});

test('MIME types of the build', { timeout: TEST_TIMEOUT }, async () => {
  const { url } = env.server;
  const sw = await (await fetch(url + 'sw.js')).text();
  const precache = JSON.parse(sw.match(/const PRECACHE = (\[.*?\]);/s)[1]);
  const expect = { '.wasm': 'application/wasm', '.js': 'text/javascript', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.css': 'text/css' };
  for (const u of precache) {
    const ext = Object.keys(expect).find((e) => u.endsWith(e));
    if (!ext) continue;
    const r = await fetch(new URL(u, url));
    assert.ok(r.headers.get('content-type').startsWith(expect[ext]), `${u}: ${r.headers.get('content-type')}`);
  }
  const manifest = await (await fetch(url + 'manifest.webmanifest')).json();
  assert.equal(manifest.name, 'Lakelab');
});
