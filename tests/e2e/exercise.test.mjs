// An exercise end to end, as a learner does it: find it on the Learn page, read the lesson,
// climb the hint ladder, start it (the starter becomes a notebook), write the missing cells,
// and watch the tasks tick as the sandbox changes; then the solution, the completion, and the
// progress kept after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, expectText, gotoReady, reloadReady, expectH1, waitUntil, cell, waitSaved } from './helpers.mjs';

const env = suite();
const TITLE = 'Create and update a feature table in Unity Catalog';
const done = (page) => page.locator('[data-testid=task][data-done=true]');

const CREATE = [
  'from databricks.feature_engineering import FeatureEngineeringClient',
  'fe = FeatureEngineeringClient()',
  'customers = spark.read.csv("/databricks-datasets/lakelab/churn/customers.csv", header=True, inferSchema=True)',
  'features_df = customers.select("customer_id", "age", "tenure_months", "monthly_spend")',
  'fe.create_table(name="main.ml_features.customer_features", primary_keys=["customer_id"], df=features_df)',
  'print("created")',
].join('\n');
const MERGE = [
  'updates = spark.createDataFrame([(1, 20, 34, 80.0)], ["customer_id", "age", "tenure_months", "monthly_spend"])',
  'fe.write_table(name="main.ml_features.customer_features", df=updates, mode="merge")',
  'print("merged")',
].join('\n');

test('a Section 1 exercise: lesson, hints, starter notebook, tasks ticking, completion kept', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('learn'));
    await page.getByRole('link', { name: TITLE, exact: true }).click();
    await expectH1(page, TITLE);
    assert.equal(await page.locator('[data-testid=task]').count(), 3);
    assert.equal(await done(page).count(), 0);
    await expectText(page.locator('[data-testid=task]').first().locator('p.muted'), 'there is no table main.ml_features.customer_features yet');

    // The hint ladder; the solution only after starting and seeing every hint.
    await page.getByRole('button', { name: 'Show a hint', exact: true }).click();
    await page.getByRole('button', { name: 'Show a hint', exact: true }).click();
    assert.equal(await page.getByTestId('hints').locator('li').count(), 2);
    assert.equal(await page.getByRole('button', { name: 'Show the solution' }).count(), 0);

    await page.getByRole('button', { name: 'Start the exercise', exact: true }).click();
    await expectH1(page, 'Notebook');
    await waitUntil(async () => (await cell(page, 2).inputValue()).includes('# TODO: create the feature table'), { what: 'the starter notebook' });
    assert.match(await cell(page, 1).inputValue(), /^%md\n/);

    await cell(page, 2).fill(CREATE);
    await cell(page, 2).press('Control+Enter');
    await expectText(page.locator('li.cell').nth(1).locator('[data-testid=cell-output] pre'), 'created');
    await cell(page, 3).fill(MERGE);
    await cell(page, 3).press('Control+Enter');
    await expectText(page.locator('li.cell').nth(2).locator('[data-testid=cell-output] pre'), 'merged');
    await waitSaved(page);

    await page.goBack();
    await expectH1(page, TITLE);
    await waitUntil(async () => (await done(page).count()) === 3, { what: 'every task ticked' });
    await expectText(page.getByTestId('exercise-done').locator('.verdict'), 'Exercise complete');
    await page.getByRole('button', { name: 'Show the solution', exact: true }).click();
    assert.match(await page.getByTestId('solution').textContent(), /fe\.write_table/);

    // Kept: the Learn page marks it done, after a reload too.
    await waitUntil(
      async () => (await page.evaluate(() => localStorage.getItem('lakelab.progress') ?? '')).includes('completed_ms'),
      { what: 'completion saved in progress' },
    );
    await reloadReady(page);
    await expectH1(page, TITLE);
    await waitUntil(async () => (await done(page).count()) === 3, { what: 'tasks still ticked after reload' });
    await gotoReady(page, url('learn'));
    await expectText(page.locator('[data-exercise=s1-feature-table] [data-testid=exercise-status]'), 'done');
    await page.getByRole('link', { name: TITLE, exact: true }).click();
    await page.getByRole('link', { name: 'Open your notebook', exact: true }).waitFor();
  }));
