// The AutoML page, as a learner uses it: pick the bundled churn data (target and metric are
// suggested), start a short run that trains in a Web Worker, watch trials arrive best first,
// read the data preparation, register the best model, and find the experiment after a reload.
// A second run is cancelled mid-way and keeps its finished trials.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, expectText, gotoReady, reloadReady, expectH1, waitUntil, saveStatus, cell } from './helpers.mjs';

const env = suite();
const RUN_TIMEOUT = 90_000;

/** Chooses the churn dataset once the bundled datasets have loaded. */
async function chooseChurn(page) {
  await waitUntil(
    async () => {
      await page.locator('#automl-source').selectOption('bundled:churn');
      return page.locator('#automl-target').isVisible();
    },
    { what: 'the churn dataset' },
  );
}

const status = (page) => page.getByTestId('automl-status');

test('AutoML trains in a worker, ranks trials, registers the best model, survives reload', { timeout: TEST_TIMEOUT * 2 }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('automl'));
    await expectH1(page, 'AutoML');
    await chooseChurn(page);
    assert.equal(await page.locator('#automl-target').inputValue(), 'churn');
    // Data exploration of the chosen data: a row per column, histograms for numbers.
    const explore = page.getByTestId('automl-explore');
    await expectText(explore.locator('p').first(), '2000 rows, 8 columns.');
    const age = explore.locator('tbody tr').filter({ hasText: /^age/ });
    await expectText(age.locator('td').nth(1), 'bigint (numeric)');
    assert.equal(await age.locator('svg.histogram rect').count(), 10);
    await expectText(explore.locator('ul.alerts'), /customer_id' has a different value on every row/);
    assert.equal(await page.locator('#automl-task').inputValue(), 'classification');
    assert.equal(await page.locator('#automl-metric').inputValue(), 'f1');
    // The bundled churn data is noisy (as real churn is): rank by ROC AUC.
    await page.locator('#automl-metric').selectOption('roc_auc');
    await page.locator('#automl-timeout').fill('0.1');
    await page.getByRole('button', { name: 'Start AutoML', exact: true }).click();

    await expectText(status(page), /^Finished: \d+ trials \(/, { timeout: RUN_TIMEOUT });
    const rows = page.locator('[data-testid=automl-leaderboard] tbody tr');
    const n = await rows.count();
    assert.ok(n >= 3, `at least one trial per algorithm, got ${n}`);
    const score = async (i) => Number(await rows.nth(i).locator('td').nth(3).innerText());
    assert.ok((await score(0)) >= (await score(n - 1)), 'best first');
    await expectText(page.locator('[data-testid=automl-leaderboard] thead th').nth(3), 'val_roc_auc');
    assert.ok((await score(0)) > 0.55, 'better than chance on validation data');
    const runNames = await page.locator('[data-testid=automl-leaderboard] tbody tr td:nth-child(2)').allInnerTexts();
    for (const family of ['logistic_regression', 'decision_tree', 'random_forest']) {
      assert.ok(runNames.includes(family), `${family} among ${runNames}`);
    }
    // Data preparation: the id column is dropped with its reason.
    const idRow = page.locator('[data-testid=automl-prep] tbody tr').filter({ hasText: 'customer_id' });
    await expectText(idRow.locator('td').nth(3), /looks like an identifier/);

    // Register the best trial's model.
    await page.locator('#automl-register-name').fill('main.default.churn_automl');
    await page.getByRole('button', { name: 'Register model', exact: true }).click();
    await expectText(page.getByTestId('register-outcome'), /^Registered version 1 of main\.default\.churn_automl\./);

    // The best trial's run, to come back to after the notebook.
    const firstRun = await rows.first().locator('td').nth(1).innerText();
    const runHref = await rows.first().getByRole('link', { name: firstRun, exact: true }).getAttribute('href');

    // The best trial's generated notebook opens in the workspace and runs as it is.
    await page.getByRole('button', { name: 'Open generated notebook', exact: true }).click();
    await page.getByTestId('automl-notebook').getByRole('link', { name: 'Open the notebook', exact: true }).click();
    await waitUntil(async () => (await cell(page, 2).inputValue()).startsWith('import mlflow'), {
      what: "the notebook's import cell",
    });
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await expectText(page.locator('main'), /\{'val_accuracy_score': /, { timeout: RUN_TIMEOUT });

    // The trials are MLflow runs in the workspace: they survive a reload.
    await expectText(saveStatus(page), 'Saved');
    await gotoReady(page, new URL(runHref, page.url()).href);
    await expectText(page.locator('h1'), firstRun);
    await expectText(saveStatus(page), 'Saved');
    await reloadReady(page);
    await expectText(page.locator('h1'), firstRun);
    // The trial's validation figures are artifacts of its run.
    await page.getByRole('navigation', { name: 'Artifact files' }).getByRole('button', { name: /^val_confusion_matrix\.svg / }).click();
    const figure = page.locator('[data-testid=artifact-preview] img');
    await waitUntil(() => figure.evaluate((i) => i.complete && i.naturalWidth > 0), { what: 'the confusion matrix to render' });
    await page.getByRole('navigation', { name: 'Artifact files' }).getByRole('button', { name: /^val_roc_curve_plot\.svg / }).waitFor();
  }));

test('AutoML trains on a CSV file the learner uploads', { timeout: TEST_TIMEOUT * 2 }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('automl'));
    // 120 leads: more visits, more sign-ups, whatever the region.
    const lines = ['visits,region,signed_up'];
    for (let i = 0; i < 120; i++) {
      const visits = i % 12;
      lines.push(`${visits},${['north', 'south', 'east'][i % 3]},${visits >= 6 ? 'yes' : 'no'}`);
    }
    await page.locator('#automl-source').selectOption('upload');
    await page.locator('#automl-upload').setInputFiles({
      name: 'Leads 2024.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(lines.join('\n') + '\n'),
    });
    // The last column is proposed as the target; the profile describes the file.
    await waitUntil(async () => (await page.locator('#automl-target').inputValue()) === 'signed_up', {
      what: 'the uploaded columns',
    });
    await expectText(page.getByTestId('automl-explore').locator('p').first(), '120 rows, 3 columns.');
    await page.locator('#automl-timeout').fill('0.05');
    await page.getByRole('button', { name: 'Start AutoML', exact: true }).click();
    await expectText(status(page), /^Finished: \d+ trials \(/, { timeout: RUN_TIMEOUT });
    const rows = page.locator('[data-testid=automl-leaderboard] tbody tr');
    assert.ok((await rows.count()) >= 1);
    // A clean rule: the best trial separates the classes on validation data.
    assert.equal(Number(await rows.first().locator('td').nth(3).innerText()), 1);
    await expectText(page.locator('main'), /signed_up_leads_2024-/);

    // A file AutoML cannot use says why.
    await page.locator('#automl-upload').setInputFiles({
      name: 'one.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('only\n1\n2\n'),
    });
    await expectText(page.locator('[data-testid=automl-setup] [role=alert]'), /AutoML needs a target column and at least one feature/);
  }));

test('Cancel stops AutoML after the trial in progress and keeps the finished trials', { timeout: TEST_TIMEOUT * 2 }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('automl'));
    await chooseChurn(page);
    await page.locator('#automl-timeout').fill('5');
    await page.getByRole('button', { name: 'Start AutoML', exact: true }).click();
    // The page answers while the worker trains: the first trials show up, then Cancel works.
    await expectText(status(page), /^[1-9]\d* trials, best val_f1_score/, { timeout: RUN_TIMEOUT });
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expectText(status(page), /^Finished: [1-9]\d* trials \(cancelled; the finished trials are kept\)\.$/, {
      timeout: RUN_TIMEOUT,
    });
    const rows = page.locator('[data-testid=automl-leaderboard] tbody tr');
    const shown = Number((await status(page).innerText()).match(/(\d+) trials/)[1]);
    assert.equal(await rows.count(), shown);
    assert.equal(await page.getByRole('button', { name: 'Cancel', exact: true }).count(), 0);
  }));

test('AutoML forecasts the bundled store sales from the page and opens the trial notebook', { timeout: TEST_TIMEOUT * 2 }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('automl'));
    await waitUntil(
      async () => {
        await page.locator('#automl-source').selectOption('bundled:sales');
        return page.locator('#automl-target').isVisible();
      },
      { what: 'the sales dataset' },
    );
    // A time series: the page proposes automl.forecast with the series' settings.
    assert.equal(await page.locator('#automl-task').inputValue(), 'forecast');
    assert.equal(await page.locator('#automl-target').inputValue(), 'sales');
    assert.equal(await page.locator('#automl-time-col').inputValue(), 'date');
    assert.equal(await page.locator('#automl-identity-col').inputValue(), 'store');
    assert.equal(await page.locator('#automl-frequency').inputValue(), 'D');
    assert.equal(await page.locator('#automl-horizon').inputValue(), '7');
    assert.equal(await page.locator('#automl-metric').inputValue(), 'smape');
    // A horizon that is not a whole number of steps is refused with a reason.
    await page.locator('#automl-horizon').fill('0');
    await page.getByRole('button', { name: 'Start AutoML', exact: true }).click();
    await expectText(page.locator('[data-testid=automl-setup] [role=alert]'), /horizon is a whole number of time steps/);
    await page.locator('#automl-horizon').fill('7');
    await page.getByRole('button', { name: 'Start AutoML', exact: true }).click();

    await expectText(status(page), 'Finished: 4 trials (all trials done).', { timeout: RUN_TIMEOUT });
    const board = page.getByTestId('automl-leaderboard');
    await expectText(board.getByTestId('automl-forecast-about'), /^Forecast of 'sales' by 'date', 7 step\(s\) ahead at frequency D, one series per store;/);
    // Cross-validated: a val_ column and no test_ column.
    const heads = await board.locator('thead th').allInnerTexts();
    assert.deepEqual(heads, ['#', 'Run', 'Model', 'val_smape', 'Duration']);
    const rows = board.locator('tbody tr');
    assert.equal(await rows.count(), 4);
    const names = await board.locator('tbody tr td:nth-child(2)').allInnerTexts();
    assert.deepEqual([...names].sort(), ['drift', 'linear_trend', 'seasonal_naive', 'seasonal_trend']);
    // Weekends sell more: a weekly-seasonal model ranks first, lower sMAPE first.
    assert.ok(['seasonal_naive', 'seasonal_trend'].includes(names[0]), names.join(', '));
    const smape = async (i) => Number(await rows.nth(i).locator('td').nth(3).innerText());
    assert.ok((await smape(0)) <= (await smape(3)), 'best first');

    // The best trial's notebook loads the logged model and forecasts the next week.
    await page.getByRole('button', { name: 'Open generated notebook', exact: true }).click();
    await page.getByTestId('automl-notebook').getByRole('link', { name: 'Open the notebook', exact: true }).click();
    await waitUntil(async () => (await cell(page, 2).inputValue()).startsWith('import mlflow'), {
      what: "the notebook's import cell",
    });
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await expectText(page.locator('main'), /\{'val_coverage': /, { timeout: RUN_TIMEOUT });
  }));
