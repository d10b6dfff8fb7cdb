// Reset everything: asks first; Cancel changes nothing; confirming erases workspace, progress
// and settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, TEST_TIMEOUT, gotoReady, reloadReady, cell, waitSaved, expectText, waitUntil,
} from './helpers.mjs';

const env = suite();

test('"Reset everything" asks for confirmation, then erases everything', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill('keep me until reset');
    await waitSaved(page, 'keep me until reset');
    await gotoReady(page, url('settings'));
    const name = page.getByLabel('Display name', { exact: true });
    await name.fill('Grace');
    await name.press('Tab');
    await expectText(page.locator('[data-testid=display-name]'), 'Grace');

    const reset = page.getByRole('button', { name: 'Reset everything', exact: true });
    const dialog = page.getByRole('dialog');
    await reset.click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectText(page.locator('[data-testid=display-name]'), 'Grace');

    // Escape closes the dialog too, without erasing.
    await reset.click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expectText(page.locator('[data-testid=display-name]'), 'Grace');

    await reset.click();
    await dialog.getByRole('button', { name: 'Erase everything', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Everything was erased' }).waitFor();
    assert.equal(await page.locator('[data-testid=display-name]').count(), 0);
    await waitUntil(
      () => page.evaluate(() => !(localStorage.getItem('lakelab.settings') ?? '').includes('Grace')),
      { what: 'the stored settings to lose the display name' },
    );

    await reloadReady(page);
    assert.equal(await page.locator('[data-testid=display-name]').count(), 0);
    await gotoReady(page, url('notebook'));
    assert.equal(await cell(page, 1).inputValue(), '');
  }),
);
