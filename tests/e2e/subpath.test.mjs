// (g) The build made with --public-url /lakelab/ works when hosted under /lakelab/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, TEST_TIMEOUT, SUB_BASE, PAGES, gotoReady, reloadReady, expectH1, navLink, mainNav, waitControlled,
} from './helpers.mjs';

const env = suite({ sub: true });

test('deep link, nav links and service worker stay under /lakelab/', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url, server }) => {
    const requested = [];
    page.on('request', (req) => requested.push(req.url()));

    await gotoReady(page, `${server.origin}${SUB_BASE}settings`);
    await expectH1(page, 'Settings');

    const hrefs = await mainNav(page).locator('a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
    assert.equal(hrefs.length, PAGES.length, `nav has ${PAGES.length} links: ${hrefs}`);
    for (const href of hrefs) assert.ok(href.startsWith(SUB_BASE), `nav link ${href} is under ${SUB_BASE}`);

    await navLink(page, 'Quiz').click();
    await expectH1(page, 'Quiz');
    assert.equal(new URL(page.url()).pathname, `${SUB_BASE}quiz`);
    await reloadReady(page);
    await expectH1(page, 'Quiz');

    await waitControlled(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.ok(new URL(scope).pathname.startsWith(SUB_BASE), `service worker scope ${scope}`);

    const outside = requested.filter((u) => u.startsWith(server.origin) && !new URL(u).pathname.startsWith(SUB_BASE));
    assert.deepEqual(outside, [], 'no request left the sub-path');
  }),
);

test('the root of the sub-path shows Learn; every in-app link on every page stays under /lakelab/', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url, server }) => {
    await gotoReady(page, url(''));
    await expectH1(page, 'Learn');
    for (const path of [...PAGES.map(([p]) => p), 'no/such/page']) {
      await gotoReady(page, url(path));
      const links = await page
        .locator('a[href]')
        .evaluateAll((as) => as.map((a) => ({ text: a.textContent.trim(), url: a.href })));
      for (const { text, url: href } of links) {
        const u = new URL(href);
        if (u.origin !== server.origin || u.protocol === 'blob:') continue;
        assert.ok(u.pathname.startsWith(SUB_BASE), `/${path}: link "${text}" -> ${u.pathname} is under ${SUB_BASE}`);
      }
    }
  }),
);
