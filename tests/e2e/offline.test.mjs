// (d) Offline: after one online visit the service worker serves the app; deep links render and
// edits still save. To be sure nothing comes from the network, the browser context goes offline
// AND the static server is stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, TEST_TIMEOUT, gotoReady, reloadReady, expectH1, cell, waitSaved, waitControlled, waitUntil,
} from './helpers.mjs';

const env = suite();

test('after one visit the app works offline, on deep links too, and still saves', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ context, page, url, server }) => {
    await gotoReady(page, url(''));
    await waitControlled(page);

    await context.setOffline(true);
    await server.stop();

    await reloadReady(page);
    await expectH1(page, 'Learn');

    await gotoReady(page, url('notebook'));
    await expectH1(page, 'Notebook');
    const text = 'written while offline 5e8b';
    await cell(page, 1).fill(text);
    await waitSaved(page, text);

    await reloadReady(page);
    assert.equal(await cell(page, 1).inputValue(), text);

    // Another deep link, opened directly.
    await gotoReady(page, url('quiz'));
    await expectH1(page, 'Quiz');

    // The bundled datasets come from the service worker's cache too: a notebook cell reads one.
    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill("print(spark.read.csv('/databricks-datasets/lakelab/churn/customers.csv', header=True).count())");
    // The app fetches them just after start-up; until then the cell says so: run it again.
    const out = page.locator('li.cell').first().locator('[data-testid=cell-output] pre');
    await waitUntil(
      async () => {
        await cell(page, 1).press('Control+Enter');
        await out.first().waitFor();
        const text = await out.first().textContent();
        if (text.includes('PATH_NOT_FOUND')) assert.match(text, /The bundled datasets are still loading/);
        return text.trim() === '2000';
      },
      { what: 'the dataset read offline' },
    );
  }),
);
