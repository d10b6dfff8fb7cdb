// (b) A change survives a reload: notebook text (IndexedDB), theme and display name (localStorage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, TEST_TIMEOUT, gotoReady, reloadReady, cell, waitSaved, expectText, waitUntil,
} from './helpers.mjs';

const env = suite();

test('notebook text typed into Cell 1 survives a reload', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    const text = 'x = 40 + 2  # persisted by the e2e suite';
    await cell(page, 1).fill('');
    await cell(page, 1).pressSequentially(text);
    await waitSaved(page, text);

    await reloadReady(page);
    assert.equal(await cell(page, 1).inputValue(), text);
  }),
);

test('"Add cell" adds Cell 2, which is saved too', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    const before = await page.getByRole('textbox', { name: /^Cell \d+$/ }).count();
    await page.getByRole('button', { name: 'Add cell', exact: true }).click();
    const n = before + 1;
    await cell(page, n).waitFor();
    await cell(page, n).fill(`second cell ${n}`);
    await waitSaved(page, `second cell ${n}`);
    await reloadReady(page);
    assert.equal(await cell(page, n).inputValue(), `second cell ${n}`);
  }),
);

test('the Dark theme survives a reload', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('settings'));
    // A role=radiogroup, or the native <fieldset><legend>Theme</legend> (role group) of radios.
    const theme = page
      .getByRole('radiogroup', { name: 'Theme', exact: true })
      .or(page.getByRole('group', { name: 'Theme', exact: true }));
    const storedSettings = () => page.evaluate(() => localStorage.getItem('lakelab.settings'));
    // Settings are saved (debounced) to localStorage: wait for the write before reloading.
    const waitStored = async (re) => {
      // (the value may hold the envelope as an escaped JSON string: compare without backslashes)
      const plain = async () => ((await storedSettings()) ?? '').replace(/\\/g, '');
      await waitUntil(async () => re.test(await plain()), { what: `lakelab.settings to match ${re}` });
    };
    await theme.getByRole('radio', { name: 'Dark', exact: true }).check();
    const dataTheme = () => page.evaluate(() => document.documentElement.getAttribute('data-theme'));
    await waitUntil(async () => (await dataTheme()) === 'dark', { what: 'html[data-theme=dark]' });
    await waitStored(/"theme":\s*"dark"/);

    await reloadReady(page);
    assert.equal(await dataTheme(), 'dark');
    assert.ok(await theme.getByRole('radio', { name: 'Dark', exact: true }).isChecked());

    // Light, then System.
    await theme.getByRole('radio', { name: 'Light', exact: true }).check();
    await waitUntil(async () => (await dataTheme()) === 'light', { what: 'html[data-theme=light]' });
    await theme.getByRole('radio', { name: 'System', exact: true }).check();
    await waitUntil(async () => [null, 'system'].includes(await dataTheme()), { what: 'system theme' });
    await waitStored(/"theme":\s*"system"/);
    await reloadReady(page);
    assert.ok([null, 'system'].includes(await dataTheme()));
  }),
);

test('the display name is shown in the header and survives a reload', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('settings'));
    const name = 'Ada Lovelace';
    const input = page.getByLabel('Display name', { exact: true });
    await input.fill(name);
    await input.press('Tab'); // commit on change as well as on input
    await expectText(page.locator('[data-testid=display-name]'), name);
    await waitUntil(
      () => page.evaluate((name) => (localStorage.getItem('lakelab.settings') ?? '').includes(name), name),
      { what: 'localStorage lakelab.settings to hold the name' },
    );

    await reloadReady(page);
    await expectText(page.locator('[data-testid=display-name]'), name);
    assert.equal(await page.getByLabel('Display name', { exact: true }).inputValue(), name);
  }),
);

test('hostile text stays inert: markup in names and cells is shown as text', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    const hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    await gotoReady(page, url('settings'));
    const input = page.getByLabel('Display name', { exact: true });
    await input.fill(hostile);
    await input.press('Tab');
    await expectText(page.locator('[data-testid=display-name]'), hostile);
    assert.equal(await page.locator('header img, header b').count(), 0, 'no element was created');

    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill('<script>window.__pwned=2</script>');
    await waitSaved(page, '<script>window.__pwned=2</script>');
    await reloadReady(page);
    await expectText(page.locator('[data-testid=display-name]'), hostile);
    assert.equal(await cell(page, 1).inputValue(), '<script>window.__pwned=2</script>');
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no injected code ran');
    assert.equal(await page.locator('main script, main img').count(), 0);
  }),
);
