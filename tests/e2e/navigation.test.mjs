// (a) Every page is reachable: by URL (including a reload on a deep link, which the static host
// answers with 404.html), by the nav links (wide and at 375×740 through the Menu button), and by
// keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, PAGES, TEST_TIMEOUT, gotoReady, reloadReady, expectH1, navLink, mainNav, waitUntil,
} from './helpers.mjs';

const env = suite();

async function expectCurrent(page, name) {
  assert.equal(await navLink(page, name).getAttribute('aria-current'), 'page', `nav link ${name} is aria-current=page`);
  for (const [, other] of PAGES) {
    if (other !== name) {
      assert.notEqual(await navLink(page, other).getAttribute('aria-current'), 'page', `only ${name} is current`);
    }
  }
}

test('every page opens by direct URL, and a deep-link reload still renders it', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url(''));
    await expectH1(page, 'Learn');

    for (const [path, title] of PAGES) {
      const res = await gotoReady(page, url(path));
      // A static host has no file for the route: it answers with 404.html (the app) and 404.
      assert.ok([200, 404].includes(res.status()), `status for /${path}: ${res.status()}`);
      await expectH1(page, title);
      await expectCurrent(page, title);
    }

    // Reload on a deep link.
    await gotoReady(page, url('feature-store'));
    await reloadReady(page);
    await expectH1(page, 'Feature Store');
  }),
);

test('an unknown path shows "Page not found" with a link to Learn', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('no/such/page'));
    await expectH1(page, 'Page not found');
    // A link to Learn in the page itself (not the nav one).
    const link = page.locator('a:not(nav[aria-label="Main"] a)').filter({ hasText: 'Learn' });
    assert.ok((await link.count()) >= 1, 'a link to Learn outside the main nav');
    await link.first().click();
    await expectH1(page, 'Learn');
  }),
);

test('the nav links lead to every page in turn', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url, server }) => {
    await gotoReady(page, url('learn'));
    for (const [path, title] of [...PAGES.slice(1), PAGES[0]]) {
      await navLink(page, title).click();
      await expectH1(page, title);
      const expected = path === 'learn' ? [`${server.base}learn`, server.base] : [`${server.base}${path}`];
      assert.ok(expected.includes(new URL(page.url()).pathname), `URL after clicking ${title}: ${page.url()}`);
      await expectCurrent(page, title);
    }
  }),
);

test('at 375×740 the nav is behind a Menu button that toggles it', { timeout: TEST_TIMEOUT }, () =>
  env.withApp({ viewport: { width: 375, height: 740 } }, async ({ page, url }) => {
    await gotoReady(page, url('learn'));
    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    await menu.waitFor({ state: 'visible' });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    assert.equal(await navLink(page, 'Quiz').isVisible(), false, 'nav links hidden until Menu is pressed');

    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await navLink(page, 'Quiz').waitFor({ state: 'visible' });
    // Pressing Menu again closes it.
    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    await waitUntil(async () => !(await navLink(page, 'Quiz').isVisible()), { what: 'nav to hide' });

    for (const [, title] of PAGES.slice(1)) {
      if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
      await navLink(page, title).click();
      await expectH1(page, title);
    }
  }),
);

test('keyboard: Tab reaches the nav links and Enter follows one', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('learn'));
    const focusedNavLink = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return el && el.matches('nav[aria-label="Main"] a') ? el.textContent.trim() : null;
      });
    let reachedNav = false;
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const name = await focusedNavLink();
      if (name) reachedNav = true;
      if (name === 'Notebook') break;
    }
    assert.ok(reachedNav, 'Tab reached a link of the main nav');
    assert.equal(await focusedNavLink(), 'Notebook', 'Tab reached the Notebook link');
    await page.keyboard.press('Enter');
    await expectH1(page, 'Notebook');
    assert.equal(await mainNav(page).count(), 1);
  }),
);
