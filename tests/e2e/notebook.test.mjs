// The notebook: type Python, run it with Shift+Enter, see its output and the run it logged
// on the Experiments page; errors show Python's traceback with the line; names persist
// across cells until Restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, gotoReady, expectText, waitUntil, cell, saveStatus } from './helpers.mjs';

const env = suite();
const output = (page, n) => page.locator('li.cell').nth(n - 1).locator('[data-testid=cell-output]');

test('a cell run with Shift+Enter logs a run that the Experiments page shows', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    const first = cell(page, 1);
    await first.click();
    // Typed as a learner types: Enter keeps the indentation after the colon.
    await page.keyboard.type('import mlflow');
    await page.keyboard.press('Enter');
    await page.keyboard.type("with mlflow.start_run(run_name='from-notebook') as run:");
    await page.keyboard.press('Enter');
    await page.keyboard.type("mlflow.log_metric('accuracy', 0.92)");
    await page.keyboard.press('Enter');
    await page.keyboard.type("mlflow.log_param('max_depth', 5)");
    await page.keyboard.press('Enter');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type("print('logged', run.info.run_name)");
    assert.equal(
      await first.inputValue(),
      "import mlflow\nwith mlflow.start_run(run_name='from-notebook') as run:\n    mlflow.log_metric('accuracy', 0.92)\n    mlflow.log_param('max_depth', 5)\nprint('logged', run.info.run_name)",
    );
    await page.keyboard.press('Shift+Enter');
    await expectText(output(page, 1).locator('pre'), 'logged from-notebook');
    // Shift+Enter moved on to a new cell, focused.
    await waitUntil(() => page.evaluate(() => document.activeElement?.id?.startsWith('cell-')), { what: 'the next cell to have focus' });
    assert.equal(await page.locator('li.cell').count(), 2);

    // Names persist: the second cell uses `run` from the first.
    await cell(page, 2).fill("mlflow.get_run(run.info.run_id).data.metrics");
    await cell(page, 2).press('Control+Enter');
    await expectText(output(page, 2).locator('pre'), "{'accuracy': 0.92}");

    // The run is on the Experiments page, in the Default experiment, and saved.
    await expectText(saveStatus(page), 'Saved');
    await gotoReady(page, url('experiments'));
    await page.getByRole('link', { name: 'Default', exact: true }).click();
    await page.getByRole('link', { name: 'from-notebook', exact: true }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'from-notebook' });
    assert.match(await row.textContent(), /0\.92/);
  }),
);

test('errors show the traceback with the line; Restart forgets names', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill("x = 1\nimport mlflow\nmlflow.log_metric('acc', 'high')");
    await page.getByRole('button', { name: 'Run Cell 1', exact: true }).click();
    const alert = output(page, 1).getByRole('alert');
    await expectText(alert.locator('.error-line'), 'Error on line 3');
    // The editor marks that line.
    await expectText(page.locator('li.cell').first().locator('.highlight .line.error-line'), "mlflow.log_metric('acc', 'high')");
    await expectText(
      alert.locator('pre'),
      /^Traceback \(most recent call last\):\n  File "<cell>", line 3, in <module>\n    mlflow\.log_metric\('acc', 'high'\)\nmlflow\.exceptions\.MlflowException: Got invalid value high for metric 'acc'/,
    );
    await cell(page, 1).fill('print(x + 1)');
    await cell(page, 1).press('Control+Enter');
    await expectText(output(page, 1).locator('pre'), '2');
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await cell(page, 1).press('Control+Enter');
    await expectText(output(page, 1).locator('pre'), /NameError: name 'x' is not defined$/);
  }),
);

test('a cell that plots shows its figure, and log_figure stores it on the run', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill(
      "import matplotlib.pyplot as plt\nimport mlflow\nfig, ax = plt.subplots()\nax.plot([0, 0.3, 1], [0, 0.8, 1], label='model')\nax.set_title('ROC curve')\nax.legend()\nwith mlflow.start_run(run_name='with-figure'):\n    mlflow.log_figure(fig, 'roc.svg')",
    );
    await cell(page, 1).press('Control+Enter');
    const img = output(page, 1).locator('img.figure');
    await img.waitFor();
    await waitUntil(() => img.evaluate((i) => i.complete && i.naturalWidth === 640), { what: 'the figure to render' });
    await expectText(saveStatus(page), 'Saved');
    await gotoReady(page, url('experiments'));
    await page.getByRole('link', { name: 'Default', exact: true }).click();
    await page.getByRole('link', { name: 'with-figure', exact: true }).click();
    await page.getByRole('navigation', { name: 'Artifact files' }).getByRole('button', { name: /^roc\.svg / }).click();
    const preview = page.locator('[data-testid=artifact-preview] img');
    await waitUntil(() => preview.evaluate((i) => i.complete && i.naturalWidth === 640), { what: 'the logged figure to render' });
  }),
);

test('notebooks are created, renamed, exported as Databricks source, imported back and deleted', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByLabel('New name', { exact: true }).fill('Churn lab');
    await page.getByRole('button', { name: 'Save name', exact: true }).click();
    await expectText(page.locator('[data-testid=notebook-name]'), 'Churn lab');
    await cell(page, 1).fill('%md\n# Churn lab\n- logs a run');
    await cell(page, 1).press('Shift+Enter');
    await expectText(output(page, 1).locator('h3'), 'Churn lab');
    await cell(page, 2).fill("print('hello from the lab')");

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export .py', exact: true }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'Churn_lab.py');
    const text = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
    assert.equal(
      text,
      "# Databricks notebook source\n# MAGIC %md\n# MAGIC # Churn lab\n# MAGIC - logs a run\n\n# COMMAND ----------\n\nprint('hello from the lab')\n",
    );

    await page.locator('#notebook-import').setInputFiles({ name: 'imported.py', mimeType: 'text/x-python', buffer: Buffer.from(text) });
    await expectText(page.locator('[data-testid=notebook-name]'), 'imported');
    assert.equal(await cell(page, 2).inputValue(), "print('hello from the lab')");
    await cell(page, 2).press('Control+Enter');
    await expectText(output(page, 2).locator('pre'), 'hello from the lab');

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete notebook', exact: true }).click();
    await waitUntil(async () => (await page.locator('#notebook-pick option').allTextContents()).join('|') === 'Scratch|Churn lab', { what: 'the imported notebook to be gone' });
  }),
);

test('a table output pages through its rows', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill(
      "import mlflow\nfor i in range(60):\n    with mlflow.start_run():\n        mlflow.log_metric('i', i)\nmlflow.search_runs(order_by=['metrics.i ASC'])",
    );
    await cell(page, 1).press('Control+Enter');
    const table = output(page, 1).locator('table.out-table');
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), 50);
    await expectText(output(page, 1).locator('.table-pager'), /^60 rows; showing 1–50/);
    await output(page, 1).getByRole('button', { name: 'Next rows', exact: true }).click();
    await waitUntil(async () => (await table.locator('tbody tr').count()) === 10, { what: 'the second page' });
    assert.ok(await output(page, 1).getByRole('button', { name: 'Next rows', exact: true }).isDisabled());
  }),
);

test('DataFrames: a Spark aggregation displays as a table; show() and pandas print text', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill(
      "from pyspark.sql import functions as F\ndf = spark.createDataFrame([(1, 'a', 2.0), (2, 'b', 4.0), (3, 'a', 6.0)], ['id', 'k', 'x'])\ndisplay(df.groupBy('k').agg(F.mean('x').alias('mean_x')))",
    );
    await cell(page, 1).press('Shift+Enter');
    const table = output(page, 1).locator('table.out-table');
    await table.waitFor();
    assert.deepEqual(await table.locator('thead th').allTextContents(), ['k', 'mean_x']);
    assert.deepEqual(await table.locator('tbody tr').first().locator('td').allTextContents(), ['a', '4.0']);

    await cell(page, 2).fill("df.filter(F.col('x') > 3).show()\nprint(df.toPandas()['x'].mean())");
    await cell(page, 2).press('Control+Enter');
    await expectText(
      output(page, 2).locator('pre'),
      '+---+---+---+\n| id|  k|  x|\n+---+---+---+\n|  2|  b|4.0|\n|  3|  a|6.0|\n+---+---+---+\n\n4.0',
    );
  }),
);

test('Run all runs the cells in order and Interrupt stops it before the next cell', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill("print('one')");
    await page.getByRole('button', { name: 'Add cell', exact: true }).click();
    await cell(page, 2).fill('total = 0\nfor i in range(1500000):\n    total += i\nprint(total)');
    await page.getByRole('button', { name: 'Add cell', exact: true }).click();
    await cell(page, 3).fill("print('three')");

    // Uninterrupted, every cell runs and the status says so.
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await expectText(page.getByTestId('run-status'), 'Ran 3 cells.');
    await expectText(output(page, 2).locator('pre'), '1124999250000');
    await expectText(output(page, 3).locator('pre'), 'three');

    // Interrupted while Run all is in progress: the Interrupt click is made as soon as the
    // first cell's output appears (cells run on the page's thread, so a click lands between
    // cells), and the second cell never starts.
    await page.getByRole('button', { name: 'Clear outputs', exact: true }).click();
    await page.evaluate(() => new Promise((resolve) => {
      const button = (name) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
      const first = document.querySelectorAll('li.cell')[0];
      const observer = new MutationObserver(() => {
        if (first.querySelector('[data-testid=cell-output]')?.textContent.includes('one')) {
          observer.disconnect();
          button('Interrupt').click();
          resolve();
        }
      });
      observer.observe(first, { subtree: true, childList: true, characterData: true });
      button('Run all').click();
    }));
    await expectText(page.getByTestId('run-status'), 'Interrupted: Run all stopped before cell 2 of 3.');
    assert.equal(await output(page, 2).count(), 0);
    assert.equal(await output(page, 3).count(), 0);
    assert.ok(await page.getByRole('button', { name: 'Run all', exact: true }).isEnabled());
  }),
);
