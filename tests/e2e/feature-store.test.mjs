// The Feature Store page, as a learner uses it: create a feature table from a bundled
// dataset (picking its key), find it by search, read its schema, rows and history, tag it,
// preview a training set, publish it to an online store and measure lookups, see a bad CSV
// upload refused with the client's message, and find it all again after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, expectText, gotoReady, reloadReady, expectH1, waitUntil, saveStatus } from './helpers.mjs';

const env = suite();
const TABLE = 'main.default.customers';

/** Chooses a data source; the bundled datasets load in the background after start-up. */
async function chooseSource(page, value) {
  await waitUntil(
    async () => {
      await page.locator('#feature-source').selectOption(value);
      return page.locator('#feature-name').isVisible();
    },
    { what: `the columns of ${value}` },
  );
}

test('create a feature table from a bundled dataset, browse, tag, preview, publish, reload', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('feature-store'));
    await expectH1(page, 'Feature Store');
    await expectText(page.getByTestId('no-feature-tables'), /^No feature tables yet/);

    await chooseSource(page, 'dataset:churn/customers.csv');
    assert.equal(await page.locator('#feature-name').inputValue(), TABLE);
    // No key yet: the client's rule answers.
    await page.getByRole('button', { name: 'Create feature table', exact: true }).click();
    await expectText(page.getByTestId('feature-create-error'), 'primary_keys can not be empty.');
    await page.getByRole('checkbox', { name: 'customer_id', exact: true }).check();
    await page.locator('#feature-description').fill('Customer features for churn');
    await page.getByRole('button', { name: 'Create feature table', exact: true }).click();
    await expectText(page.getByTestId('feature-create-result'), `Created ${TABLE} from churn/customers.csv. Open the table`);

    // The list, and its search by name, key and tag.
    const rows = page.locator('[data-testid=feature-tables] tbody tr');
    assert.equal(await rows.count(), 1);
    await expectText(rows.first().locator('td').nth(2), '2000');
    await page.locator('#feature-search').fill('customer_id');
    assert.equal(await rows.count(), 1);
    await page.locator('#feature-search').fill('nothing-like-this');
    await expectText(page.getByTestId('no-feature-tables'), 'No feature table matches the search.');
    await page.locator('#feature-search').fill('');

    await rows.first().getByRole('link', { name: TABLE, exact: true }).click();
    await expectText(page.getByTestId('feature-table-name'), TABLE);
    const keyRow = page.locator('[data-testid=feature-schema] tbody tr').first();
    await expectText(keyRow, 'customer_idbigintprimary key0');
    await expectText(page.locator('.table-pager').first(), /^2000 rows \(the first 500 are kept\); showing 1–50/);
    const history = page.locator('[data-testid=feature-history] tbody tr');
    assert.equal(await history.count(), 2);
    await expectText(history.nth(0).locator('td').nth(3), 'WRITE');
    await expectText(history.nth(0).locator('td').nth(5), '+2000');
    await expectText(history.nth(1).locator('td').nth(3), 'CREATE TABLE');

    // Tags.
    await page.locator('#feature-tag-key').fill('team');
    await page.locator('#feature-tag-value').fill('growth');
    await page.getByRole('button', { name: 'Set tag', exact: true }).click();
    await expectText(page.getByTestId('feature-tags'), 'team = growth Remove');

    // A training set: churn labels joined by customer_id.
    await page.locator('#preview-labels').selectOption('churn/churn_labels.csv');
    await page.locator('#preview-key').selectOption('customer_id');
    await page.locator('#preview-label').selectOption('churn');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByTestId('training-preview');
    await expectText(
      preview.locator('thead tr'),
      'customer_idchurnagecontractmonthly_spendnum_support_callsregiontenure_months',
    );

    // Publish: TRIGGERED needs Change Data Feed; SNAPSHOT does not.
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expectText(page.getByTestId('publish-error'), /^Change Data Feed must be enabled on the source table/);
    await page.locator('#online-mode').selectOption('SNAPSHOT');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expectText(page.getByTestId('publish-result'), `Published 2000 rows to ${TABLE}_online (source version 1).`);
    const online = page.getByTestId('online-status');
    await expectText(online.locator('tbody tr td').nth(4), /^up to date \(version 1,/);
    await online.getByRole('button', { name: 'Measure', exact: true }).click();
    await expectText(page.getByTestId('latency'), /^Online point lookup: [\d.]+ µs per key \(1000 keys\)\. Offline scan of the Delta table \(2000 rows\): \d+ µs per key \(20 of 20 found\)\.$/);

    // After a reload everything is still there (the table data is stored with the workspace).
    await expectText(saveStatus(page), 'Saved', { timeout: 20_000 });
    await reloadReady(page);
    await expectText(page.getByTestId('feature-table-name'), TABLE);
    await expectText(page.getByTestId('feature-tags'), 'team = growth Remove');
    await expectText(page.locator('[data-testid=feature-schema] tbody tr').first(), 'customer_idbigintprimary key0');
    await gotoReady(page, url('feature-store'));
    await page.locator('#feature-search').fill('growth');
    assert.equal(await rows.count(), 1, 'found by its tag');
    await page.locator('#feature-search').fill('online');
    await expectText(rows.first().locator('td').nth(5), `online table of ${TABLE}`);
  }),
);

test('an uploaded CSV with duplicate keys is refused with the client message', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('feature-store'));
    await page.locator('#feature-source').selectOption('upload');
    await page.locator('#feature-upload').setInputFiles({
      name: 'my scores.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('id,score\n1,0.5\n1,0.7\n2,0.1\n'),
    });
    await page.locator('#feature-name').waitFor();
    assert.equal(await page.locator('#feature-name').inputValue(), 'main.default.my_scores');
    await page.getByRole('checkbox', { name: 'id', exact: true }).check();
    await page.getByRole('button', { name: 'Create feature table', exact: true }).click();
    await expectText(
      page.getByTestId('feature-create-error'),
      "Non-unique rows detected in input dataframe for key combination ['id'].",
    );
    assert.equal(await page.locator('[data-testid=feature-tables] tbody tr').count(), 0, 'a failed create leaves no table');
  }),
);
